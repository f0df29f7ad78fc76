/** The comparison in words: measures with their changes, what repeats say, the verdict sentence. */
import { describe, expect, it } from "vitest";
import { runResult } from "../../contracts/eval/assertions/fixtures.ts";
import { compareTargets, type MetricDelta, type SplitComparison } from "../../contracts/eval/compare.ts";
import type { CellResult } from "../../contracts/eval/suite/types.ts";
import { metricRows, repeatsModel, verdictSentence } from "./comparison-model.ts";

const none: MetricDelta = { before: null, after: null, delta: null };
const m = (before: number, after: number): MetricDelta => ({ before, after, delta: after - before });
const metrics = (edit: Partial<SplitComparison["metrics"]>): Pick<SplitComparison, "metrics"> => ({
  metrics: {
    schemaAdherence: none,
    refusalRate: none,
    idkRate: none,
    errorRate: none,
    latencyP50: none,
    latencyP95: none,
    latencyP99: none,
    tokensPerAnswer: none,
    costPerAnswer: none,
    totalCost: none,
    gradingCost: none,
    ...edit,
  },
});

describe("the comparison's measures", () => {
  it("word each change and say which way is better where it is plain", () => {
    const rows = metricRows(
      metrics({
        schemaAdherence: m(0.9, 0.6),
        refusalRate: m(0.1, 0.2),
        latencyP50: m(800, 680),
        latencyP99: m(1000, 1500),
        tokensPerAnswer: m(120, 120.2),
        costPerAnswer: m(0.002, 0.001),
      }),
    );
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by.schemaAdherence).toMatchObject({ before: "90%", after: "60%", change: "−30 points", word: "fewer kept the format", tone: "worse" });
    // More refusals can be right or wrong: no tone.
    expect(by.refusalRate).toMatchObject({ change: "+10 points", word: "more refusals", tone: "neutral" });
    expect(by.latencyP50).toMatchObject({ before: "800 ms", after: "680 ms", change: "−120 ms", word: "faster", tone: "better" });
    expect(by.latencyP99).toMatchObject({ after: "1.50 s", change: "+500 ms", word: "slower", tone: "worse" });
    expect(by.tokensPerAnswer).toMatchObject({ change: "no change", tone: "none" });
    expect(by.costPerAnswer).toMatchObject({ before: "$0.002", after: "$0.001", change: "−$0.001", word: "cheaper", tone: "better" });
    expect(by.idkRate).toMatchObject({ before: "—", after: "—", change: "—", tone: "none" });
  });

  it("list every measure in a fixed order, the grading cost only when a grader was paid", () => {
    expect(metricRows(metrics({})).map((r) => r.key)).toEqual([
      "schemaAdherence",
      "refusalRate",
      "idkRate",
      "errorRate",
      "latencyP50",
      "latencyP95",
      "latencyP99",
      "tokensPerAnswer",
      "costPerAnswer",
      "totalCost",
    ]);
    const graded = metricRows(metrics({ gradingCost: { before: null, after: 0.0004, delta: null } }));
    expect(graded.at(-1)).toMatchObject({ key: "gradingCost", before: "—", after: "$0.0004", change: "—" });
  });
});

function cell(caseId: string, targetId: string, repeat: number, pass: boolean): CellResult {
  return {
    cellId: `${caseId}/${targetId}/${repeat}`,
    suiteId: "s",
    caseId,
    split: "dev",
    targetId,
    endpointId: "e",
    repeat,
    contractHash: "h",
    model: "m",
    parameters: { enforcement: null, temperature: null, top_p: null, max_tokens: null, seed: null },
    run: runResult(pass ? "ok" : "bad"),
    notSent: null,
    assertions: [{ pass, reason: pass ? "fine" : "wrong" }],
    passed: pass,
    cached: false,
    attempts: 1,
    finishedAt: 0,
  };
}

/** Each case's outcomes per repeat on v1 and v2. */
function compared(spec: Record<string, { v1: boolean[]; v2: boolean[] }>) {
  const cells = Object.entries(spec).flatMap(([id, s]) => [...s.v1.map((p, i) => cell(id, "v1", i, p)), ...s.v2.map((p, i) => cell(id, "v2", i, p))]);
  return compareTargets(cells, { targetId: "v1", endpointId: "e" }, { targetId: "v2", endpointId: "e" }).splits.at(-1)!;
}

describe("what repeats say", () => {
  it("nothing when every case ran once", () => {
    expect(repeatsModel(compared({ a: { v1: [true], v2: [false] } }))).toBeNull();
  });

  it("pass^k, pass@k and flaky cases on both sides, flaky cases first", () => {
    const s = compared({
      a: { v1: [true, true, true], v2: [true, true, true] },
      b: { v1: [true, true, true], v2: [true, false, true] },
      c: { v1: [false, false, false], v2: [false, false, false] },
      d: { v1: [true, false, false], v2: [true, true, true] },
    });
    const r = repeatsModel(s)!;
    expect(r.k).toBe(3);
    // pass^3: a, b on v1 (2 of 4); a, d on v2 (2 of 4).
    expect(r.passHatK).toEqual({ before: "50%", after: "50%", change: "no change" });
    // pass@3: a, b, d on v1 and on v2 (3 of 4).
    expect(r.passAtK).toEqual({ before: "75%", after: "75%", change: "no change" });
    expect(r.flaky).toEqual({ before: 1, after: 1 });
    expect(r.cases.map((c) => c.caseId)).toEqual(["b", "d", "a", "c"]);
    expect(r.cases[0]).toEqual({ caseId: "b", before: "3 of 3 passed", after: "2 of 3 passed", beforeFlaky: false, afterFlaky: true });
    expect(r.cases[1]).toMatchObject({ caseId: "d", before: "1 of 3 passed", beforeFlaky: true, afterFlaky: false });
    // The regression (b) and the fix (d) are what the paired test counts.
    expect(s.regressions.map((x) => x.caseId)).toEqual(["b"]);
    expect(s.fixes.map((x) => x.caseId)).toEqual(["d"]);
  });

  it("a change in pass^k is worded in points", () => {
    const r = repeatsModel(compared({ a: { v1: [true, true], v2: [true, false] }, b: { v1: [true, true], v2: [true, true] } }))!;
    expect(r.passHatK).toEqual({ before: "100%", after: "50%", change: "−50 points" });
  });
});

describe("the verdict sentence", () => {
  it("names both sides, in plain order", () => {
    expect(verdictSentence({ kind: "worse", text: "worse (−60 points, p = 0.031)" }, "1.0.0", "2.0.0")).toBe(
      "2.0.0 is worse than 1.0.0 (−60 points, p = 0.031).",
    );
    expect(
      verdictSentence(
        { kind: "no_difference", text: "no detectable difference with 10 cases (the smallest change these cases can detect is about 35 points)" },
        "1.0.0",
        "2.0.0",
      ),
    ).toBe("no detectable difference between 1.0.0 and 2.0.0 with 10 cases (the smallest change these cases can detect is about 35 points).");
  });
});

describe("case order", () => {
  it("is natural: case-2 before case-10, in the per-case table and the regressions", () => {
    const s = compared({ "case-10": { v1: [true, true], v2: [false, false] }, "case-2": { v1: [true, true], v2: [false, false] } });
    expect(repeatsModel(s)!.cases.map((c) => c.caseId)).toEqual(["case-2", "case-10"]);
    expect(s.regressions.map((r) => r.caseId)).toEqual(["case-2", "case-10"]);
  });
});
