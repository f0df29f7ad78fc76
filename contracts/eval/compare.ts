/**
 * Two targets (versions, or models) compared on the same cases, paired case by case.
 *
 * - A case counts for the paired test only if both sides answered it. It "passes" on a side
 *   when every repeat passed there (so with one repeat, when its cell passed); a regression
 *   passed before and fails now, a fix the reverse. They are listed first.
 * - The exact McNemar test runs on the discordant cases; the bootstrap interval is of the mean
 *   per-case pass-rate difference (repeats count there), seeded so it does not move between
 *   renders.
 * - The verdict is "better" or "worse" only when McNemar's p is below alpha (0.05); otherwise
 *   "no detectable difference with N cases (the smallest change these cases can detect is
 *   about X points)", X from minimumDetectableDifference with the observed discordance.
 * - Every split is compared on its own, and all together under "all".
 */
import { bootstrapPairedDelta, mcnemarExact, minimumDetectableDifference, wilson, type Interval, type Percentiles } from "./stats.ts";
import { ALL_SPLITS, summarizeCells, type SummaryOptions, type SummaryRow } from "./summary.ts";
import type { CellResult } from "./suite/types.ts";

export interface ComparisonSide {
  targetId: string;
  endpointId: string;
}

export interface CaseChange {
  caseId: string;
  split: string;
  beforeRate: number;
  afterRate: number;
  /** Why it fails now (regression) or failed before (fix): the failing assertions' reasons, or the error. */
  reasons: string[];
}

export type ComparisonVerdictKind = "better" | "worse" | "no_difference";

export interface ComparisonVerdict {
  kind: ComparisonVerdictKind;
  /** The plain sentence shown to people. */
  text: string;
}

export interface MetricDelta {
  before: number | null;
  after: number | null;
  /** after − before, null when either is missing. */
  delta: number | null;
}

export interface SplitComparison {
  split: string;
  /** Cases answered on both sides. */
  pairedCases: number;
  regressions: CaseChange[];
  fixes: CaseChange[];
  before: SummaryRow;
  after: SummaryRow;
  /** Pass rate over the paired cases (a case passes when all its repeats passed), with Wilson intervals. */
  beforePassRate: Interval | null;
  afterPassRate: Interval | null;
  /** Mean paired difference of per-case pass rates, with its bootstrap 95% interval. */
  delta: Interval | null;
  mcnemarP: number;
  /** The smallest difference (share, 0.1 = 10 points) these cases detect at 80% power. */
  minimumDetectable: number;
  verdict: ComparisonVerdict;
  metrics: {
    schemaAdherence: MetricDelta;
    refusalRate: MetricDelta;
    idkRate: MetricDelta;
    errorRate: MetricDelta;
    latencyP50: MetricDelta;
    latencyP95: MetricDelta;
    latencyP99: MetricDelta;
    tokensPerAnswer: MetricDelta;
    costPerAnswer: MetricDelta;
    /** The answers' cost over the split. */
    totalCost: MetricDelta;
    /** The rubric graders' calls over the split (null: no grader call with a price). */
    gradingCost: MetricDelta;
  };
}

export interface Comparison {
  before: ComparisonSide;
  after: ComparisonSide;
  /** One per split present in either side (dev, holdout, adversarial …), then "all". */
  splits: SplitComparison[];
}

export interface CompareOptions extends SummaryOptions {
  alpha?: number;
  seed?: number;
  iterations?: number;
}

const points = (share: number) => Math.round(share * 100);

export function verdictOf(delta: number, p: number, n: number, minimumDetectable: number, alpha = 0.05): ComparisonVerdict {
  if (n > 0 && p < alpha) {
    const kind = delta > 0 ? "better" : "worse";
    return { kind, text: `${kind} (${delta > 0 ? "+" : "−"}${Math.abs(points(delta))} points, p = ${p < 0.001 ? "< 0.001" : p.toFixed(3)})` };
  }
  const cases = `${n} case${n === 1 ? "" : "s"}`;
  const smallest =
    minimumDetectable >= 1
      ? "these cases are too few to detect any change"
      : `the smallest change these cases can detect is about ${points(minimumDetectable)} points`;
  return { kind: "no_difference", text: `no detectable difference with ${cases} (${smallest})` };
}

function reasonsOf(cells: readonly CellResult[]): string[] {
  const out = new Set<string>();
  for (const c of cells) {
    if (c.notSent) out.add(c.notSent.message);
    else if (c.run && c.run.status !== "ok") out.add(c.run.error?.title ?? `the run ${c.run.status}`);
    for (const a of c.assertions) if (!a.pass) out.add(a.reason);
  }
  return [...out];
}

const d = (before: number | null | undefined, after: number | null | undefined): MetricDelta => ({
  before: before ?? null,
  after: after ?? null,
  delta: before === null || before === undefined || after === null || after === undefined ? null : after - before,
});
const est = (i: Interval | null) => i?.estimate ?? null;
const pct = (p: Percentiles, k: keyof Percentiles) => p[k];

