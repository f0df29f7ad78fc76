/**
 * What every part of the hardening suite reports: one or more rows of the table run.ts prints.
 * `failures` is the count that must be 0; `figure` is the measured value the issue asks for.
 */
import { seededRandom } from "../../contracts/eval/stats.ts";

export interface Row {
  part: string;
  tried: string;
  count: number;
  failures: number;
  figure: string;
  ms: number;
  /** Up to a few examples of what failed, printed under the table. */
  samples?: string[];
}

export interface PartOptions {
  quick: boolean;
}

/** A seeded generator (the statistics' mulberry32), so a failing case can be reproduced from its index. */
export const prng = seededRandom;

export const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Milliseconds since `t0`, rounded. */
export const since = (t0: number): number => Math.round(performance.now() - t0);
