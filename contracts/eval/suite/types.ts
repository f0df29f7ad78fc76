/**
 * The suite's public types: what a suite plans (cells), what each cell produced (CellResult),
 * what the runner reports while it works (SuiteEvent), and what it needs from its host
 * (SuiteDeps). The app (IndexedDB store, the grid), the CLI (a folder cache, shards, reports)
 * and the runner share these, so a result written by one reads in the others. Everything
 * persisted has a zod schema; parse it when reading it back.
 *
 * A cell is one (case × target × endpoint/model × repeat). Its id is a hash of what decides
 * the request (the target's body without its test list, the case itself, the endpoint, the
 * model, the repeat index), so it is stable across reloads and processes, changes when the
 * case or the body changes, and a CLI shard can pick cells by id.
 */
import { z } from "zod";
import { EndpointProfileSchema, type EndpointProfile } from "../../client/profile.ts";
import { OutputEnforcementSchema, RunResultSchema, type RunResult } from "../../run-case/result.ts";
import type { RunCaseInput, RunCaseIo, RunCaseOutcome } from "../../run-case/run-case.ts";
import { ValidContractBodySchema, type Contract } from "../../schema/contract.ts";
import { TestCaseSchema, type TestCase } from "../../schema/tests.ts";
import type { EvaluateOptions } from "../evaluate.ts";

// ---------------------------------------------------------------------------------------------
// Plan

/** What the user picked to run: the draft, a published version (by number or hash), or a label. */
export const TargetRefSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("draft") }),
  z.strictObject({ kind: z.literal("version"), version: z.string().min(1) }),
  z.strictObject({ kind: z.literal("hash"), hash: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest (64 lowercase hex characters)") }),
  z.strictObject({ kind: z.literal("label"), label: z.string().min(1) }),
]);
export type TargetRef = z.infer<typeof TargetRefSchema>;

/** A target resolved at plan time: a label is frozen to the version it pointed at then. */
export const PlannedTargetSchema = z.strictObject({
  /** "draft", "v1.2.0" … unique in the plan. */
  id: z.string().min(1),
  /** For people: "draft", "1.2.0", "production (1.2.0)". */
  name: z.string(),
  ref: TargetRefSchema,
  /** The published version run, or null for the draft. */
  version: z.string().nullable(),
  /** contentHash of the body run (RunResult.contractHash of every cell of this target). */
  contractHash: z.string(),
  /** The body run, with the plan's cases applied at run time; kept so a resume runs what was planned. */
  body: ValidContractBodySchema,
});
export type PlannedTarget = z.infer<typeof PlannedTargetSchema>;

/** One endpoint profile + model pair (a column group of the grid). */
export const PlannedEndpointSchema = z.strictObject({
  /** Unique in the plan, e.g. "local/test-model". */
  id: z.string().min(1),
  /** For people: "Local server · test-model". */
  name: z.string(),
  /** Never holds a key (profiles have no key field); the key is given to runSuite. */
  profile: EndpointProfileSchema,
  /** The model asked for: the pair's, else the profile's default; "" means each target's own contract model. */
  model: z.string(),
});
export type PlannedEndpoint = z.infer<typeof PlannedEndpointSchema>;

/**
 * Test split (schema/tests.ts TestSplitSchema: dev, holdout, adversarial). A string here so a
 * stored cell stays readable if splits are added; results always show splits apart.
 */
export const SplitSchema = z.string().min(1);
export const DEFAULT_SPLIT = "dev";

export const PlannedCaseSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  split: SplitSchema,
  tags: z.array(z.string()),
  /** The case as it was when planned (the draft's), run against every target. */
  testCase: TestCaseSchema,
});
export type PlannedCase = z.infer<typeof PlannedCaseSchema>;

export const SuiteCellSchema = z.strictObject({
  id: z.string().min(1),
  caseId: z.string(),
  targetId: z.string(),
  endpointId: z.string(),
  /** 0 … repeats - 1. */
  repeat: z.int().min(0),
});
export type SuiteCell = z.infer<typeof SuiteCellSchema>;

export const SuiteOptionsSchema = z.strictObject({
  /** Requests in flight at once, over all endpoints. */
  concurrency: z.int().min(1).max(256).default(4),
  /** Requests in flight at once per endpoint profile (absent: the overall limit). 429s lower it for a while. */
  perEndpoint: z.int().min(1).max(256).optional(),
  /** Send every request even when the response cache has its answer (and do not fill the cache). */
  bypassCache: z.boolean().default(false),
});
export type SuiteOptions = z.infer<typeof SuiteOptionsSchema>;
export type SuiteOptionsInput = z.input<typeof SuiteOptionsSchema>;

/**
 * Who grades the suite's rubric assertions: an endpoint profile (never a key) and a model the
 * user picked. Kept in the plan so a resumed suite grades with the same one.
 */
