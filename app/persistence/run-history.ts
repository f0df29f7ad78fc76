/**
 * Run history: every finished run as one record in its own IndexedDB database (apart from the
 * workspace's), in the object store `records` with indexes, so a contract's latest runs, the runs
 * of one content hash, or the latest runs overall are an index range read, never a scan of
 * every record:
 *   byContract  [contractKey, timings.startedAt]
 *   byHash      [contractKey, contractHash, timings.startedAt]
 *   byTime      timings.startedAt
 * `contractKey` is the workspace key of the contract (stable when the user edits the contract's
 * id), so a run belongs to exactly one contract and one content hash.
 *
 * Records are zod values and are parsed when read: a record that does not parse is skipped and
 * counted (the caller can say so), never passed on or allowed to crash the Run tab.
 *
 * A record names the profile, never holds it: no key, no headers. A profile's metrics-only
 * switch strips every body (request, answer, the endpoint's words, the violation messages that
 * quote the answer), keeping timings, usage, cost and pass/fail.
 *
 * Database versions: 1 was idb-keyval's layout (store `runs`, keys `run:<contract id>:...`,
 * records of version 1 without a contract key). Opening at version 2 adds `records`; the old
 * records are then read once, given the key of the workspace contract with their id, written to
 * `records` and deleted from `runs` (records that do not parse stay there, counted). Version 3
 * adds the suite stores beside `records` (plans, cell results, the response cache:
 * suite-stores.ts).
 */
import { z } from "zod";
import type { OutputEnforcement } from "../../contracts/assembly-types.ts";
import type { EndpointError } from "../../contracts/client/errors.ts";
import {
  ChatRequestSchema,
  OutputEnforcementSchema,
  OutputKindSchema,
  RunCostSchema,
  RunStatusSchema,
  RunTimingsSchema,
  RunVerdictSchema,
  ToolCallSchema,
  UsageSchema,
  type RunResult,
} from "../../contracts/run-case/result.ts";
import { OutputValidationSchema, type OutputValidation } from "../../contracts/validate-output.ts";
import { createSuiteStores } from "./suite-stores.ts";
import { TokenLogprobSchema } from "../../contracts/confidence/logprobs.ts";

export const RunParametersSchema = z.object({
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().optional(),
  seed: z.number().optional(),
  stop: z.array(z.string()).optional(),
  stream: z.boolean(),
  enforcement: OutputEnforcementSchema,
});
export type RunParameters = z.infer<typeof RunParametersSchema>;

/** The endpoint error as kept: its words, not its internals (no retry flags, no timers). */
export const RecordedErrorSchema = z.object({
  kind: z.string(),
  title: z.string(),
  explanation: z.string(),
  advice: z.array(z.string()),
  status: z.int().optional(),
  endpointMessage: z.string().optional(),
  jsonSchemaUnsupported: z.boolean().optional(),
});
export type RecordedError = z.infer<typeof RecordedErrorSchema>;

const recordFields = {
  id: z.string().min(1),
  contractId: z.string(),
  /** contentHash(draftBody(contract)) of the contract the request was assembled from. */
  contractHash: z.string(),
  /** The published version with that hash, when the draft was one. */
  contractVersion: z.string().nullable(),
  profileName: z.string(),
  model: z.string(),
  outputKind: OutputKindSchema,
  parameters: RunParametersSchema,
  metricsOnly: z.boolean(),
  /** null when metricsOnly. */
  request: ChatRequestSchema.nullable(),
  response: z.string().nullable(),
  refusal: z.string().nullable(),
  status: RunStatusSchema,
  finishReason: z.string().nullable(),
  httpStatus: z.int().nullable(),
  attempts: z.int().min(0),
  /** The retry notices shown during the run. */
  events: z.array(z.string()),
  timings: RunTimingsSchema,
  usage: UsageSchema,
  usageSource: z.enum(["endpoint", "estimated"]),
  cost: RunCostSchema.nullable(),
  validation: OutputValidationSchema.nullable(),
  error: RecordedErrorSchema.nullable(),
  /** The answer's token logprobs when the request asked (null: none came back); a body, so never kept when metricsOnly. */
  logprobs: z.array(TokenLogprobSchema).nullable().optional(),
  /** The first answer's tool calls (RunResult.toolCalls); their arguments are a body, so never kept when metricsOnly. */
  toolCalls: z.array(ToolCallSchema).optional(),
};

