/**
 * Money, rates and durations as people read them, one definition for the app's run view, its
 * top-bar meter and the command line. Pure: no DOM, no locale of the machine (en-US digits, so
 * a CI log reads the same everywhere).
 *
 * Money: a run costs fractions of a cent, so below $1 two significant digits are kept
 * ("$0.000099", "$0.012") instead of rounding to "$0.0001" or printing "$9.9e-5"; from $1 up
 * it is dollars and cents ("$1.23"). Below a millionth of a dollar it says "<$0.000001".
 *
 * Rates: tokens per second is only meaningful over a stretch of streaming. A stream cut after
 * a few chunks, a one-chunk answer or a near-zero duration would divide by almost nothing
 * ("10000.0 tokens/s"), so no rate is shown for under MIN_RATE_WINDOW_MS of generation or
 * fewer than MIN_RATE_TOKENS output tokens (a handful of chunks says nothing about a rate, however
 * long the machine took to deliver them: three chunks of a cut stream spread over 60 ms on a busy
 * machine would otherwise read "50.0 tokens/s").
 */

const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const CENTS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Below this the smallest amount shown as a figure. */
const MONEY_FLOOR = 0.000001;

/** "$1.23", "$0.012", "$0.000099", "<$0.000001", "$0.00"; "—" when unknown. */
export function formatUsd(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "—";
  if (v < 0) return `-${formatUsd(-v)}`;
  if (v === 0) return "$0.00";
  if (v >= 1) return `$${CENTS.format(v)}`;
  if (v < MONEY_FLOOR) return `<$${MONEY_FLOOR.toFixed(6)}`;
  // Two significant digits: 0.000099 has its first digit at the 5th decimal, so 6 decimals.
  const decimals = Math.min(6, Math.max(2, Math.ceil(-Math.log10(v)) + 1));
  const fixed = v.toFixed(decimals);
  // Trailing zeros add nothing ("$0.0010" is "$0.001"); keep cents' two places at least.
  return `$${fixed.replace(/(\.\d{2}\d*?)0+$/, "$1")}`;
}

/** Fewest output tokens over which a tokens-per-second figure is shown. */
export const MIN_RATE_TOKENS = 8;

/** Shortest generation window over which a tokens-per-second figure is shown. */
export const MIN_RATE_WINDOW_MS = 50;

/**
 * Whether a rate measured as `tokensPerSec` over `outputTokens` tokens means anything: the
 * window it was measured over is tokens / rate, and must be at least MIN_RATE_WINDOW_MS.
 */
export function meaningfulRate(tokensPerSec: number | null | undefined, outputTokens: number | null | undefined): number | null {
  if (tokensPerSec == null || !Number.isFinite(tokensPerSec) || tokensPerSec <= 0) return null;
  if (outputTokens == null) return tokensPerSec; // nothing to check against: trust the measurement
  if (outputTokens < MIN_RATE_TOKENS) return null;
  const windowMs = (outputTokens / tokensPerSec) * 1000;
  return windowMs >= MIN_RATE_WINDOW_MS ? tokensPerSec : null;
}

/** "20.0", "1,234.5"; "—" when the rate is not meaningful (see meaningfulRate). */
export function formatRate(tokensPerSec: number | null | undefined, outputTokens?: number | null): string {
  const r = meaningfulRate(tokensPerSec, outputTokens);
  return r == null ? "—" : ONE_DECIMAL.format(r);
}

/** "850 ms", "1.25 s"; "—" when unknown. */
export function formatMs(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`;
}

/** "2,407". */
export function formatCount(v: number): string {
  return GROUPED.format(v);
}
