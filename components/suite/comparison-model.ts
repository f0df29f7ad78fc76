/**
 * The comparison's figures as rows of words (pure, so they are tested without a browser):
 * each measure with its value on both sides and the change in plain terms ("+5 points, more
 * kept the format", "−120 ms, faster"), and, when cases ran more than once, what the repeats
 * say: pass^k, pass@k and the cases whose repeats disagree (flaky).
 *
 * Whether a change is good is said only where it is plain: fewer errors, faster, cheaper,
 * fewer tokens, more answers in the format are better. More refusals or more "I don't know"
 * can be right or wrong (it depends on the cases), so those changes are shown without a tone.
 */
import type { MetricDelta, SplitComparison } from "../../contracts/eval/compare.ts";
import type { CaseRepeats } from "../../contracts/eval/summary.ts";
import { formatMs, formatUsd } from "../../contracts/format-figures.ts";

export type Tone = "better" | "worse" | "neutral" | "none";

export interface MetricRow {
  key: keyof SplitComparison["metrics"];
  label: string;
  before: string;
  after: string;
  /** "+5 points", "−120 ms", "no change", "—" when a side has no figure. */
  change: string;
  /** A word on the change ("faster", "more refusals"), or "" when there is none. */
  word: string;
  tone: Tone;
}

type Kind = "rate" | "ms" | "tokens" | "usd";
interface MetricSpec {
  key: keyof SplitComparison["metrics"];
  label: string;
  kind: Kind;
  /** +1: higher is better, −1: lower is better, 0: neither. */
  better: 1 | -1 | 0;
  up: string;
  down: string;
}

const SPECS: readonly MetricSpec[] = [
  { key: "schemaAdherence", label: "Answers that kept the output format", kind: "rate", better: 1, up: "more kept the format", down: "fewer kept the format" },
  { key: "refusalRate", label: "Answers that refused", kind: "rate", better: 0, up: "more refusals", down: "fewer refusals" },
  { key: "idkRate", label: "Answers that said “I don't know”", kind: "rate", better: 0, up: "more “I don't know”", down: "fewer “I don't know”" },
  { key: "errorRate", label: "Requests that got no answer (errors)", kind: "rate", better: -1, up: "more errors", down: "fewer errors" },
  { key: "latencyP50", label: "Time to answer, typical (median)", kind: "ms", better: -1, up: "slower", down: "faster" },
  { key: "latencyP95", label: "Time to answer, slow ones (95th percentile)", kind: "ms", better: -1, up: "slower", down: "faster" },
  { key: "latencyP99", label: "Time to answer, slowest (99th percentile)", kind: "ms", better: -1, up: "slower", down: "faster" },
  { key: "tokensPerAnswer", label: "Tokens per answer (prompt + reply)", kind: "tokens", better: -1, up: "more tokens", down: "fewer tokens" },
  { key: "costPerAnswer", label: "Cost per answer", kind: "usd", better: -1, up: "costlier", down: "cheaper" },
  { key: "totalCost", label: "Cost of the answers", kind: "usd", better: -1, up: "costlier", down: "cheaper" },
  { key: "gradingCost", label: "Cost of grading (rubric grader calls)", kind: "usd", better: -1, up: "costlier", down: "cheaper" },
];

const pct = (x: number) => `${Math.round(x * 100)}%`;

function value(kind: Kind, v: number | null): string {
  if (v === null) return "—";
  if (kind === "rate") return pct(v);
  if (kind === "ms") return formatMs(v);
  if (kind === "tokens") return String(Math.round(v));
  return formatUsd(v);
}

function change(kind: Kind, d: number): string {
  const sign = d > 0 ? "+" : "−";
  const a = Math.abs(d);
  if (kind === "rate") return `${sign}${Math.round(a * 100)} points`;
  if (kind === "ms") return `${sign}${formatMs(a)}`;
  if (kind === "tokens") return `${sign}${Math.round(a)} tokens`;
  return `${sign}${formatUsd(a)}`;
}

/** A change too small to show in the figure's own rounding counts as none. */
function negligible(kind: Kind, d: number): boolean {
  if (kind === "rate") return Math.round(Math.abs(d) * 100) === 0;
  if (kind === "ms" || kind === "tokens") return Math.round(Math.abs(d)) === 0;
  return Math.abs(d) < 1e-9;
}