export const RunRecordSchema = z.object({
  version: z.literal(2),
  ...recordFields,
  /** The workspace key of the contract the run belongs to. */
  contractKey: z.string().min(1),
  /** The test case run, or null for the contract's test values. */
  caseId: z.string().nullable(),
  verdict: RunVerdictSchema,
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Records written before version 2: no contract key, no verdict. */
const LegacyRunRecordSchema = z.object({ version: z.literal(1), ...recordFields });
type LegacyRunRecord = z.infer<typeof LegacyRunRecordSchema>;

function legacyVerdict(r: LegacyRunRecord): RunRecord["verdict"] {
  if (r.status !== "ok") return "not_checked";
  if (r.validation) return r.validation.ok ? "kept" : "broken";
  return r.refusal ? "refused" : "not_checked";
}

export function migrateLegacyRecord(r: LegacyRunRecord, contractKey: string): RunRecord {
  return { ...r, version: 2, contractKey, caseId: null, verdict: legacyVerdict(r) };
}

export interface RunRecordInput {
  id: string;
  contractKey: string;
  contractId: string;
  /** The published version with the result's hash, if any. */
  contractVersion: string | null;
  profileName: string;
  metricsOnly: boolean;
  result: RunResult;
  /** The retry notices as shown. */
  events: string[];
}

function recordError(e: EndpointError | null, metricsOnly: boolean): RecordedError | null {
  if (!e) return null;
  return {
    kind: e.kind,
    title: e.title,
    explanation: e.explanation,
    advice: e.advice,
    ...("status" in e && typeof e.status === "number" ? { status: e.status } : {}),
    ...(e.kind === "bad_request" ? { jsonSchemaUnsupported: e.jsonSchemaUnsupported } : {}),
    ...(e.endpointMessage && !metricsOnly ? { endpointMessage: e.endpointMessage } : {}),
  };
}

function parametersOf(r: RunResult["request"], enforcement: OutputEnforcement): RunParameters {
  return {
    ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
    ...(r.top_p !== undefined ? { top_p: r.top_p } : {}),
    ...(r.max_tokens !== undefined ? { max_tokens: r.max_tokens } : {}),
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
    ...(r.stop !== undefined ? { stop: r.stop } : {}),
    stream: r.stream === true,
    enforcement,
  };
}

/** The record kept for a finished run: built field by field, so nothing else (a key, headers) can slip in. */
export function makeRunRecord(input: RunRecordInput): RunRecord {
  const { result: o, metricsOnly } = input;
  const validation: OutputValidation | null = o.validation
    ? metricsOnly
      ? { ok: o.validation.ok, violations: o.validation.violations.map((v) => ({ path: v.path, message: "(not kept: metrics-only profile)" })), warnings: [] }
      : { ok: o.validation.ok, violations: o.validation.violations, warnings: o.validation.warnings }
    : null;
  return {
    version: 2,
    id: input.id,
    contractKey: input.contractKey,
    contractId: input.contractId,
    contractHash: o.contractHash,
    contractVersion: input.contractVersion,
    caseId: o.caseId,
    profileName: input.profileName,
    model: o.model || o.request.model,
    outputKind: o.outputKind,
    parameters: parametersOf(o.request, o.enforcement),
    metricsOnly,
    request: metricsOnly ? null : structuredClone(o.request),
    response: metricsOnly ? null : o.output,
    refusal: metricsOnly ? null : o.refusal,
    status: o.status,
    verdict: o.verdict,
    finishReason: o.finishReason,
    httpStatus: o.httpStatus,
    attempts: o.attempts,
    events: [...input.events],
    timings: o.timings,
    usage: o.usage,
    usageSource: o.usageSource,
    cost: o.cost,
    validation,
    error: recordError(o.error, metricsOnly),
    ...(o.logprobs !== undefined && !metricsOnly ? { logprobs: o.logprobs } : {}),
    ...(o.toolCalls?.length && !metricsOnly ? { toolCalls: o.toolCalls } : {}),
  };
}

/** Records read back: the ones that parsed, newest first, and how many did not. */
export interface RunListing {
  records: RunRecord[];
  skipped: number;
}

export interface RunHistoryStore {
  save(record: RunRecord): Promise<void>;
  /** A contract's runs, newest first. */
  list(contractKey: string, limit?: number): Promise<RunListing>;
  /** A contract's runs of one content hash, newest first. */
  listByHash(contractKey: string, contractHash: string, limit?: number): Promise<RunListing>;
  /** The latest runs of every contract. */
  listRecent(limit?: number): Promise<RunListing>;
}

/** Parses what was read; bad values are counted, not returned. */
export function parseRecords(values: readonly unknown[]): RunListing {
  const records: RunRecord[] = [];
  let skipped = 0;
  for (const v of values) {
    const r = RunRecordSchema.safeParse(v);
    if (r.success) records.push(r.data);
    else skipped++;
  }
  return { records, skipped };
}

export interface IdbRunHistoryOptions {
  /** The workspace key of the contract with this id, for records from before contract keys. */
  keyForContractId: (contractId: string) => string | null;
  indexedDB?: IDBFactory;
  keyRange?: typeof IDBKeyRange;
  dbName?: string;
}

export const RUNS_DB = "contract-studio-runs";
/** 3 adds the suite stores (suite-store.ts) beside `records`; 4 the cell summaries and their packs (filled from the stored cells). */
export const RUNS_DB_VERSION = 4;
const RECORDS = "records";
const LEGACY = "runs";

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error)), (tx.onabort = () => reject(tx.error))));

