import { describe, expect, it } from "vitest";
import { EndpointProfileSchema } from "../client/profile.ts";
import type { FetchLike } from "../client/run.ts";
import { TestCaseSchema } from "../schema/tests.ts";
import { testContract } from "../versions/test-contract.ts";
import { runResult } from "./assertions/fixtures.ts";
import { evaluateAssertions } from "./evaluate.ts";
import { endpointGrader } from "./grader.ts";

const profile = EndpointProfileSchema.parse({
  id: "g",
  name: "Grader",
  baseUrl: "http://127.0.0.1:9/v1",
  defaultModel: "grader-model",
  capabilities: { jsonSchema: false, streaming: false, usageInStream: false },
  prices: { inputPerMTok: 1, outputPerMTok: 2 },
});

function fakeFetch(content: string, status = 200) {
  const bodies: Record<string, unknown>[] = [];
  const fetch: FetchLike = async (_url, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    const body =
      status === 200
        ? { choices: [{ message: { content }, finish_reason: "stop" }], usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 } }
        : { error: { message: "bad" } };
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, bodies };
}

describe("a rubric graded through the endpoint client", () => {
  const tc = TestCaseSchema.parse({ id: "t", assertions: [{ type: "rubric", rubric: "Mentions the refund window." }] });

  it("sends the grader prompt to the grader model and counts its cost", async () => {
    const f = fakeFetch('{"score": 0.9, "reason": "Says 30 days."}');
    const grader = endpointGrader({ profile, io: { fetch: f.fetch, sleep: async () => {} } });
    const [rubric] = await evaluateAssertions(testContract(), tc, runResult('{"reply": "30 days"}'), { grader });
    expect(rubric).toMatchObject({ type: "rubric", pass: true, score: 0.9, reason: "scored 0.9 (pass at 0.7): Says 30 days." });
    expect(rubric!.costUsd).toBeCloseTo(0.002, 10); // 1000 in at $1/M + 500 out at $2/M
    expect(f.bodies[0]).toMatchObject({ model: "grader-model", response_format: { type: "json_object" }, temperature: 0 });
  });

  it("fails the assertion, saying why, when the grader endpoint fails", async () => {
    const f = fakeFetch("", 400);
    const grader = endpointGrader({ profile: { ...profile, retries: 0 }, io: { fetch: f.fetch, sleep: async () => {} } });
    const [rubric] = await evaluateAssertions(testContract(), tc, runResult("x"), { grader });
    expect(rubric).toMatchObject({ pass: false, score: 0, reason: expect.stringMatching(/^the grader failed: /) });
  });
});
