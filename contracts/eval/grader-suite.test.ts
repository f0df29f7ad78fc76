/**
 * A suite's rubric assertions graded by the grader its plan names (graderOptionsFor), over the
 * test server's test-grader: the grader's answer parsed as a grade, its cost counted in the
 * comparison's grading cost; without a grader the rubric fails saying it was not graded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { createEndpointProfile } from "../client/profile.ts";
import type { FetchLike } from "../client/run.ts";
import { parseContract } from "../parse.ts";
import { runCase } from "../run-case/run-case.ts";
import { NOT_GRADED } from "./assertions/rubric.ts";
import { compareTargets } from "./compare.ts";
import { graderOptionsFor } from "./grader.ts";
import { planSuite } from "./suite/plan.ts";
import { memoryCache } from "./suite/cache.ts";
import { runSuite } from "./suite/run.ts";
import type { CellResult, SuitePlan, SuiteProgress } from "./suite/types.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

function plan(withGrader: boolean): SuitePlan {
  const contract = parseContract({
    format: "contract-studio/contract@2",
    id: "parcels",
    name: "Parcels",
    policy: { role: "You answer parcel questions." },
    task: { instruction: "Answer: {{q}}" },
    variables: [{ name: "q", type: "string", required: true }],
    output: { kind: "text" },
    tests: [
      { id: "today", variables: { q: "It ships today." }, assertions: [{ type: "rubric", rubric: 'Says the parcel ships "today".' }] },
      { id: "monday", variables: { q: "It ships on Monday." }, assertions: [{ type: "rubric", rubric: 'Says the parcel ships "today".' }] },
    ],
  });
  if (!contract.ok) throw new Error(JSON.stringify(contract.errors));
  const answers = createEndpointProfile({ id: "answers", name: "Answers", baseUrl: `${server.url}/v1` });
  const grader = createEndpointProfile({ id: "grader", name: "Grader", baseUrl: `${server.url}/v1`, prices: { inputPerMTok: 1, outputPerMTok: 2 } });
  const p = planSuite({ contract: contract.value, endpoints: [{ profile: answers, model: "test-echo" }], id: withGrader ? "graded" : "ungraded", now: 0 });
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return withGrader ? { ...p.value, grader: { profile: grader, model: "test-grader" } } : p.value;
}

async function run(p: SuitePlan): Promise<CellResult[]> {
  const map = new Map<string, CellResult>();
  const store = { get: (id: string) => Promise.resolve(map.get(id)), put: (r: CellResult) => Promise.resolve(void map.set(r.cellId, r)) };
  const out = await runSuite(p, { send: runCase, store, evaluateOptions: graderOptionsFor(p, {}) });
  lastProgress = out.progress;
  return out.results;
}
let lastProgress: SuiteProgress | null = null;

const rubricOf = (r: CellResult) => r.assertions.find((a) => a.type === "rubric")!;

describe("a suite's rubric assertions", () => {
  it("are graded by the plan's grader: its grade parsed, its cost counted in the grading cost", async () => {
    const results = await run(plan(true));
    const today = results.find((r) => r.caseId === "today")!;
    const monday = results.find((r) => r.caseId === "monday")!;
    expect(rubricOf(today)).toMatchObject({ pass: true, score: 1, reason: 'scored 1 (pass at 0.7): the answer mentions "today"' });
    expect(rubricOf(monday)).toMatchObject({ pass: false, score: 0, reason: 'scored 0 (pass at 0.7): the answer does not mention "today"' });
    expect(rubricOf(today).costUsd).toBeGreaterThan(0);
    const side = { targetId: "draft", endpointId: today.endpointId };
    const all = compareTargets(results, side, side).splits.at(-1)!;
    const graded = (rubricOf(today).costUsd as number) + (rubricOf(monday).costUsd as number);
    expect(all.metrics.gradingCost.after).toBeCloseTo(graded, 12);
    // The suite's own cost counts the grading apart from the answers (this answer profile has no prices).
    expect(lastProgress!.gradingCostUsd).toBeCloseTo(graded, 12);
    expect(lastProgress!.costUsd).toBe(0);
  });

  it("rerun from the response cache, are not sent to the grader again", async () => {
    const cache = memoryCache();
    let graderCalls = 0;
    const counting: FetchLike = (url, init) => {
      if (String(init.body).includes('"test-grader"')) graderCalls++;
      return globalThis.fetch(url, init);
    };
    const p = plan(true);
    const once = async (id: string) => {
      const map = new Map<string, CellResult>();
      const store = { get: (k: string) => Promise.resolve(map.get(k)), put: (r: CellResult) => Promise.resolve(void map.set(r.cellId, r)) };
      const plan = { ...p, id };
      return runSuite(plan, {
        send: runCase,
        store,
        cache,
        io: { fetch: counting },
        evaluateOptions: graderOptionsFor(plan, {}, { fetch: counting }, undefined, cache),
      });
    };
    const first = await once("first");
    expect(graderCalls).toBe(2);
    const second = await once("second");
    expect(graderCalls).toBe(2);
    expect(second.results.map(rubricOf).map((a) => a.reason)).toEqual(first.results.map(rubricOf).map((a) => a.reason));
  });

  it("without a grader fail, saying they were not graded and why", async () => {
    const results = await run(plan(false));
    for (const r of results) {
      expect(rubricOf(r)).toMatchObject({ pass: false, reason: NOT_GRADED, costUsd: 0 });
      expect(r.passed).toBe(false);
    }
    expect(NOT_GRADED).toMatch(/^not graded: choose a grader endpoint and model/);
  });
});
