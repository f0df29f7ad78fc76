/**
 * The review's "Latest runs of this version": the open contract's run history filtered to the
 * runs whose content hash is the reviewed version's. Runs are ad hoc (one request, not one per
 * test case), so they become a summary, not per-test results.
 */
import { findVersion, versionContentHash, type Contract, type ReviewRunSummary } from "../../../contracts/index.ts";
import type { RunRecord } from "../../persistence/run-history.ts";

/** The hashes runs of `ref` may carry: its own, plus its hash in today's format revision when it was frozen in an older one. */
export function versionHashes(contract: Contract | undefined, ref: string, hash: string): (string | null)[] {
  const v = contract && ref !== "draft" ? findVersion(contract, ref) : undefined;
  return v ? [hash, versionContentHash(v)] : [hash];
}

/** `hashes`: every hash of the version (a version frozen in an older format revision has two, see findVersionByHash). */
export function latestRunsOf(records: readonly RunRecord[], hashes: string | readonly (string | null)[]): ReviewRunSummary {
  const wanted = new Set(typeof hashes === "string" ? [hashes] : hashes);
  const mine = records.filter((r) => wanted.has(r.contractHash));
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
