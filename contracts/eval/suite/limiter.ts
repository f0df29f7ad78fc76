/**
 * How many requests may be in flight: at most `overall` in all, and per endpoint profile a
 * limit that starts at `perEndpoint`, halves on a 429 and grows back by one after each window
 * of `limit` successes (additive increase, multiplicative decrease, as TCP does).
 *
 * A burst of 429s from requests that were all sent under the old limit halves it once, not once
 * per answer: each request carries the endpoint's epoch from when it started, and only a 429 of
 * the current epoch halves (and starts a new epoch).
 *
 * Pure bookkeeping, no timers: the runner asks `canStart`, calls `start`/`finish`, and reports
 * `rateLimited`/`succeeded`.
 */
export interface EndpointLimit {
  /** The current limit (whole number, 1 … max). */
  limit: number;
  max: number;
  inFlight: number;
  epoch: number;
  /** Successes since the limit last changed. */
  successes: number;
}

export class Limiter {
  private readonly endpoints = new Map<string, EndpointLimit>();
  private total = 0;

  constructor(
    readonly overall: number,
    private readonly perEndpoint: number,
  ) {}

  private state(key: string): EndpointLimit {
    let s = this.endpoints.get(key);
    if (!s) {
      const max = Math.min(this.perEndpoint, this.overall);
      s = { limit: max, max, inFlight: 0, epoch: 0, successes: 0 };
      this.endpoints.set(key, s);
    }
    return s;
  }

  get inFlight(): number {
    return this.total;
  }

  /** A copy of one endpoint's state (for progress and tests). */
  endpoint(key: string): Readonly<EndpointLimit> {
    return { ...this.state(key) };
  }

  canStart(key: string): boolean {
    const s = this.state(key);
    return this.total < this.overall && s.inFlight < s.limit;
  }

  /** Takes a slot; returns the epoch the request is sent in. Call only after canStart. */
  start(key: string): number {
    const s = this.state(key);
    s.inFlight++;
    this.total++;
    return s.epoch;
  }

  finish(key: string): void {
    const s = this.state(key);
    s.inFlight = Math.max(0, s.inFlight - 1);
    this.total = Math.max(0, this.total - 1);
  }

  /** A 429 for a request sent in `epoch`: the new limit when this halved it, else null. */
  rateLimited(key: string, epoch: number): number | null {
    const s = this.state(key);
    if (epoch !== s.epoch) return null;
    s.limit = Math.max(1, Math.floor(s.limit / 2));
    s.epoch++;
    s.successes = 0;
    return s.limit;
  }

  /** An answered request: after `limit` of them in a row the limit grows by one, up to max. */
  succeeded(key: string): void {
    const s = this.state(key);
    if (s.limit >= s.max) return;
    if (++s.successes >= s.limit) {
      s.limit++;
      s.successes = 0;
    }
  }
}
