/**
 * The verdict of a test report: did the contract pass, and what exit code says so. One
 * function for `contract test` and `contract merge-reports`, so shards merged say what one run
 * says.
 *
 * - An endpoint error in any cell (the run did not finish: refused connection, HTTP error,
 *   broken stream) is exit 3: the results are incomplete, so no pass or fail is claimed.
 * - Without a baseline: every candidate cell must pass (exit 1 otherwise). A cell that could
 *   not be sent (its inputs do not assemble) is a failure, as in `contract run`.
 * - With a baseline: the candidate fails only on a regression McNemar's exact test calls
 *   significant (compare.ts: verdict "worse", in any split or over all), or when a case tagged
 *   `must-pass` fails on the candidate. Other failing cases are reported, not gated: the
 *   baseline failed those too, or they are within noise.
 */
import { compareTargets, type Comparison } from "../eval/compare.ts";
import type { CellResult } from "../eval/suite/types.ts";
import { classifyForSuite, type ReportSuite, type TestReport } from "./report.ts";

export const MUST_PASS = "must-pass";

/** Exit codes as in contracts/cli/exit-codes.ts (kept as numbers here: reports are pure). */
export const GATE_EXIT = { ok: 0, failed: 1, endpoint: 3 } as const;

export interface Failure {
  file: string;
  caseId: string;
  targetId: string;
  endpointId: string;
  repeat: number;
  /** "failed" (an assertion), "not_sent", or "error" (the endpoint). */
  kind: "failed" | "not_sent" | "error";
  mustPass: boolean;
  reasons: string[];
}

export interface SuiteGate {
  file: string;
  /** Per endpoint: candidate vs baseline (only with --baseline). */
  comparisons: { endpointId: string; comparison: Comparison }[];
  /** Significant regressions (the split names whose verdict is "worse"). */
  worse: string[];
  failures: Failure[];
  mustPassFailures: Failure[];
  endpointErrors: number;
  /** Cells of the plan with no result (a shard missing from a merge). */
  missing: number;
}

export interface Gate {
  suites: SuiteGate[];
  exitCode: 0 | 1 | 3;
  /** One sentence: why the exit code is what it is. */
  reason: string;
}

export function reasonsOf(r: CellResult): string[] {
  if (r.notSent) return [r.notSent.message, ...r.notSent.errors.map((e) => `${e.path}: ${e.message}`)];
  if (r.run && r.run.status !== "ok") {
    const e = r.run.error;
    return [e ? `${e.title}${e.endpointMessage ? ` (the endpoint said: ${e.endpointMessage})` : ""}` : `the run ${r.run.status}`];
  }
  // "The answer has the required sections (missing "## Details")": the check, then why it failed.
  const failed = r.assertions
    .filter((a) => !a.pass)
    .map((a) => {
      const d = typeof a.description === "string" ? a.description.replace(/\.$/, "") : "";
      return d ? `${d} (${a.reason})` : a.reason;
    });
  return failed.length ? failed : r.passed ? [] : ["failed"];
}

function failureOf(suite: ReportSuite, r: CellResult, mustPass: Set<string>): Failure {
  return {
    file: suite.file,
    caseId: r.caseId,
    targetId: r.targetId,
    endpointId: r.endpointId,
    repeat: r.repeat,
    kind: r.notSent ? "not_sent" : r.run && r.run.status !== "ok" ? "error" : "failed",
    mustPass: mustPass.has(r.caseId),
    reasons: reasonsOf(r),
  };
}

export function gateSuite(suite: ReportSuite, options: { seed?: number } = {}): SuiteGate {
  const mustPass = new Set(suite.cases.filter((c) => c.tags.includes(MUST_PASS)).map((c) => c.id));
  const candidate = suite.results.filter((r) => r.targetId === suite.candidate);
  const failures = candidate.filter((r) => !r.passed).map((r) => failureOf(suite, r, mustPass));
  const have = new Set(suite.results.map((r) => r.cellId));
  const comparisons: SuiteGate["comparisons"] = [];
  const worse: string[] = [];
  if (suite.baseline !== null) {
    for (const e of suite.endpoints) {
      const comparison = compareTargets(suite.results, { targetId: suite.baseline, endpointId: e.id }, { targetId: suite.candidate, endpointId: e.id }, { ...options, classify: classifyForSuite(suite) });
      comparisons.push({ endpointId: e.id, comparison });
      for (const s of comparison.splits) if (s.verdict.kind === "worse") worse.push(suite.endpoints.length > 1 ? `${s.split} (${e.id})` : s.split);
    }
  }
  return {
    file: suite.file,
    comparisons,
    worse,
    failures,
    mustPassFailures: failures.filter((f) => f.mustPass && f.kind !== "error"),
    endpointErrors: suite.results.filter((r) => r.run !== null && r.run.status !== "ok").length,
    missing: suite.cells.filter((c) => !have.has(c.id)).length,
  };
}

export function gateReport(report: TestReport): Gate {
  const suites = report.suites.map((s) => gateSuite(s));
  const errors = suites.reduce((n, s) => n + s.endpointErrors, 0);
  if (errors) return { suites, exitCode: GATE_EXIT.endpoint, reason: `${errors} cell${errors === 1 ? "" : "s"} ended with an endpoint or network error` };
  const worse = suites.filter((s) => s.worse.length);
  const mustPass = suites.reduce((n, s) => n + s.mustPassFailures.length, 0);
  const gated = report.suites.some((s) => s.baseline !== null);
  if (worse.length || mustPass) {
    const parts = [];
    if (worse.length) parts.push(`a significant regression against the baseline (${worse.map((s) => `${s.file}: ${s.worse.join(", ")}`).join("; ")})`);
    if (mustPass) parts.push(`${mustPass} must-pass cell${mustPass === 1 ? "" : "s"} failed`);
    return { suites, exitCode: GATE_EXIT.failed, reason: parts.join(" and ") };
  }
  const ungatedFailures = report.suites.reduce((n, s, i) => n + (s.baseline === null ? suites[i]!.failures.length : 0), 0);
  if (ungatedFailures) return { suites, exitCode: GATE_EXIT.failed, reason: `${ungatedFailures} cell${ungatedFailures === 1 ? "" : "s"} failed` };
  const failing = suites.reduce((n, s) => n + s.failures.length, 0);
  if (gated && failing)
    return {
      suites,
      exitCode: GATE_EXIT.ok,
      reason: `${failing} cell${failing === 1 ? "" : "s"} failed, but none is must-pass and no regression against the baseline is significant`,
    };
  return { suites, exitCode: GATE_EXIT.ok, reason: "every check held" };
}
