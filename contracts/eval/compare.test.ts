/** Summary rows and the paired comparison over hand-built cell results (the runner is tested on its own). */
import { describe, expect, it } from "vitest";
import type { RunResult } from "../run-case/result.ts";
import { compareTargets, verdictOf } from "./compare.ts";
import { mcnemarExact, minimumDetectableDifference } from "./stats.ts";
import { classifyWith, summarize } from "./summary.ts";
import type { CellResult } from "./suite/types.ts";

interface CellSpec {
  caseId: string;
  targetId: string;
  split?: string;
  pass?: boolean;
  repeat?: number;
  verdict?: RunResult["verdict"];
  status?: RunResult["status"];
  output?: string;
  latencyMs?: number;
  costUsd?: number;
}

function cell(s: CellSpec): CellResult {
  const status = s.status ?? "ok";
  const run: RunResult = {
    caseId: s.caseId,
    contractHash: "h",
    outputKind: "json_schema",
    enforcement: "json_schema",
    request: { model: "m", messages: [] },
    status,
    verdict: s.verdict ?? (status === "ok" ? "kept" : "not_checked"),
    model: "m",
    output: s.output ?? "{}",
    refusal: s.verdict === "refused" ? "I can't help with that." : null,
    finishReason: "stop",
    httpStatus: status === "ok" ? 200 : 500,
    attempts: 1,
    retries: [],
    timings: { startedAt: 0, ttftMs: 10, latencyMs: s.latencyMs ?? 100, totalMs: s.latencyMs ?? 100, outputTokensPerSec: null },
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    usageSource: "endpoint",
    cost: s.costUsd === undefined ? null : { inputUsd: 0, outputUsd: s.costUsd, totalUsd: s.costUsd },
    validation: null,
    error: status === "ok" ? null : { kind: "server", status: 500, title: "The endpoint failed (500)", explanation: "", advice: [], retryable: true },
  };
  const pass = s.pass ?? true;
  return {
    cellId: `${s.caseId}/${s.targetId}/${s.repeat ?? 0}`,
    suiteId: "s",
    caseId: s.caseId,
    split: s.split ?? "dev",
    targetId: s.targetId,
    endpointId: "e",
    repeat: s.repeat ?? 0,
    contractHash: "h",
    model: "m",
    parameters: { enforcement: "json_schema", temperature: null, top_p: null, max_tokens: null, seed: null },
    run,
    notSent: null,
    assertions: [{ pass: pass && status === "ok", reason: pass ? "contains 'refund'" : `missing 'refund' in ${s.caseId}` }],
    passed: pass && status === "ok",
    cached: false,
    attempts: 1,
    finishedAt: 0,
  };
}

const before = { targetId: "v1", endpointId: "e" };
const after = { targetId: "v2", endpointId: "e" };

describe("compareTargets", () => {
  it("lists a planted regression first, calls the change worse, and shows each split apart", () => {
    const results: CellResult[] = [];
    for (let i = 0; i < 40; i++) {
      const split = i < 20 ? "dev" : "holdout";
      results.push(cell({ caseId: `c${i}`, targetId: "v1", split }));
      // v2 breaks ten holdout cases.
      results.push(cell({ caseId: `c${i}`, targetId: "v2", split, pass: !(i >= 25 && i < 35) }));
    }
    const cmp = compareTargets(results, before, after);
    expect(cmp.splits.map((s) => s.split)).toEqual(["dev", "holdout", "all"]);
    const [dev, holdout, all] = cmp.splits;
    expect(dev!.regressions).toEqual([]);
    expect(dev!.verdict.kind).toBe("no_difference");
    expect(holdout!.regressions.map((r) => r.caseId)).toEqual(["c25", "c26", "c27", "c28", "c29", "c30", "c31", "c32", "c33", "c34"]);
    expect(holdout!.regressions[0]!.reasons).toEqual(["missing 'refund' in c25"]);
    // 10 discordant, all one way: p = 2 · 0.5^10.
    expect(all!.mcnemarP).toBeCloseTo(2 / 1024, 12);
    expect(all!.verdict).toEqual({ kind: "worse", text: "worse (−25 points, p = 0.002)" });
    expect(all!.beforePassRate!.estimate).toBe(1);
    expect(all!.afterPassRate!.estimate).toBe(0.75);
    expect(all!.delta!.estimate).toBeCloseTo(-0.25, 12);
    expect(all!.delta!.upper).toBeLessThan(0);
  });

  it("calls noise no detectable difference and says the smallest change the cases can see", () => {
    const results: CellResult[] = [];
    for (let i = 0; i < 40; i++) {
      results.push(cell({ caseId: `c${i}`, targetId: "v1", pass: i !== 0 && i !== 1 }));
      results.push(cell({ caseId: `c${i}`, targetId: "v2", pass: i !== 2 && i !== 3 }));
    }
    const all = compareTargets(results, before, after).splits.at(-1)!;
    expect(all.regressions.map((r) => r.caseId)).toEqual(["c2", "c3"]);
    expect(all.fixes.map((r) => r.caseId)).toEqual(["c0", "c1"]);
    expect(all.mcnemarP).toBe(1);
    const x = Math.round(minimumDetectableDifference(40, { discordance: 4 / 40 }) * 100);
    expect(all.verdict).toEqual({
      kind: "no_difference",
      text: `no detectable difference with 40 cases (the smallest change these cases can detect is about ${x} points)`,
    });
    expect(x).toBeGreaterThan(5);
    expect(x).toBeLessThan(40);
  });

  it("pairs only cases answered on both sides, and with repeats a case passes only when every repeat did", () => {
    const results = [
      cell({ caseId: "a", targetId: "v1", repeat: 0 }),
      cell({ caseId: "a", targetId: "v1", repeat: 1 }),
      cell({ caseId: "a", targetId: "v2", repeat: 0 }),
      cell({ caseId: "a", targetId: "v2", repeat: 1, pass: false }),
      cell({ caseId: "b", targetId: "v1" }),
      cell({ caseId: "b", targetId: "v2", status: "failed" }),
    ];
    const all = compareTargets(results, before, after).splits.at(-1)!;
    expect(all.pairedCases).toBe(1);
    expect(all.regressions).toEqual([{ caseId: "a", split: "dev", beforeRate: 1, afterRate: 0.5, reasons: ["missing 'refund' in a"] }]);
    expect(all.metrics.errorRate).toEqual({ before: 0, after: 1 / 3, delta: 1 / 3 });
  });

  it("adds up the answers' cost and, apart, what the rubric graders cost", () => {
    const graded = (c: CellResult, usd: number): CellResult => ({ ...c, assertions: [...c.assertions, { pass: true, reason: "scored 1", costUsd: usd }] });
    const results = [
      cell({ caseId: "a", targetId: "v1", costUsd: 0.01 }),
      cell({ caseId: "b", targetId: "v1", costUsd: 0.03 }),
      graded(cell({ caseId: "a", targetId: "v2", costUsd: 0.02 }), 0.001),
      graded(cell({ caseId: "b", targetId: "v2", costUsd: 0.02 }), 0.002),
    ];
    const all = compareTargets(results, before, after).splits.at(-1)!;
    expect(all.metrics.totalCost.before).toBeCloseTo(0.04);
    expect(all.metrics.totalCost.after).toBeCloseTo(0.04);
    expect(all.metrics.costPerAnswer.after).toBeCloseTo(0.02);
    expect(all.metrics.gradingCost.before).toBeNull();
    expect(all.metrics.gradingCost.after).toBeCloseTo(0.003);
    expect(all.metrics.gradingCost.delta).toBeNull();
  });

  it("says a handful of cases cannot detect anything", () => {
    expect(verdictOf(0, mcnemarExact(1, 0), 2, minimumDetectableDifference(2)).text).toBe(
      "no detectable difference with 2 cases (these cases are too few to detect any change)",
    );
  });
});

