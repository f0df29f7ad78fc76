/**
 * What a bench module returns: named figures, each a value and, when an issue sets one, the
 * target it is held to. bench/run.ts prints them as one table (bench, figure, value, target,
 * ok) and writes them to bench/results.json. A figure without a target is context (sizes,
 * medians beside the one that is judged, the machine's load).
 */
export type Value = number | string;

/** A bound on a number (`<`, `<=`, `>=`), or a value a string figure must equal (`=`). */
export type Target = { op: "<" | "<=" | ">=" | ">"; bound: number } | { op: "="; bound: string };

export interface Figure {
  value: Value;
  target?: Target;
}

export type Figures = Record<string, Value | Figure>;

export interface BenchOptions {
  /** Small sizes, few runs: CI runs it so a bench cannot rot; its timings are not judged. */
  quick: boolean;
}

export type Bench = (options: BenchOptions) => Promise<Figures>;

export const below = (value: number, bound: number): Figure => ({ value, target: { op: "<", bound } });
export const atMost = (value: number, bound: number): Figure => ({ value, target: { op: "<=", bound } });
export const atLeast = (value: number, bound: number): Figure => ({ value, target: { op: ">=", bound } });
export const is = (value: string, bound: string): Figure => ({ value, target: { op: "=", bound } });

export function asFigure(f: Value | Figure): Figure {
  return typeof f === "object" ? f : { value: f };
}

export function targetText(t: Target | undefined): string {
  return t ? `${t.op === "=" ? "" : `${t.op} `}${t.bound}` : "";
}

/** Whether the figure meets its target; null when it has none. */
export function meets(f: Figure): boolean | null {
  const t = f.target;
  if (!t) return null;
  if (t.op === "=") return f.value === t.bound;
  const v = typeof f.value === "number" ? f.value : Number.NaN;
  if (Number.isNaN(v)) return false;
  return t.op === "<" ? v < t.bound : t.op === "<=" ? v <= t.bound : t.op === ">" ? v > t.bound : v >= t.bound;
}
