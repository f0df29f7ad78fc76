/**
 * Merges shard reports (`contract merge-reports`) into the report one unsharded run would have
 * written: suites are matched by file and suite id (the same plan gives the same id in every
 * shard), results are united by cell id and put back in plan order. A suite planned
 * differently in two reports (another version of the contract, other models) is an error, not
 * silently mixed; so is one cell with two different results (the same shard merged twice is
 * fine: it is the same result).
 */
import type { CellResult } from "../eval/suite/types.ts";
import { REPORT_FORMAT, type ReportSuite, type Shard, type TestReport } from "./report.ts";

export type MergeResult = { ok: true; report: TestReport; duplicates: number } | { ok: false; errors: { path: string; message: string }[] };

const planKey = (s: ReportSuite) => JSON.stringify([s.candidate, s.baseline, s.cells.map((c) => c.id)]);

export function mergeReports(reports: readonly TestReport[], options: { tool: string; now: string }): MergeResult {
  const errors: { path: string; message: string }[] = [];
  const suites = new Map<string, { suite: ReportSuite; key: string; results: Map<string, CellResult> }>();
  let duplicates = 0;
  const shards: Shard[] = [];
  let sharded = false;
  reports.forEach((report, ri) => {
    if (report.shards) sharded = true;
    for (const s of report.shards ?? []) if (!shards.some((x) => x.index === s.index && x.count === s.count)) shards.push(s);
    report.suites.forEach((suite, si) => {
      const id = JSON.stringify([suite.file, suite.suiteId]);
      let entry = suites.get(id);
      if (!entry) {
        entry = { suite, key: planKey(suite), results: new Map() };
        suites.set(id, entry);
      } else if (entry.key !== planKey(suite)) {
        errors.push({ path: `reports[${ri}].suites[${si}]`, message: `${suite.file}: planned differently from the first report that has it (other cells, candidate or baseline)` });
        return;
      }
      for (const r of suite.results) {
        const had = entry.results.get(r.cellId);
        if (!had) entry.results.set(r.cellId, r);
        else if (JSON.stringify(had) === JSON.stringify(r)) duplicates++;
        else errors.push({ path: `reports[${ri}].suites[${si}]`, message: `${suite.file}: cell ${r.cellId} (${r.caseId}) has a different result in another report` });
      }
    });
  });
  const counts = new Set(shards.map((s) => s.count));
  if (counts.size > 1) errors.push({ path: "shards", message: `the reports come from different shard counts (${[...counts].join(", ")})` });
  if (errors.length) return { ok: false, errors };
  const merged: ReportSuite[] = [...suites.values()].map(({ suite, results }) => ({
    ...suite,
    results: suite.cells.flatMap((c) => results.get(c.id) ?? []),
  }));
  shards.sort((a, b) => a.index - b.index);
  return {
    ok: true,
    duplicates,
    report: {
      format: REPORT_FORMAT,
      tool: options.tool,
      createdAt: options.now,
      shards: sharded ? shards : null,
      wallMs: Math.max(0, ...reports.map((r) => r.wallMs)),
      suites: merged,
    },
  };
}