describe("summarize", () => {
  it("gives rates with intervals, latency percentiles, tokens and cost, per split and over all", () => {
    const results = [
      cell({ caseId: "a", targetId: "v1", split: "dev", latencyMs: 100, costUsd: 0.01 }),
      cell({ caseId: "b", targetId: "v1", split: "dev", verdict: "broken", pass: false, latencyMs: 200, costUsd: 0.03 }),
      cell({ caseId: "c", targetId: "v1", split: "holdout", verdict: "refused", latencyMs: 300 }),
      cell({ caseId: "d", targetId: "v1", split: "holdout", output: "I don't know.", latencyMs: 400 }),
      cell({ caseId: "e", targetId: "v1", split: "holdout", status: "failed" }),
    ];
    const rows = summarize(results);
    expect(rows.map((r) => r.split)).toEqual(["dev", "holdout", "all"]);
    const all = rows[2]!;
    expect(all).toMatchObject({ cells: 5, cases: 5, answered: 4, passed: 3, errors: 1 });
    expect(all.passRate!.estimate).toBe(0.75);
    // Refused answers are not checked against the schema: 2 kept (a, d) of 3 checked.
    expect(all.schemaAdherence!.estimate).toBeCloseTo(2 / 3, 12);
    expect(all.refusalRate!.estimate).toBe(0.25);
    expect(all.idkRate!.estimate).toBe(0.25);
    expect(all.errorRate!.estimate).toBe(0.2);
    // Type 7 over 100, 200, 300, 400: p50 = 250, p95 = 100 + 0.95·3·100 = 385.
    expect(all.latencyMs.p50).toBe(250);
    expect(all.latencyMs.p95).toBeCloseTo(385, 9);
    expect(all.tokens).toEqual({ prompt: 40, completion: 20, total: 60, meanPerAnswer: 15 });
    expect(all.costUsd!.total).toBeCloseTo(0.04, 12);
  });

  it("counts refusals in the target's own refusal words when the policy is known", () => {
    const results = [
      cell({ caseId: "a", targetId: "v1", output: "I can only help with billing questions." }),
      cell({ caseId: "b", targetId: "v1", output: "Your parcel ships tomorrow." }),
    ];
    expect(summarize(results).at(-1)!.refusalRate!.estimate).toBe(0);
    const own = classifyWith(() => ({ refusalStyle: 'Say "I can only help with billing questions."', unknownAnswer: "" }));
    expect(summarize(results, { classify: own }).at(-1)!.refusalRate!.estimate).toBe(0.5);
  });

  it("with repeats: pass@k, pass^k and flaky cases", () => {
    const results = [0, 1, 2].flatMap((repeat) => [
      cell({ caseId: "steady", targetId: "v1", repeat }),
      cell({ caseId: "shaky", targetId: "v1", repeat, pass: repeat !== 1 }),
    ]);
    const all = summarize(results).at(-1)!;
    expect(all.repeats).toBe(3);
    expect(all.flakyCases).toBe(1);
    // pass@3: both cases have a pass in 3 → 1; pass^3: steady 1, shaky 0 → 0.5.
    expect(all.passAtK).toBe(1);
    expect(all.passHatK).toBe(0.5);
    expect(all.perCase.find((c) => c.caseId === "shaky")).toMatchObject({ runs: 3, passes: 2, flaky: true });
  });
});
