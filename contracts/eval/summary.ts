/**
 * Summary figures of a set of cell results: one row per target × endpoint/model × split (and
 * the splits together as "all"). The suite view, the comparison, the dashboard and the CLI's
 * summary table all read these rows, so they show the same numbers.
 *
 * Definitions (said once, here):
 * - pass rate: cells that passed / cells answered (run ended ok). Cells with an endpoint error
 *   or that could not be sent are not answers; they count in the error rate instead. With
 *   repeats the Wilson interval treats every run as one trial, which understates the
 *   uncertainty when repeats of a case agree with each other; pass@k / pass^k and the flaky
 *   count say how repeats behave.
 * - schema adherence: answers that kept the output contract / answers checked (kept + broken).
 * - refusal and "I don't know" rates: over answers, by `classify`: heuristics.ts's detectors
 *   (the endpoint's refusal field, common phrases), with each target's own refusal style and
 *   unknown answer when the caller passes classifyForPlan(plan).
 * - latency: the answering attempt's latencyMs (a cache hit reports the call that filled it),
 *   percentiles by type 7 (stats.ts).
 * - cost: what the answers cost (profiles with prices); grading cost: what the rubric graders'
 *   calls cost (each assertion outcome's costUsd), so the suite's cost is both added up.
 */
import type { Policy } from "../schema/policy.ts";
import { detectRefusal, detectUnknown } from "./heuristics.ts";
import type { CellResult, SuitePlan } from "./suite/types.ts";
import { isFlaky, passAtK, passHatK, percentiles, wilson, type Interval, type Percentiles } from "./stats.ts";

export const ALL_SPLITS = "all";

export interface Classification {
  refusal: boolean;
  idk: boolean;
}
export type Classify = (result: CellResult) => Classification;

/**
 * Refusal and "I don't know" by the documented heuristics (heuristics.ts), checked against each
 * target's own refusal style and unknown answer when `policyOf` knows them (classifyForPlan).
 */
export function classifyWith(policyOf: (targetId: string) => Pick<Policy, "refusalStyle" | "unknownAnswer"> | undefined): Classify {
  return (r) => {
    const policy = policyOf(r.targetId);
    const text = r.run?.output ?? "";
    return {
      refusal: r.run?.verdict === "refused" || detectRefusal({ text, refusalStyle: policy?.refusalStyle ?? "", modelRefusal: r.run?.refusal }).detected,
      idk: detectUnknown({ text, unknownAnswer: policy?.unknownAnswer ?? "" }).detected,
    };
  };
}

/** The common phrases only (no contract at hand). */
export const defaultClassify: Classify = classifyWith(() => undefined);

/** Each target's own refusal style and unknown answer, from the bodies the plan ran. */
export function classifyForPlan(plan: Pick<SuitePlan, "targets">): Classify {
  const policies = new Map(plan.targets.map((t) => [t.id, t.body.policy]));
  return classifyWith((id) => policies.get(id));
}

export interface CaseRepeats {
  caseId: string;
  split: string;
  runs: number;
  passes: number;
  rate: number;
  flaky: boolean;
}

export interface SummaryRow {
  targetId: string;
  endpointId: string;
  split: string;
  cells: number;
  cases: number;
  answered: number;
  passed: number;
  errors: number;
  cached: number;
  passRate: Interval | null;
  schemaAdherence: Interval | null;
  refusalRate: Interval | null;
  idkRate: Interval | null;
  errorRate: Interval | null;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
  tokens: { prompt: number; completion: number; total: number; meanPerAnswer: number | null };
  /** Null when no answer had a price (the profile has no prices). */
  costUsd: { total: number; meanPerAnswer: number } | null;
  /** What the rubric graders' calls cost (null when no grader call had a price); not in costUsd. */
  gradingCostUsd: number | null;
  /** Repeats per case (the smallest over cases); pass@k and pass^k at that k, averaged over cases. */
  repeats: number;
  passAtK: number | null;
  passHatK: number | null;
  flakyCases: number;
  perCase: CaseRepeats[];
}

export interface SummaryOptions {
  classify?: Classify;
}

function rate(k: number, n: number): Interval | null {
  return wilson(k, n);
}