/** Opens the runs database (records and the suite stores), creating what a version adds. */
export function openRunsDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, RUNS_DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(RECORDS)) {
        const store = db.createObjectStore(RECORDS, { keyPath: "id" });
        store.createIndex("byContract", ["contractKey", "timings.startedAt"]);
        store.createIndex("byHash", ["contractKey", "contractHash", "timings.startedAt"]);
        store.createIndex("byTime", "timings.startedAt");
      }
      createSuiteStores(db, req.transaction ?? undefined);
    };
    req.onsuccess = () => {
      const db = req.result;
      // A newer version in another tab must not be blocked by this connection.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error);
  });
}

/** Moves the records of the old layout into `records` (once: moved records leave `runs`). */
export async function migrateLegacyRuns(db: IDBDatabase, keyFor: (contractId: string) => string | null): Promise<{ moved: number; skipped: number }> {
  if (!db.objectStoreNames.contains(LEGACY)) return { moved: 0, skipped: 0 };
  const tx = db.transaction([LEGACY, RECORDS], "readwrite");
  const legacy = tx.objectStore(LEGACY);
  const [keys, values] = await Promise.all([done(legacy.getAllKeys()), done(legacy.getAll())]);
  let moved = 0;
  let skipped = 0;
  values.forEach((value, i) => {
    const old = LegacyRunRecordSchema.safeParse(value);
    const current = old.success ? null : RunRecordSchema.safeParse(value);
    const record = old.success
      ? migrateLegacyRecord(old.data, keyFor(old.data.contractId) ?? `orphan:${old.data.contractId}`)
      : current?.success
        ? current.data
        : null;
    if (!record) {
      skipped++;
      return;
    }
    tx.objectStore(RECORDS).put(record);
    legacy.delete(keys[i]!);
    moved++;
  });
  await finished(tx);
  return { moved, skipped };
}

export function idbRunHistory(options: IdbRunHistoryOptions): RunHistoryStore {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const range = options.keyRange ?? globalThis.IDBKeyRange;
  let ready: Promise<IDBDatabase> | null = null;
  let legacySkipped = 0;
  const db = () =>
    (ready ??= openRunsDatabase(factory, options.dbName ?? RUNS_DB).then(async (d) => {
      legacySkipped = (await migrateLegacyRuns(d, options.keyForContractId)).skipped;
      return d;
    }));

  /** Newest first along an index, within [lower, upper], up to `limit` records that parse. */
  const read = async (index: string, lower: IDBValidKey, upper: IDBValidKey, limit: number): Promise<RunListing> => {
    const store = (await db()).transaction(RECORDS).objectStore(RECORDS);
    const req = store.index(index).openCursor(range.bound(lower, upper), "prev");
    const records: RunRecord[] = [];
    let skipped = 0;
    await new Promise<void>((resolve, reject) => {
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor || records.length >= limit) return resolve();
        const r = RunRecordSchema.safeParse(cursor.value);
        if (r.success) records.push(r.data);
        else skipped++;
        cursor.continue();
      };
    });
    return { records, skipped };
  };

  return {
    save: async (record) => {
      const tx = (await db()).transaction(RECORDS, "readwrite");
      tx.objectStore(RECORDS).put(RunRecordSchema.parse(record));
      await finished(tx);
    },
    list: (contractKey, limit = 50) => read("byContract", [contractKey, -Infinity], [contractKey, Infinity], limit),
    listByHash: (contractKey, contractHash, limit = 50) => read("byHash", [contractKey, contractHash, -Infinity], [contractKey, contractHash, Infinity], limit),
    // Old records that could not be migrated belong to no contract: they are counted here.
    listRecent: async (limit = 50) => {
      const listing = await read("byTime", -Infinity, Infinity, limit);
      return { ...listing, skipped: listing.skipped + legacySkipped };
    },
  };
}

/** A store in memory (tests, benchmarks, and when IndexedDB is unavailable). */
export function memoryRunHistory(): RunHistoryStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  const newestFirst = (filter: (r: RunRecord) => boolean, limit: number): RunListing => {
    const listing = parseRecords([...values.values()]);
    const records = listing.records
      .filter(filter)
      .sort((a, b) => b.timings.startedAt - a.timings.startedAt)
      .slice(0, limit);
    return { records, skipped: listing.skipped };
  };
  return {
    values,
    save: async (record) => void values.set(record.id, structuredClone(RunRecordSchema.parse(record))),
    list: async (key, limit = 50) => newestFirst((r) => r.contractKey === key, limit),
    listByHash: async (key, hash, limit = 50) => newestFirst((r) => r.contractKey === key && r.contractHash === hash, limit),
    listRecent: async (limit = 50) => newestFirst(() => true, limit),
  };
}
