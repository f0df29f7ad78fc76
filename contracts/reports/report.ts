/**
 * The JSON report of `contract test` (--json FILE) and of `contract merge-reports`: every cell
 * result of the run, with what is needed to judge it again later (the whole plan's cell list,
 * so a merge can tell a missing shard from a finished run; which target is the candidate and
 * which the baseline; the cases' tags for `must-pass`). Summaries, the gate and JUnit are all
 * computed from this value (gate.ts, junit.ts), so a merged report says exactly what one run
 * would have said.
 *
 * Pure (no Node): the CLI reads and writes it; the app could read it too. Never holds a key:
 * cell results carry the request body and the profile, neither of which has one.
 */
import { z } from "zod";
import { classifyWith, type Classify } from "../eval/summary.ts";
import { CellResultSchema, SuiteCellSchema } from "../eval/suite/types.ts";

export const REPORT_FORMAT = "contract-studio/test-report@1";

export const ShardSchema = z.strictObject({
  /** 1-based. */
  index: z.int().min(1),
  count: z.int().min(1),
});
export type Shard = z.infer<typeof ShardSchema>;

export const ReportTargetSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  contractHash: z.string(),
  /** The body's refusal style and unknown answer: refusal and "I don't know" rates are judged by them (summary.ts classifyWith). */
  refusalStyle: z.string(),
  unknownAnswer: z.string(),
});

/** Refusal and "I don't know" as the app's suite judges them: in each target's own words. */
export function classifyForSuite(suite: Pick<ReportSuite, "targets">): Classify {
  const byId = new Map(suite.targets.map((t) => [t.id, t]));
  return classifyWith((id) => byId.get(id));
}

export const ReportEndpointSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  model: z.string(),
});

export const ReportCaseSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  split: z.string(),
  tags: z.array(z.string()),
});

/** One contract file's suite: its plan's shape and the results this report holds. */
export const ReportSuiteSchema = z.strictObject({
  file: z.string(),
  contractId: z.string(),
  suiteId: z.string(),
  /** The target under test (the draft, --version or --label). */
  candidate: z.string(),
  /** The --baseline target, when given. */
  baseline: z.string().nullable(),
  targets: z.array(ReportTargetSchema),
  endpoints: z.array(ReportEndpointSchema),
  cases: z.array(ReportCaseSchema),
  /** Every cell of the plan, in all shards: a merge checks each has exactly one result. */
  cells: z.array(SuiteCellSchema),
  /** The results of this report's cells (one shard's, or all after a merge), in plan order. */
  results: z.array(CellResultSchema),
});
export type ReportSuite = z.infer<typeof ReportSuiteSchema>;

export const TestReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  /** The `contract` version that wrote it. */
  tool: z.string(),
  createdAt: z.string(),
  /** The shards whose results this report holds: one for a shard's run, all of them after a merge; null: an unsharded run. */
  shards: z.array(ShardSchema).nullable(),
  /** Wall time of the run (the longest shard's after a merge). */
  wallMs: z.number().min(0),
  suites: z.array(ReportSuiteSchema),
});
export type TestReport = z.infer<typeof TestReportSchema>;

export type ReadReport = { ok: true; report: TestReport } | { ok: false; errors: { path: string; message: string }[] };

/** Parses a report's text; errors name the path in the report. */
export function parseReport(text: string): ReadReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: "(file)", message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === "string" && format !== REPORT_FORMAT)
    return { ok: false, errors: [{ path: "format", message: `'${format}' is not a report this version reads (${REPORT_FORMAT})` }] };
  const parsed = TestReportSchema.safeParse(json);
  if (parsed.success) return { ok: true, report: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
  };
}