/** The figures of one group of cells (same target and endpoint; one split or all). */
export function summarizeCells(
  cells: readonly CellResult[],
  key: { targetId: string; endpointId: string; split: string },
  options: SummaryOptions = {},
): SummaryRow {
  const classify = options.classify ?? defaultClassify;
  const answered = cells.filter((c) => c.run?.status === "ok");
  const passed = answered.filter((c) => c.passed).length;
  const checked = answered.filter((c) => c.run!.verdict === "kept" || c.run!.verdict === "broken");
  const kept = checked.filter((c) => c.run!.verdict === "kept").length;
  const classes = answered.map(classify);
  const latencies = answered.map((c) => c.run!.timings.latencyMs);
  const ttfts = answered.flatMap((c) => (c.run!.timings.ttftMs === null ? [] : [c.run!.timings.ttftMs]));
  let prompt = 0;
  let completion = 0;
  let cost = 0;
  let priced = 0;
  for (const c of answered) {
    prompt += c.run!.usage.promptTokens;
    completion += c.run!.usage.completionTokens;
    if (c.run!.cost) {
      cost += c.run!.cost.totalUsd;
      priced++;
    }
  }

  let grading = 0;
  let gradingPriced = 0;
  for (const c of cells)
    for (const a of c.assertions) {
      const usd = (a as { costUsd?: unknown }).costUsd;
      if (typeof usd === "number" && usd > 0) {
        grading += usd;
        gradingPriced++;
      }
    }

  const byCase = new Map<string, CaseRepeats>();
  for (const c of answered) {
    const r = byCase.get(c.caseId) ?? { caseId: c.caseId, split: c.split, runs: 0, passes: 0, rate: 0, flaky: false };
    r.runs++;
    if (c.passed) r.passes++;
    byCase.set(c.caseId, r);
  }
  const outcomes = new Map<string, boolean[]>();
  for (const c of answered) outcomes.set(c.caseId, [...(outcomes.get(c.caseId) ?? []), c.passed]);
  const perCase = [...byCase.values()].map((r) => ({ ...r, rate: r.passes / r.runs, flaky: isFlaky(outcomes.get(r.caseId) ?? []) }));
  const k = perCase.length ? Math.min(...perCase.map((r) => r.runs)) : 0;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

  return {
    ...key,
    cells: cells.length,
    cases: new Set(cells.map((c) => c.caseId)).size,
    answered: answered.length,
    passed,
    errors: cells.length - answered.length,
    cached: cells.filter((c) => c.cached).length,
    passRate: rate(passed, answered.length),
    schemaAdherence: rate(kept, checked.length),
    refusalRate: rate(classes.filter((c) => c.refusal).length, answered.length),
    idkRate: rate(classes.filter((c) => c.idk).length, answered.length),
    errorRate: rate(cells.length - answered.length, cells.length),
    latencyMs: percentiles(latencies),
    ttftMs: percentiles(ttfts),
    tokens: { prompt, completion, total: prompt + completion, meanPerAnswer: answered.length ? (prompt + completion) / answered.length : null },
    costUsd: priced ? { total: cost, meanPerAnswer: cost / priced } : null,
    gradingCostUsd: gradingPriced ? grading : null,
    repeats: k,
    passAtK: k ? mean(perCase.map((r) => passAtK(r.runs, r.passes, k))) : null,
    passHatK: k ? mean(perCase.map((r) => passHatK(r.runs, r.passes, k))) : null,
    flakyCases: perCase.filter((r) => r.flaky).length,
    perCase,
  };
}

/**
 * One row per target × endpoint × split, plus that target × endpoint over all splits (split
 * "all"), in the order the results first name them. Splits are sorted dev, holdout,
 * adversarial, then any other, then "all".
 */
export function summarize(results: readonly CellResult[], options: SummaryOptions = {}): SummaryRow[] {
  const groups = new Map<string, { targetId: string; endpointId: string; split: string; cells: CellResult[] }>();
  const add = (r: CellResult, split: string) => {
    const id = JSON.stringify([r.targetId, r.endpointId, split]);
    const g = groups.get(id) ?? { targetId: r.targetId, endpointId: r.endpointId, split, cells: [] };
    g.cells.push(r);
    groups.set(id, g);
  };
  for (const r of results) {
    add(r, r.split);
    add(r, ALL_SPLITS);
  }
  // Every cell is in two groups (its split and "all"): classify it once (the detectors are regexes over the answer).
  const classify = options.classify ?? defaultClassify;
  const seen = new WeakMap<CellResult, Classification>();
  const once: Classify = (r) => {
    let c = seen.get(r);
    if (!c) seen.set(r, (c = classify(r)));
    return c;
  };
  const order = (s: string) => (s === ALL_SPLITS ? 99 : ["dev", "holdout", "adversarial"].indexOf(s) + 1 || 50);
  const columns: string[] = [];
  for (const g of groups.values()) {
    const col = JSON.stringify([g.targetId, g.endpointId]);
    if (!columns.includes(col)) columns.push(col);
  }
  return [...groups.values()]
    .sort((a, b) => {
      const ca = columns.indexOf(JSON.stringify([a.targetId, a.endpointId]));
      const cb = columns.indexOf(JSON.stringify([b.targetId, b.endpointId]));
      return ca - cb || order(a.split) - order(b.split) || a.split.localeCompare(b.split);
    })
    .map((g) => summarizeCells(g.cells, g, { ...options, classify: once }));
}