export const PlannedGraderSchema = z.strictObject({
  profile: EndpointProfileSchema,
  /** Empty: the profile's default model. */
  model: z.string(),
});
export type PlannedGrader = z.infer<typeof PlannedGraderSchema>;

export const SuitePlanSchema = z.strictObject({
  format: z.literal("contract-studio/suite-plan@1"),
  /** Names the suite run; the result store of a suite is keyed by it. */
  id: z.string().min(1),
  contractId: z.string(),
  createdAt: z.number(),
  repeats: z.int().min(1),
  options: SuiteOptionsSchema,
  targets: z.array(PlannedTargetSchema).min(1),
  endpoints: z.array(PlannedEndpointSchema).min(1),
  cases: z.array(PlannedCaseSchema),
  /** Cases × targets × endpoints × repeats, in that nesting order (case outermost). */
  cells: z.array(SuiteCellSchema),
  /** The rubric grader; absent or null: rubric assertions fail as "not graded". Optional so older plans still read. */
  grader: PlannedGraderSchema.nullable().optional(),
});
export type SuitePlan = z.infer<typeof SuitePlanSchema>;

export interface PlanSuiteInput {
  /** The contract record (draft + history): the draft's cases are run, targets resolve in its history. */
  contract: Contract;
  /** Default: ["draft"]. */
  targets?: TargetRef[];
  /** At least one pair; `model` empty: the profile's default, then the contract's. */
  endpoints: { profile: EndpointProfile; model?: string }[];
  /** Only these cases (by id); default: every case of the draft. */
  caseIds?: string[];
  /** Only cases carrying at least one of these tags; default: no tag filter. */
  tags?: string[];
  /** Only these splits; default: all. */
  splits?: string[];
  /** Each cell N times (default 1). */
  repeats?: number;
  options?: SuiteOptionsInput;
  /** Default: a hash of the cells and createdAt. */
  id?: string;
  /** Epoch ms (default Date.now()). */
  now?: number;
}

// ---------------------------------------------------------------------------------------------
// Results

/**
 * One assertion's outcome as the evaluator returns it. evaluate.ts's AssertionOutcomeSchema is
 * the full shape (type, params, source, index, description, score, costUsd); the suite needs
 * only these fields and keeps the rest as they come, so cells stored by an evaluator with
 * fewer fields still read back.
 */
export const CellAssertionOutcomeSchema = z.looseObject({
  pass: z.boolean(),
  reason: z.string(),
  score: z.number().nullable().optional(),
});
export type CellAssertionOutcome = z.infer<typeof CellAssertionOutcomeSchema>;

/** The sampling parameters a cell's request carried (so nothing mixes settings silently). */
export const CellParametersSchema = z.strictObject({
  enforcement: OutputEnforcementSchema.nullable(),
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  max_tokens: z.number().nullable(),
  seed: z.number().nullable(),
});
export type CellParameters = z.infer<typeof CellParametersSchema>;

/** Why a cell sent nothing: its request could not be planned (assembly errors, no model). */
export const NotSentSchema = z.strictObject({
  message: z.string(),
  errors: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});

export const CellResultSchema = z.strictObject({
  cellId: z.string(),
  suiteId: z.string(),
  caseId: z.string(),
  split: SplitSchema,
  targetId: z.string(),
  endpointId: z.string(),
  repeat: z.int().min(0),
  /** The body run (= run.contractHash when sent). */
  contractHash: z.string(),
  /** The model asked for; run.model is the one that answered. */
  model: z.string(),
  parameters: CellParametersSchema,
  /** The run, or null when nothing was sent (see notSent). */
  run: RunResultSchema.nullable(),
  notSent: NotSentSchema.nullable(),
  assertions: z.array(CellAssertionOutcomeSchema),
  /** Sent (or served from the cache), answered, and every assertion passed. */
  passed: z.boolean(),
  /** The answer came from the response cache (its timings are those of the call that filled it). */
  cached: z.boolean(),
  /** HTTP attempts for this cell, retries included (a retried cell is still one cell). */
  attempts: z.int().min(0),
  finishedAt: z.number(),
});
export type CellResult = z.infer<typeof CellResultSchema>;

// ---------------------------------------------------------------------------------------------
// Progress

export const SuiteProgressSchema = z.strictObject({
  total: z.int().min(0),
  /** Finished cells, resumed ones included. */
  done: z.int().min(0),
  passed: z.int().min(0),
  /** Answered but an assertion failed. */
  failed: z.int().min(0),
  /** Endpoint errors and cells that could not be sent. */
  errored: z.int().min(0),
  cached: z.int().min(0),
  /** Found in the result store at the start (not re-run). */
  resumed: z.int().min(0),
  inFlight: z.int().min(0),
  /** Retries so far (HTTP attempts beyond the first). */
  retries: z.int().min(0),
  elapsedMs: z.number().min(0),
  /** Remaining cells at the pace of this run so far; null until a cell finished. */
  etaMs: z.number().min(0).nullable(),
  /** What the finished cells' answers cost in US dollars (priced profiles only); absent in older records. */
  costUsd: z.number().min(0).optional(),
  /** What grading them cost (rubric grader calls); counted apart so the suite's cost says both. */
  gradingCostUsd: z.number().min(0).optional(),
});
export type SuiteProgress = z.infer<typeof SuiteProgressSchema>;

