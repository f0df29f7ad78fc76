/** The statistics against known values; where each value comes from is said beside it. */
import { describe, expect, it } from "vitest";
import {
  bootstrapPairedDelta,
  isFlaky,
  mcnemarExact,
  minimumDetectableDifference,
  normalQuantile,
  passAtK,
  passHatK,
  percentile,
  percentiles,
  seededRandom,
  wilson,
} from "./stats.ts";

describe("wilson", () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison
  // of seven methods", Statistics in Medicine 17:857-872, Table II, method 3 (score, no CC).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i gives %f to %f (Newcombe 1998)", (x, n, lower, upper) => {
    const w = wilson(x, n)!;
    expect(w.estimate).toBeCloseTo(x / n, 12);
    expect(w.lower).toBeCloseTo(lower, 4);
    expect(w.upper).toBeCloseTo(upper, 4);
  });

  it("stays inside 0…1 at the ends and has no interval for no cases", () => {
    expect(wilson(20, 20)).toMatchObject({ estimate: 1, upper: 1 });
    expect(wilson(0, 0)).toBeNull();
  });
});

describe("mcnemarExact", () => {
  // By hand, = R's binom.test(min(b, c), b + c)$p.value:
  //   b=1, c=9:  2·(C(10,0)+C(10,1))/2^10 = 2·11/1024 = 0.021484375
  //   b=0, c=6:  2·1/2^6 = 0.03125
  //   b=2, c=8:  2·(1+10+45)/1024 = 0.109375
  //   b=3, c=3:  the smaller tail is over half the mass, so p = 1
  it.each([
    [1, 9, 0.021484375],
    [9, 1, 0.021484375],
    [0, 6, 0.03125],
    [2, 8, 0.109375],
    [3, 3, 1],
    [0, 0, 1],
  ])("b=%i, c=%i gives p=%f", (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 12);
  });

  it("does not underflow for thousands of discordant cases (close to the normal approximation)", () => {
    // z = 100/√10100 = 0.995, two-sided normal p = 0.3197; the exact p is a little larger.
    const p = mcnemarExact(5000, 5100);
    expect(p).toBeGreaterThan(0.3197);
    expect(p).toBeLessThan(0.33);
  });
});

describe("percentile (Hyndman & Fan type 7, R's quantile default)", () => {
  // R: quantile(1:10, 0.95) = 1 + 0.95·9 = 9.55; quantile(c(1,2,3,4), 0.5) = 2.5;
  //    quantile(1:100, 0.99) = 1 + 0.99·99 = 99.01.
  it("matches R's quantile", () => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.95)).toBeCloseTo(9.55, 12);
    expect(percentile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(percentiles(Array.from({ length: 100 }, (_, i) => i + 1))).toEqual({ p50: 50.5, p95: expect.closeTo(95.05, 10), p99: expect.closeTo(99.01, 10) });
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentiles([])).toEqual({ p50: null, p95: null, p99: null });
  });
});

describe("pass@k and pass^k", () => {
  // pass@k = 1 − C(n−c,k)/C(n,k) (Chen et al. 2021): n=10, c=3, k=1 → 0.3; k=5 → 1 − 21/252.
  // pass^k = C(c,k)/C(n,k): n=10, c=3, k=2 → 3/45.
  it("match the binomial formulas", () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12);
    expect(passAtK(10, 3, 8)).toBe(1); // fewer than 8 failures: any 8 samples include a pass
    expect(passAtK(5, 0, 3)).toBe(0);
    expect(passHatK(10, 3, 2)).toBeCloseTo(3 / 45, 12);
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passHatK(4, 3, 4)).toBe(0);
  });

  it("refuses a k larger than the samples", () => {
    expect(() => passAtK(3, 1, 4)).toThrow(RangeError);
  });
});

describe("isFlaky", () => {
  it("flags repeats that disagree, not ones that agree", () => {
    expect([isFlaky([true, false, true]), isFlaky([true, true]), isFlaky([false, false]), isFlaky([])]).toEqual([true, false, false, false]);
  });
});

describe("bootstrapPairedDelta", () => {
  const pairs = Array.from({ length: 40 }, (_, i) => ({ before: i % 3 === 0 ? 0 : 1, after: i % 5 === 0 ? 0 : 1 }));

  it("is deterministic for a seed and centred on the observed mean difference", () => {
    const a = bootstrapPairedDelta(pairs, { seed: 7 })!;
    expect(bootstrapPairedDelta(pairs, { seed: 7 })).toEqual(a);
    // Observed: before passes 26 of 40, after passes 32 of 40: +0.15.
    expect(a.estimate).toBeCloseTo(0.15, 12);
    expect(a.lower).toBeLessThan(0.15);
    expect(a.upper).toBeGreaterThan(0.15);
    expect(bootstrapPairedDelta(pairs, { seed: 8 })).not.toEqual(a);
  });

  it("gives a zero-width interval when every case changed the same way, and none for no cases", () => {
    expect(
      bootstrapPairedDelta([
        { before: 0, after: 1 },
        { before: 0, after: 1 },
      ]),
    ).toEqual({ estimate: 1, lower: 1, upper: 1 });
    expect(bootstrapPairedDelta([])).toBeNull();
  });

  it("draws mulberry32's sequence (the reference code from bryc/code jshash/PRNGs.md, copied here)", () => {
    function reference(seed: number) {
      let a = seed;
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    const ours = seededRandom(42);
    const theirs = reference(42);
    const draws = Array.from({ length: 1000 }, () => [ours(), theirs()]);
    expect(draws.every(([x, y]) => x === y)).toBe(true);
    expect(new Set(draws.map(([x]) => x)).size).toBe(1000);
  });
});

describe("minimumDetectableDifference", () => {
  it("inverts Connor's sample size formula", () => {
    // Connor 1987: n = (1.96·√ψ + 0.8416·√(ψ − δ²))² / δ²; δ = 0.10, ψ = 0.20 → n = 154.6.
    expect(minimumDetectableDifference(155, { discordance: 0.2 })).toBeCloseTo(0.1, 3);
  });

  it("shrinks with more cases and cannot go below what any change of every case shows", () => {
    const d50 = minimumDetectableDifference(50);
    const d200 = minimumDetectableDifference(200);
    expect(d200).toBeLessThan(d50);
    expect(minimumDetectableDifference(3)).toBe(1);
  });

  it("uses the normal quantiles it says", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
  });
});
