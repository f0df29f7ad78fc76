import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../persistence/run-history.ts";
import { latestRunsOf } from "./latest-runs.ts";

/** Only the fields the summary reads; the rest of a record does not matter here. */
function run(id: string, hash: string, startedAt: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    contractHash: hash,
    status: "ok",
    model: "test-model",
    timings: { startedAt, ttftMs: 40, latencyMs: 300 + startedAt / 1000, totalMs: 400, outputTokensPerSec: null },
    validation: { ok: true, violations: [], warnings: [] },
    ...over,
  } as RunRecord;
}

describe("latest runs of a version", () => {
  const history = [
    run("r4", "other", 4000),
    run("r3", "v1", 3000, { model: "gpt-4o-mini", validation: { ok: false, violations: [{ path: "$.priority", message: "missing" }], warnings: [] } }),
    run("r2", "v1", 2000, { status: "failed", validation: null }),
    run("r1", "v1", 1000),
  ];

  it("counts only the runs of that content, and those whose answer kept the contract", () => {
    expect(latestRunsOf(history, "v1")).toEqual({
      count: 3,
      keptContract: 1,
      latest: { status: "ok", model: "gpt-4o-mini", latencyMs: 303, at: "1970-01-01T00:00:03.000Z" },
    });
  });

  it("takes the newest by start time even when a record is out of order", () => {
    expect(latestRunsOf([run("old", "v1", 1000), run("new", "v1", 5000, { status: "aborted" })], "v1").latest?.status).toBe("aborted");
  });

  it("has no latest run when no run is of that content", () => {
    expect(latestRunsOf(history, "draft-hash")).toEqual({ count: 0, keptContract: 0 });
    expect(latestRunsOf([], "v1")).toEqual({ count: 0, keptContract: 0 });
  });
});
