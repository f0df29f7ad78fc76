/**
 * The compact form of a stored suite cell: what the grid, its filters, the injection view and
 * the behaviour dashboard read (about a tenth of a full CellResult, which carries the request,
 * the raw output and every assertion's reason). The full cell is read only when someone opens
 * it (cell detail), resumes the suite, or compares two columns (in a worker).
 *
 * Refusal and "I don't know" are classified once, when the cell is stored, by the same
 * definition the comparison and the CLI use (contracts/eval/summary.ts classifyWith: the
 * heuristics of contracts/eval/heuristics.ts in the refusal style and unknown answer of the
 * body that ran), since the output they are read from is not in the summary.
 */
import { z } from "zod";
import { classifyWith, type Classify } from "../summary.ts";
import type { CellResult, SuitePlan } from "./types.ts";
import { RunStatusSchema, RunVerdictSchema } from "../../run-case/result.ts";

export const SummaryAssertionSchema = z.strictObject({
  type: z.string(),
  pass: z.boolean(),
  /** A failed assertion's reason (what the injection view and a regression list show); "" when it passed. */
  reason: z.string(),
});

/** The run's figures (RunResult's names, so code reading those fields takes either). */
export const SummaryRunSchema = z.strictObject({
  status: RunStatusSchema,
  verdict: RunVerdictSchema,
  /** The model that answered. */
  model: z.string(),
  error: z.strictObject({ title: z.string() }).nullable(),
  latencyMs: z.number(),
  totalTokens: z.number(),
  costUsd: z.number().nullable(),
  /** Tool calls the answer made (issue 11; the dashboard's tool rates); absent when none. */
  toolCalls: z.int().min(0).optional(),
});

export const CellSummarySchema = z.strictObject({
  version: z.literal(1),
  suiteId: z.string(),
  cellId: z.string(),
  /** The workspace key of the contract (the dashboard's index). */
  contractKey: z.string().min(1),
  caseId: z.string(),
  split: z.string().min(1),
  targetId: z.string(),
  endpointId: z.string(),
  repeat: z.int().min(0),
  contractHash: z.string(),
  /** The model asked for (run.model is the one that answered). */
  model: z.string(),
  passed: z.boolean(),
  cached: z.boolean(),
  attempts: z.int().min(0),
  finishedAt: z.number(),
  /** Null when nothing was sent (notSent says why). */
  run: SummaryRunSchema.nullable(),
  notSent: z.strictObject({ message: z.string() }).nullable(),
  assertions: z.array(SummaryAssertionSchema),
  refusal: z.boolean(),
  idk: z.boolean(),
});
export type CellSummary = z.infer<typeof CellSummarySchema>;

/** The parts of a policy classification reads. */
export interface PolicyStyle {
  refusalStyle?: string;
  unknownAnswer?: string;
}

/** Classification in each target's own policy (from the plan's bodies), read loosely so a backfill of old records works too. */
export function classifyForTargets(targets: readonly { id: string; body?: { policy?: PolicyStyle } }[]): Classify {
  const policies = new Map(targets.map((t) => [t.id, t.body?.policy]));
  return classifyWith((id) => {
    const p = policies.get(id);
    return p ? { refusalStyle: p.refusalStyle ?? "", unknownAnswer: p.unknownAnswer ?? "" } : undefined;
  });
}

export const classifyForSuite = (plan: Pick<SuitePlan, "targets">): Classify => classifyForTargets(plan.targets);

/** The common phrases only (no plan at hand). */
export const classifyPlain: Classify = classifyWith(() => undefined);

export function summarizeCell(cell: CellResult, contractKey: string, classify: Classify = classifyPlain): CellSummary {
  const run = cell.run;
  const answered = run?.status === "ok";
  const c = classify(cell);
  return {
    version: 1,
    suiteId: cell.suiteId,
    cellId: cell.cellId,
    contractKey,
    caseId: cell.caseId,
    split: cell.split,
    targetId: cell.targetId,
    endpointId: cell.endpointId,
    repeat: cell.repeat,
    contractHash: cell.contractHash,
    model: cell.model,
    passed: cell.passed,
    cached: cell.cached,
    attempts: cell.attempts,
    finishedAt: cell.finishedAt,
    run: run && {
      status: run.status,
      verdict: run.verdict,
      model: run.model,
      error: run.error ? { title: run.error.title } : null,
      latencyMs: run.timings.latencyMs,
      totalTokens: run.usage.totalTokens,
      costUsd: run.cost?.totalUsd ?? null,
      ...(run.toolCalls?.length ? { toolCalls: run.toolCalls.length } : {}),
    },
    notSent: cell.notSent && { message: cell.notSent.message },
    assertions: cell.assertions.map((a) => ({ type: typeof a.type === "string" ? a.type : "", pass: a.pass, reason: a.pass ? "" : a.reason })),
    refusal: !!run && c.refusal,
    idk: answered && c.idk,
  };
}

