/**
 * The review's "Latest runs of this version": the open contract's run history filtered to the
 * runs whose content hash is the reviewed version's. Runs are ad hoc (one request, not one per
 * test case), so they become a summary, not per-test results.
 */
import type { ReviewRunSummary } from "../../../contracts/index.ts";
import type { RunRecord } from "../../persistence/run-history.ts";

export function latestRunsOf(records: readonly RunRecord[], hash: string): ReviewRunSummary {
  const mine = records.filter((r) => r.contractHash === hash);
  // The newest by start time, not by position: finishRun puts a record first whatever its start.
  const newest = mine.reduce<RunRecord | undefined>((a, r) => (!a || r.timings.startedAt > a.timings.startedAt ? r : a), undefined);
  return {
    count: mine.length,
    keptContract: mine.filter((r) => r.validation?.ok === true).length,
    ...(newest
      ? { latest: { status: newest.status, model: newest.model, latencyMs: newest.timings.latencyMs, at: new Date(newest.timings.startedAt).toISOString() } }
      : {}),
  };
}