function compareSplit(split: string, before: readonly CellResult[], after: readonly CellResult[], sides: Comparison, options: CompareOptions): SplitComparison {
  const byCase = (cells: readonly CellResult[]) => {
    const m = new Map<string, CellResult[]>();
    for (const c of cells) m.set(c.caseId, [...(m.get(c.caseId) ?? []), c]);
    return m;
  };
  const b = byCase(before);
  const a = byCase(after);
  const answered = (cells: CellResult[] | undefined) => (cells ?? []).filter((c) => c.run?.status === "ok");
  const regressions: CaseChange[] = [];
  const fixes: CaseChange[] = [];
  const pairs: { before: number; after: number }[] = [];
  let passBefore = 0;
  let passAfter = 0;
  for (const [caseId, cellsBefore] of b) {
    const ab = answered(cellsBefore);
    const aa = answered(a.get(caseId));
    if (!ab.length || !aa.length) continue;
    const rb = ab.filter((c) => c.passed).length / ab.length;
    const ra = aa.filter((c) => c.passed).length / aa.length;
    pairs.push({ before: rb, after: ra });
    const pb = rb === 1;
    const pa = ra === 1;
    if (pb) passBefore++;
    if (pa) passAfter++;
    const change = { caseId, split: cellsBefore[0]!.split, beforeRate: rb, afterRate: ra };
    if (pb && !pa) regressions.push({ ...change, reasons: reasonsOf(a.get(caseId)!) });
    if (!pb && pa) fixes.push({ ...change, reasons: reasonsOf(cellsBefore) });
  }
  const n = pairs.length;
  const p = mcnemarExact(regressions.length, fixes.length);
  const delta = bootstrapPairedDelta(pairs, { seed: options.seed ?? 1, iterations: options.iterations });
  const minimumDetectable = minimumDetectableDifference(n, { alpha: options.alpha, discordance: n ? (regressions.length + fixes.length) / n : 0 });
  const rowB = summarizeCells(before, { ...sides.before, split }, options);
  const rowA = summarizeCells(after, { ...sides.after, split }, options);
  // Worst first: the regression that lost the most.
  regressions.sort((x, y) => y.beforeRate - y.afterRate - (x.beforeRate - x.afterRate) || x.caseId.localeCompare(y.caseId, undefined, { numeric: true }));
  fixes.sort((x, y) => y.afterRate - y.beforeRate - (x.afterRate - x.beforeRate) || x.caseId.localeCompare(y.caseId, undefined, { numeric: true }));
  return {
    split,
    pairedCases: n,
    regressions,
    fixes,
    before: rowB,
    after: rowA,
    beforePassRate: wilson(passBefore, n),
    afterPassRate: wilson(passAfter, n),
    delta,
    mcnemarP: p,
    minimumDetectable,
    verdict: verdictOf((passAfter - passBefore) / (n || 1), p, n, minimumDetectable, options.alpha),
    metrics: {
      schemaAdherence: d(est(rowB.schemaAdherence), est(rowA.schemaAdherence)),
      refusalRate: d(est(rowB.refusalRate), est(rowA.refusalRate)),
      idkRate: d(est(rowB.idkRate), est(rowA.idkRate)),
      errorRate: d(est(rowB.errorRate), est(rowA.errorRate)),
      latencyP50: d(pct(rowB.latencyMs, "p50"), pct(rowA.latencyMs, "p50")),
      latencyP95: d(pct(rowB.latencyMs, "p95"), pct(rowA.latencyMs, "p95")),
      latencyP99: d(pct(rowB.latencyMs, "p99"), pct(rowA.latencyMs, "p99")),
      tokensPerAnswer: d(rowB.tokens.meanPerAnswer, rowA.tokens.meanPerAnswer),
      costPerAnswer: d(rowB.costUsd?.meanPerAnswer, rowA.costUsd?.meanPerAnswer),
      totalCost: d(rowB.costUsd?.total, rowA.costUsd?.total),
      gradingCost: d(rowB.gradingCostUsd, rowA.gradingCostUsd),
    },
  };
}

/** Compares `after` against `before` on the cases both ran, split by split and over all splits. */
export function compareTargets(results: readonly CellResult[], before: ComparisonSide, after: ComparisonSide, options: CompareOptions = {}): Comparison {
  const of = (s: ComparisonSide) => results.filter((r) => r.targetId === s.targetId && r.endpointId === s.endpointId);
  const cb = of(before);
  const ca = of(after);
  const order = (s: string) => ["dev", "holdout", "adversarial"].indexOf(s) + 1 || 50;
  const splits = [...new Set([...cb, ...ca].map((r) => r.split))].sort((x, y) => order(x) - order(y) || x.localeCompare(y));
  const sides: Comparison = { before, after, splits: [] };
  for (const split of splits)
    sides.splits.push(
      compareSplit(
        split,
        cb.filter((r) => r.split === split),
        ca.filter((r) => r.split === split),
        sides,
        options,
      ),
    );
  sides.splits.push(compareSplit(ALL_SPLITS, cb, ca, sides, options));
  return sides;
}
