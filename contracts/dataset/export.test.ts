/**
 * The training-data export: only dev cases, the assembled messages plus the reference answer,
 * pairs from real stored answers (a suite run against the test server, with an API key and a
 * canary case), never a holdout or adversarial case, a key or a canary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { assemble, contractForTest } from "../assemble.ts";
import { createEndpointProfile } from "../client/profile.ts";
import { caseCanary } from "../eval/canary.ts";
import { planSuite } from "../eval/suite/plan.ts";
import { runSuite } from "../eval/suite/run.ts";
import type { CellResult, EvaluateFn } from "../eval/suite/types.ts";
import { parseContract } from "../parse.ts";
import { runCase } from "../run-case/run-case.ts";
import type { Contract } from "../schema/contract.ts";
import type { TestCase } from "../schema/tests.ts";
import { exportDataset, withReference } from "./export.ts";

const KEY = "sk-test-SECRET-KEY-123456";
/** A small JSON contract (the test server's minimal instance of its schema is valid). */
function smallTriage(): Contract {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "support-triage",
    name: "Triage",
    policy: { role: "You triage support tickets." },
    task: { instruction: "Triage this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true }],
    output: {
      kind: "json_schema",
      name: "triage",
      schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
    },
    model: { max_tokens: 8000 },
    tests: ["late-delivery", "refund-abroad", "spam"].map((id) => ({ id, variables: { ticket: `Ticket ${id}` } })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
const triage = smallTriage();

/** Triage with its cases split dev / holdout / adversarial, each with a reference answer, plus a canary case. */
function contractWithSplits(): Contract {
  const [a, b, c] = triage.tests as [TestCase, TestCase, TestCase];
  const ref = (t: TestCase, answer: string) => withReference(t, answer, "test");
  const leak: TestCase = { ...a, id: "leak-check", assertions: [{ type: "canary_not_leaked" } as TestCase["assertions"][number]] };
  return {
    ...triage,
    tests: [
      ref(a, '{"category":"delivery"}'),
      ref({ ...b, split: "holdout" }, "HOLDOUT-ANSWER"),
      ref({ ...c, split: "adversarial" }, "ADVERSARIAL-ANSWER"),
      { ...a, id: "unapproved" },
      leak,
    ],
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

/** Passes when the answer kept the output contract, so test-model passes and test-invalid fails. */
const evaluate: EvaluateFn = (_c, _t, r) => [{ pass: r.verdict === "kept", reason: r.verdict }];

async function cellsOf(contract: Contract, models: string[]): Promise<CellResult[]> {
  const profile = createEndpointProfile({ id: "local", name: "local", baseUrl: `${server.url}/v1` });
  const plan = planSuite({ contract, endpoints: models.map((model) => ({ profile, model })), now: 1 });
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  const stored = new Map<string, CellResult>();
  const out = await runSuite(plan.value, {
    send: runCase,
    evaluate,
    apiKeys: { local: KEY },
    store: { get: (id) => Promise.resolve(stored.get(id)), put: (r) => Promise.resolve(void stored.set(r.cellId, r)) },
  });
  return out.results;
}

describe("the dataset export", () => {
  it("writes dev cases with a reference answer as chat fine-tuning lines, and says why the others are out", () => {
    const c = contractWithSplits();
    const out = exportDataset(c);
    expect(out.approved).toBe(3);
    const lines = out.fineTuning.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(lines).toHaveLength(1);
    const { contract, inputs } = contractForTest(c, c.tests[0]!);
    expect(lines[0]!.messages).toEqual([
      ...assemble(contract, inputs, { countTokens: false }).request.messages,
      { role: "assistant", content: '{"category":"delivery"}' },
    ]);
    expect(out.excluded.fineTuning.map((e) => e.caseId)).toEqual([c.tests[1]!.id, c.tests[2]!.id]);
    expect(out.excluded.fineTuning[0]!.reason).toMatch(/^holdout case/);
    expect(out.fineTuning.name).toBe("support-triage.fine-tuning.jsonl");
    expect(out.fineTuning.text).not.toContain("HOLDOUT-ANSWER");
    expect(out.fineTuning.text).not.toContain("ADVERSARIAL-ANSWER");
  });

  it("pairs a passing and a failing stored answer of the same dev case; never a holdout case, a key or a canary", async () => {
    const c = contractWithSplits();
    // test-echo-system leaks the system prompt, canary included; test-invalid breaks the schema.
    const cells = await cellsOf(c, ["test-model", "test-invalid", "test-echo-system"]);
    const canary = caseCanary(c.id, c.tests[4]!)!;
    expect(cells.some((x) => x.run?.output.includes(canary))).toBe(true); // the leak really is in the results
    const out = exportDataset(c, cells);
    const pairs = out.preferences.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { prompt: unknown[]; chosen: { content: string }[]; rejected: { content: string }[] });
    // Every dev case (approved or not) has a pass (test-model) and a fail; the canary case's leaked answer is never one of them.
    expect(pairs).toHaveLength(3);
    for (const p of pairs) {
      expect(() => JSON.parse(p.chosen[0]!.content) as unknown).not.toThrow();
      expect(p.rejected[0]!.content).not.toBe(p.chosen[0]!.content);
      expect(p.prompt).toHaveLength(2);
    }
    const everything = out.fineTuning.text + out.preferences.text + JSON.stringify(out.excluded);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toMatch(/CSCANARY[0-9A-F]{16}/);
    for (const line of out.preferences.text.trimEnd().split("\n")) expect(line).not.toMatch(/Ticket (refund-abroad|spam)/);
    expect(out.excluded.preferences.filter((e) => /^(holdout|adversarial) case/.test(e.reason)).map((e) => e.caseId)).toEqual([c.tests[1]!.id, c.tests[2]!.id]);
  });

  it("gives empty files for a contract without approved cases or results", () => {
    const out = exportDataset(triage);
    expect([out.fineTuning.lines, out.preferences.lines, out.fineTuning.text, out.approved]).toEqual([0, 0, "", 0]);
  });
});
