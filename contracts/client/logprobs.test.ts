/** Logprobs through the client: asked for, read from streamed and whole answers, absent when the endpoint sends none. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import type { ChatRequest } from "../assembly-types.ts";
import { createEndpointProfile } from "./profile.ts";
import { runChat, type FetchLike } from "./run.ts";
import { assemble } from "../assemble.ts";
import supportTriage from "../examples/support-triage.contract.json";
import { parseContract } from "../parse.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const profile = (baseUrl = `${server.url}/v1`) => createEndpointProfile({ id: "p", name: "t", baseUrl, timeouts: { firstByteMs: 2_000, idleMs: 2_000 } });
const request = (model: string, stream: boolean, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model,
  messages: [{ role: "user", content: "Total for order 42?" }],
  ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  logprobs: true,
  top_logprobs: 2,
  ...extra,
});

describe.each([true, false])("logprobs (stream %s)", (stream) => {
  it("come back one per token, adding up to the answer, with the alternatives asked for", async () => {
    const out = await runChat({ profile: profile(), request: request("test-logprobs+echo", stream) });
    expect(out.status).toBe("ok");
    expect(out.logprobs).not.toBeNull();
    expect(out.logprobs!.map((t) => t.t).join("")).toBe(out.output);
    expect(out.logprobs!.every((t) => t.top?.length === 2)).toBe(true);
    // The test server's rule: a token with a digit is a 4% guess.
    expect(out.output).toBe("Total for order 42?");
    const guess = out.logprobs!.find((t) => /\d/.test(t.t))!;
    expect(Math.exp(guess.lp)).toBeCloseTo(0.04);
  });
  it("are null when the endpoint ignores the request for them", async () => {
    const out = await runChat({ profile: profile(), request: request("test-model", stream) });
    expect(out.status).toBe("ok");
    expect(out.logprobs).toBeNull();
  });
});

it("reads llama.cpp's stream shape, including a first chunk with null content and byte tokens", async () => {
  // Recorded from llama-server de3ff81 with the tiny model (trimmed): each content chunk carries its own logprobs list.
  const events = [
    { choices: [{ finish_reason: null, index: 0, delta: { role: "assistant", content: null } }] },
    {
      choices: [
        {
          finish_reason: null,
          index: 0,
          delta: { content: "é" },
          logprobs: {
            content: [
              { id: 1, token: "�", bytes: [195], logprob: -0.1, top_logprobs: [] },
              { id: 2, token: "�", bytes: [169], logprob: -2.0, top_logprobs: [] },
            ],
          },
        },
      ],
    },
    { choices: [{ finish_reason: "length", index: 0, delta: {} }] },
  ];
  const body = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("") + "data: [DONE]\n\n";
  const fetchFn: FetchLike = async () => new Response(body, { headers: { "content-type": "text/event-stream" } });
  const out = await runChat({ profile: profile("http://fake.invalid/v1"), request: request("x", true), fetch: fetchFn });
  expect(out.output).toBe("é");
  expect(out.logprobs).toEqual([
    { t: "�", lp: -0.1, b: 1 },
    { t: "�", lp: -2, b: 1 },
  ]);
});

describe("asking for logprobs (model settings)", () => {
  const base = parseContract(supportTriage);
  if (!base.ok) throw new Error("example does not parse");
  const withModel = (model: Record<string, unknown>) => {
    const r = parseContract({ ...supportTriage, model: { ...supportTriage.model, ...model } });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
    return assemble(r.value, {}, { countTokens: false }).request;
  };
  it("sends logprobs and top_logprobs when the contract turns them on", () => {
    const req = withModel({ logprobs: true, top_logprobs: 3 });
    expect(req.logprobs).toBe(true);
    expect(req.top_logprobs).toBe(3);
  });
  it("sends neither by default, and never top_logprobs alone (OpenAI rejects it without logprobs)", () => {
    expect("logprobs" in assemble(base.value, {}, { countTokens: false }).request).toBe(false);
    const req = withModel({ top_logprobs: 3 });
    expect("logprobs" in req || "top_logprobs" in req).toBe(false);
  });
  it("rejects more alternatives than OpenAI allows, naming the field", () => {
    const r = parseContract({ ...supportTriage, model: { ...supportTriage.model, logprobs: true, top_logprobs: 21 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toBe("model.top_logprobs");
  });
});
