/**
 * What every part of the hardening suite reports: one or more rows of the table run.ts prints.
 * `failures` is the count that must be 0; `figure` is the measured value the issue asks for.
 */
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

/** A seeded generator (mulberry32), so a failing case can be reproduced from its index. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Milliseconds since `t0`, rounded. */
export const since = (t0: number): number => Math.round(performance.now() - t0);
