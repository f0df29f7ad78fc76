/**
 * Retries for failures that usually pass (408, 409, 429, 5xx, dropped connections), only before
 * any answer has arrived: a stream that broke mid-way is reported with its partial output
 * instead, since resending would bill and generate the whole answer again.
 *
 * Not retried (the error's `retryable` is false; see networkRetryable in errors.ts):
 * - any network failure in a browser: a CORS refusal looks the same there and cannot pass on a
 *   retry, and a stopped local server does not come back within the backoff;
 * - in Node (the CLI), a refused connection (nothing listens) or an unknown host; a reset or
 *   timed-out connection and a temporary DNS failure are retried;
 * - 4xx other than 408/409/429: a context overflow or a rejected schema fails the same way again.
 */
import type { EndpointError } from "./errors.ts";

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the run fails with the endpoint's reason. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

export interface RetryEvent {
  type: "retry";
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** True when the delay is the endpoint's Retry-After rather than our backoff. */
  fromRetryAfter: boolean;
  error: EndpointError;
}

/** Exponential backoff 0.5 s, 1 s, 2 s … capped at 8 s, with ±20% jitter so clients do not retry in step. */
export function backoffDelay(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.min(policy.maxDelayMs, Math.round(base * (0.8 + 0.4 * random())));
}

/** The wait before retry number `retry`, or null when the error should not be retried. */
export function retryDelay(
  error: EndpointError,
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): { delayMs: number; fromRetryAfter: boolean } | null {
  if (!error.retryable || retry > policy.retries) return null;
  if (error.kind === "rate_limited" && error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return null;
    return { delayMs: error.retryAfterMs, fromRetryAfter: true };
  }
  return { delayMs: backoffDelay(retry, policy, random), fromRetryAfter: false };
}

/** A sleep that ends early (rejecting) when the signal aborts, so Stop works during a backoff. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