function row(spec: MetricSpec, m: MetricDelta): MetricRow {
  const base = { key: spec.key, label: spec.label, before: value(spec.kind, m.before), after: value(spec.kind, m.after) };
  if (m.delta === null) return { ...base, change: "—", word: "", tone: "none" };
  if (negligible(spec.kind, m.delta)) return { ...base, change: "no change", word: "", tone: "none" };
  const up = m.delta > 0;
  const tone: Tone = spec.better === 0 ? "neutral" : (up ? 1 : -1) === spec.better ? "better" : "worse";
  return { ...base, change: change(spec.kind, m.delta), word: up ? spec.up : spec.down, tone };
}

/** Every measure of the split, in a fixed order; the grading cost only when a grader was paid. */
export function metricRows(split: Pick<SplitComparison, "metrics">): MetricRow[] {
  return SPECS.filter((s) => s.key !== "gradingCost" || split.metrics.gradingCost.before !== null || split.metrics.gradingCost.after !== null).map((s) =>
    row(s, split.metrics[s.key]),
  );
}

export interface CaseRepeatRow {
  caseId: string;
  /** "2 of 3 passed", or "not run" when the side has no answer for it. */
  before: string;
  after: string;
  beforeFlaky: boolean;
  afterFlaky: boolean;
}

export interface RepeatsModel {
  /** Repeats per case (the smallest over cases and both sides). */
  k: number;
  passHatK: { before: string; after: string; change: string };
  passAtK: { before: string; after: string; change: string };
  flaky: { before: number; after: number };
  /** Flaky cases first (on either side), then by id. */
  cases: CaseRepeatRow[];
}

const rateChange = (b: number | null, a: number | null) => (b === null || a === null ? "—" : negligible("rate", a - b) ? "no change" : change("rate", a - b));

/** What the repeats say, or null when every case ran once on both sides. */
export function repeatsModel(split: Pick<SplitComparison, "before" | "after">): RepeatsModel | null {
  const { before, after } = split;
  if (before.repeats <= 1 && after.repeats <= 1) return null;
  const k = Math.min(...[before.repeats, after.repeats].filter((r) => r > 0));
  const byId = (rows: CaseRepeats[]) => new Map(rows.map((r) => [r.caseId, r]));
  const b = byId(before.perCase);
  const a = byId(after.perCase);
  const ids = [...new Set([...b.keys(), ...a.keys()])];
  const text = (r: CaseRepeats | undefined) => (r ? `${r.passes} of ${r.runs} passed` : "not run");
  const cases = ids
    .map((caseId): CaseRepeatRow => ({
      caseId,
      before: text(b.get(caseId)),
      after: text(a.get(caseId)),
      beforeFlaky: b.get(caseId)?.flaky ?? false,
      afterFlaky: a.get(caseId)?.flaky ?? false,
    }))
    .sort(
      (x, y) => Number(y.beforeFlaky || y.afterFlaky) - Number(x.beforeFlaky || x.afterFlaky) || x.caseId.localeCompare(y.caseId, undefined, { numeric: true }),
    );
  const p = (x: number | null) => (x === null ? "—" : pct(x));
  return {
    k,
    passHatK: { before: p(before.passHatK), after: p(after.passHatK), change: rateChange(before.passHatK, after.passHatK) },
    passAtK: { before: p(before.passAtK), after: p(after.passAtK), change: rateChange(before.passAtK, after.passAtK) },
    flaky: { before: before.flakyCases, after: after.flakyCases },
    cases,
  };
}

/**
 * The verdict as one sentence naming both sides: "2.0.0 is worse than 1.0.0 (−60 points,
 * p = 0.031)", or "no detectable difference between 1.0.0 and 2.0.0 with 10 cases (…)".
 */
export function verdictSentence(verdict: SplitComparison["verdict"], beforeLabel: string, afterLabel: string): string {
  const { kind, text } = verdict;
  if (kind === "no_difference") {
    const rest = text.replace(/^no detectable difference\s*/, "");
    return `no detectable difference between ${beforeLabel} and ${afterLabel}${rest ? ` ${rest}` : ""}.`;
  }
  const rest = text.slice(kind.length).trim();
  return `${afterLabel} is ${kind} than ${beforeLabel}${rest ? ` ${rest}` : ""}.`;
}
