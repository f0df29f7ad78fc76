import { describe, expect, it } from "vitest";
import { formatMs, formatRate, formatUsd, meaningfulRate } from "./format-figures.ts";

describe("formatUsd: money for people, never in exponent notation", () => {
  it.each([
    [null, "—"],
    [0, "$0.00"],
    [9.9e-5, "$0.000099"], // the "$9.9e-5" a new user saw
    [0.00007218, "$0.000072"],
    [0.001, "$0.001"],
    [0.0123, "$0.012"],
    [0.1, "$0.10"],
    [0.5, "$0.50"],
    [1.234, "$1.23"],
    [1234.5, "$1,234.50"],
    [4e-7, "<$0.000001"],
  ])("%s → %s", (v, out) => {
    expect(formatUsd(v)).toBe(out);
    expect(formatUsd(v)).not.toMatch(/e[-+]/);
  });
});

describe("formatRate: no rate for a stream too short to measure", () => {
  it.each([
    // tokens/s, output tokens, shown
    [20, 200, "20.0"],
    [1234.56, 5000, "1,234.6"],
    [10000, 3, "—"], // a cut stream: 3 tokens in 0.3 ms
    [1000, 40, "—"], // 40 ms of generation: under the 50 ms window
    [1000, 50, "1,000.0"], // exactly 50 ms
    [500, 1, "—"], // one token has no "per second"
    [50, 3, "—"], // 3 tokens over 60 ms (a cut stream on a busy machine): too few tokens
    [50, 7, "—"],
    [50, 8, "50.0"], // MIN_RATE_TOKENS over 160 ms
    [null, 100, "—"],
    [0, 100, "—"],
  ])("%s tokens/s over %s tokens → %s", (rate, tokens, out) => {
    expect(formatRate(rate, tokens)).toBe(out);
  });

  it("trusts a rate when the token count is unknown", () => {
    expect(meaningfulRate(42, null)).toBe(42);
  });
});

describe("formatMs", () => {
  it.each([
    [null, "—"],
    [12.4, "12 ms"],
    [1250, "1.25 s"],
  ])("%s → %s", (v, out) => expect(formatMs(v)).toBe(out));
});