export const SuiteStatusSchema = z.enum(["completed", "cancelled"]);
export type SuiteStatus = z.infer<typeof SuiteStatusSchema>;

export const SuiteEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("start"), suiteId: z.string(), progress: SuiteProgressSchema }),
  z.strictObject({ type: z.literal("cell_start"), cellId: z.string(), progress: SuiteProgressSchema }),
  z.strictObject({ type: z.literal("cell_done"), result: CellResultSchema, resumed: z.boolean(), progress: SuiteProgressSchema }),
  /** An endpoint answered 429: its limit is now `limit` (halved), recovering by one per window. */
  z.strictObject({ type: z.literal("rate_limited"), profileId: z.string(), limit: z.int().min(1), progress: SuiteProgressSchema }),
  z.strictObject({ type: z.literal("finished"), status: SuiteStatusSchema, progress: SuiteProgressSchema }),
]);
export type SuiteEvent = z.infer<typeof SuiteEventSchema>;

// ---------------------------------------------------------------------------------------------
// What the runner needs from its host

/** Per-cell results of one suite run: what resume reads. The app keeps it in IndexedDB, the CLI in a file. */
export interface ResultStore {
  get(cellId: string): Promise<CellResult | undefined>;
  put(result: CellResult): Promise<void>;
}

/** A response as the cache keeps it: the body text as it arrived (SSE or JSON) and how long it took. */
export const CachedResponseSchema = z.strictObject({
  status: z.int(),
  contentType: z.string(),
  body: z.string(),
  /** Timings of the call that filled the cache (a hit reports these, not its own near-zero ones). */
  timings: z.strictObject({ ttftMs: z.number().nullable(), latencyMs: z.number(), totalMs: z.number(), outputTokensPerSec: z.number().nullable() }),
  storedAt: z.number(),
});
export type CachedResponse = z.infer<typeof CachedResponseSchema>;

/** Keyed by requestKey(url, body): a hash of the endpoint URL and the exact request body (never the key). */
export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  put(key: string, value: CachedResponse): Promise<void>;
}

/** The evaluator's shape (evaluate.ts evaluateAssertions): sync or async (a rubric calls a grader). */
export type EvaluateFn = (
  contract: Contract,
  testCase: TestCase,
  result: RunResult,
  options: EvaluateOptions,
) => readonly CellAssertionOutcome[] | Promise<readonly CellAssertionOutcome[]>;

export type SendFn = (input: RunCaseInput, io?: RunCaseIo) => Promise<RunCaseOutcome>;

export interface SuiteDeps {
  /** contracts/run-case runCase (injected so a test can count calls). */
  send: SendFn;
  /** Default: evaluateAssertions (the case's assertions and those the contract implies). */
  evaluate?: EvaluateFn;
  store: ResultStore;
  /** Absent: no caching. */
  cache?: ResponseCache;
  /** Passed to every runCase (fetch, clocks, proxy base …); `sleep` is wrapped to free the slot during retry waits. */
  io?: RunCaseIo;
  /** API key per profile id, never stored anywhere by the runner. */
  apiKeys?: Record<string, string | undefined>;
  /** Passed to the evaluator: the grader for rubric assertions, the token encoding. */
  evaluateOptions?: EvaluateOptions;
  /** Monotonic ms for progress (default performance.now). */
  now?: () => number;
  /** Epoch ms for finishedAt (default Date.now). */
  clock?: () => number;
}

export interface RunSuiteOptions {
  signal?: AbortSignal;
  onEvent?: (event: SuiteEvent) => void;
  /**
   * Keep every result to return it in `SuiteOutcome.results` (default true). The CLI passes
   * false: it takes each cell from the store as it lands and streams it to its report, so
   * 10,000 full results (each with its request) are not held twice.
   */
  keepResults?: boolean;
}

export interface SuiteOutcome {
  status: SuiteStatus;
  progress: SuiteProgress;
  /** Every finished cell of the plan, resumed ones included, in plan order (empty with keepResults: false). */
  results: CellResult[];
}

/** planSuite (plan.ts): the cells to run, or why not (errors with a path and a sentence). */
export type PlanSuite = (input: PlanSuiteInput) => { ok: true; value: SuitePlan } | { ok: false; errors: { path: string; message: string }[] };
/** runSuite (run.ts): runs the plan's unfinished cells; resolves when all finished or on cancel. */
export type RunSuite = (plan: SuitePlan, deps: SuiteDeps, options?: RunSuiteOptions) => Promise<SuiteOutcome>;
