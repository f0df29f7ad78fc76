import { describe, expect, it } from "vitest";
import { retryNotice } from "./run-controller.ts";
import { pastRetry } from "../../../components/runs/run-view.tsx";

describe("pastRetry", () => {
  it("turns the live retry line into what happened", () => {
    const live = retryNotice({ type: "retry", attempt: 1, delayMs: 1000, fromRetryAfter: true, error: { kind: "rate_limited", status: 429 } as never }, 2);
    expect(live).toBe("Retrying in 1.0 s (429, attempt 1 of 2)");
    expect(pastRetry(live)).toBe("429, waited 1.0 s");
  });

  it("leaves a line it does not know as it is", () => {
    expect(pastRetry("something else")).toBe("something else");
  });
});