/** Answered: the endpoint returned an answer (the run ended ok). */
export const isAnswered = (s: Pick<CellSummary, "run">) => s.run?.status === "ok";

export interface SummaryListing {
  summaries: CellSummary[];
  skipped: number;
}

// The fields the check below knows, required and optional; if the schemas gain or lose one, the
// lists no longer match them and the check stands aside (zod alone decides) until it is updated.
const KEYS = ["version", "suiteId", "cellId", "contractKey", "caseId", "split", "targetId", "endpointId", "repeat", "contractHash", "model"]
  .concat(["passed", "cached", "attempts", "finishedAt", "run", "notSent", "assertions", "refusal", "idk"])
  .sort();
const RUN_KEYS = ["status", "verdict", "model", "error", "latencyMs", "totalTokens", "costUsd"];
const RUN_OPTIONAL = ["toolCalls"];
const ASSERTION_KEYS = ["type", "pass", "reason"];
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((k, i) => k === [...b].sort()[i]);
const CHECK_MATCHES_SCHEMA =
  same(KEYS, Object.keys(CellSummarySchema.shape)) &&
  same([...RUN_KEYS, ...RUN_OPTIONAL], Object.keys(SummaryRunSchema.shape)) &&
  same(ASSERTION_KEYS, Object.keys(SummaryAssertionSchema.shape));
const STATUSES: readonly unknown[] = RunStatusSchema.options;
const VERDICTS: readonly unknown[] = RunVerdictSchema.options;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => typeof v === "string";
const num = (v: unknown) => typeof v === "number" && !Number.isNaN(v);
const bool = (v: unknown) => typeof v === "boolean";
const int0 = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
/** Every required key, and no key beyond the required and optional ones (strictObject). */
function keysAre(o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  let n = 0;
  for (const k in o) {
    if (required.includes(k)) n++;
    else if (!optional.includes(k)) return false;
  }
  return n === required.length;
}

/**
 * CellSummarySchema's check written out by hand: the grid reads 10,000 summaries at once and
 * zod takes ~10 µs each, this ~1 µs. It accepts only what the schema accepts (the test holds
 * the two against each other); what it rejects goes to the schema, which has the last word.
 */
export function isCellSummary(v: unknown): v is CellSummary {
  if (!CHECK_MATCHES_SCHEMA || !isObj(v) || !keysAre(v, KEYS)) return false;
  if (v.version !== 1 || !str(v.suiteId) || !str(v.cellId) || !str(v.contractKey) || !(v.contractKey as string).length) return false;
  if (!str(v.caseId) || !str(v.split) || !(v.split as string).length || !str(v.targetId) || !str(v.endpointId)) return false;
  if (!int0(v.repeat) || !str(v.contractHash) || !str(v.model) || !bool(v.passed) || !bool(v.cached) || !int0(v.attempts) || !num(v.finishedAt)) return false;
  if (!bool(v.refusal) || !bool(v.idk)) return false;
  const run = v.run;
  if (run !== null) {
    if (!isObj(run) || !keysAre(run, RUN_KEYS, RUN_OPTIONAL) || !STATUSES.includes(run.status) || !VERDICTS.includes(run.verdict) || !str(run.model))
      return false;
    if (!num(run.latencyMs) || !num(run.totalTokens) || !(run.costUsd === null || num(run.costUsd))) return false;
    if ("toolCalls" in run && !int0(run.toolCalls)) return false;
    const e = run.error;
    if (e !== null && !(isObj(e) && keysAre(e, ["title"]) && str(e.title))) return false;
  }
  const ns = v.notSent;
  if (ns !== null && !(isObj(ns) && keysAre(ns, ["message"]) && str(ns.message))) return false;
  if (!Array.isArray(v.assertions)) return false;
  for (const a of v.assertions as unknown[]) if (!isObj(a) || !keysAre(a, ASSERTION_KEYS) || !str(a.type) || !bool(a.pass) || !str(a.reason)) return false;
  return true;
}

export function parseSummaries(values: readonly unknown[]): SummaryListing {
  const summaries: CellSummary[] = [];
  let skipped = 0;
  for (const v of values) {
    if (isCellSummary(v)) {
      summaries.push(v);
      continue;
    }
    const r = CellSummarySchema.safeParse(v);
    if (r.success) summaries.push(r.data);
    else skipped++;
  }
  return { summaries, skipped };
}
