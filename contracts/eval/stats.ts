/**
 * The statistics the comparison and the dashboard stand on, pure and deterministic (the
 * bootstrap takes a seed). Each function says which definition it uses; stats.test.ts checks
 * them against values from the literature or worked by hand.
 *
 * Why these: a pass rate over a few dozen cases is a noisy number, so it is shown with a
 * Wilson interval (good coverage near 0 and 1, unlike the Wald interval); two versions run on
 * the same cases are compared paired (only the cases whose outcome changed carry information,
 * hence McNemar); the bootstrap gives an interval for the difference itself; and the minimum
 * detectable difference turns "no significant change" into "these cases could not have seen a
 * change smaller than X".
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998 method 3, no
 * continuity correction). Null when n is 0: there is no rate to show.
 */
export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp the rounding noise at the ends (0/n gives a lower bound of -1e-17).
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Exact McNemar test: a two-sided binomial test of the discordant pairs against p = 1/2.
 * `b`: cases that passed before and fail now; `c`: failed before and pass now. p = min(1,
 * 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2), the same as R's
 * `binom.test(min(b, c), b + c)` and exact2x2's `mcnemar.exact` (the distribution is symmetric,
 * so doubling the smaller tail is the exact two-sided p). No discordant pairs: p = 1.
 */
export function mcnemarExact(b: number, c: number): number {
  const m = b + c;
  if (m === 0) return 1;
  const k = Math.min(b, c);
  // Sum the tail in log space so large m does not underflow term by term; log C(m, i) built up
  // from log C(m, i − 1), so the whole tail costs O(k).
  const logs: number[] = [-m * Math.LN2];
  for (let i = 1; i <= k; i++) logs.push(logs[i - 1]! + Math.log(m - i + 1) - Math.log(i));
  const max = Math.max(...logs);
  const tail = Math.exp(max) * logs.reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.min(1, 2 * tail);
}

/** mulberry32: a small, fast, seeded 32-bit PRNG, the same sequence on every engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile with linear interpolation between order statistics: Hyndman & Fan type 7, the
 * default of R's `quantile`, NumPy's `percentile` and Excel's PERCENTILE.INC. For sorted x of
 * length n, h = (n − 1)·p and the value is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). Null for no values.
 */
export function percentile(values: readonly number[], p: number, sorted = false): number | null {
  if (!values.length) return null;
  const x = sorted ? values : [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(x.length - 1, lo + 1);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** p50, p95 and p99 (type 7, see percentile). */
export function percentiles(values: readonly number[]): Percentiles {
  const x = [...values].sort((a, b) => a - b);
  return { p50: percentile(x, 0.5, true), p95: percentile(x, 0.95, true), p99: percentile(x, 0.99, true) };
}

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  iterations?: number;
  /** Default 1: the same data always gives the same interval. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
}

/**
 * Percentile bootstrap interval of the mean paired difference (after − before). Each pair is a
 * case's score under the two targets (0/1, or its pass rate over repeats); cases are resampled
 * with replacement, so the pairing is kept. Deterministic for a given seed. Null for no pairs.
 */
export function bootstrapPairedDelta(pairs: readonly { before: number; after: number }[], options: BootstrapOptions = {}): Interval | null {
  const n = pairs.length;
  if (!n) return null;
  const iterations = options.iterations ?? 2000;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const d = pairs.map((p) => p.after - p.before);
  const estimate = d.reduce((s, v) => s + v, 0) / n;
  const means = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += d[Math.floor(random() * n)]!;
    means[i] = s / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  const arr = Array.from(means);
  return { estimate, lower: percentile(arr, tail, true)!, upper: percentile(arr, 1 - tail, true)! };
}

/**
 * pass@k: the chance that at least one of k samples passes, from n samples of which c passed,
 * by the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on
 * Code", the HumanEval paper): 1 − C(n−c, k)/C(n, k), computed as their product form.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n || k < 1) throw new RangeError(`pass@k needs 1 ≤ k ≤ n (k = ${k}, n = ${n})`);
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/**
 * pass^k: the chance that all k samples pass (reliability rather than capability), from n
 * samples of which c passed: C(c, k)/C(n, k), the unbiased estimator used by τ-bench (Yao et al.
 * 2024). With k = n it is 1 when every repeat passed, else 0.
 */
export function passHatK(n: number, c: number, k: number): number {
  if (k > n || k < 1) throw new RangeError(`pass^k needs 1 ≤ k ≤ n (k = ${k}, n = ${n})`);
  if (c < k) return 0;
  let prod = 1;
  for (let i = 0; i < k; i++) prod *= (c - i) / (n - i);
  return prod;
}

/** A case is flaky when its repeats disagree: some passed and some failed. */
export function isFlaky(outcomes: readonly boolean[]): boolean {
  return outcomes.some(Boolean) && outcomes.some((o) => !o);
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError("normalQuantile needs 0 < p < 1");
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowP = 0.02425;
  if (p < lowP) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lowP) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface DetectableOptions {
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
  /** Share of cases expected to change outcome between the two targets (default: none known). */
  discordance?: number;
}

/**
 * The smallest difference in pass rate (as a share, 0.1 = 10 points) that N paired cases detect
 * with the given power, by the normal approximation to McNemar's test (Connor 1987, "Sample
 * size for testing differences in proportions for the paired-sample design", Biometrics 43):
 *   √N·δ = z(1−α/2)·√ψ + z(power)·√(ψ − δ²)
 * where ψ is the share of discordant cases. ψ is taken as the larger of the observed (or
 * given) discordance and δ itself, since a change of δ means at least δ of the cases changed;
 * with no discordance known this gives the most optimistic (smallest) δ these cases could see.
 * Solved for δ by bisection. 1 when even a change of every case would not be detected.
 */
export function minimumDetectableDifference(n: number, options: DetectableOptions = {}): number {
  if (n <= 0) return 1;
  const za = normalQuantile(1 - (options.alpha ?? 0.05) / 2);
  const zb = normalQuantile(options.power ?? 0.8);
  const psi0 = options.discordance ?? 0;
  const detects = (delta: number) => {
    const psi = Math.min(1, Math.max(psi0, delta));
    return Math.sqrt(n) * delta >= za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0, psi - delta * delta));
  };
  if (!detects(1)) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (detects(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
