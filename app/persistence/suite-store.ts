/**
 * Suites in IndexedDB: the plan (so a reload mid-suite can resume exactly what was planned),
 * every finished cell with its contract hash, model and parameters (CellResult carries them,
 * so a grid never mixes versions silently), its compact summary (cell-summary.ts: what the
 * grid and the dashboard read; written in the same transaction as the cell), and the response
 * cache. The stores live in the
 * runs database beside the run records (suite-stores.ts has the layout).
 *
 * Everything is parsed when read back: a value that does not parse is skipped and counted.
 */
import { z } from "zod";
import {
  CachedResponseSchema,
  CellResultSchema,
  PlannedTargetSchema,
  SuitePlanSchema,
  SuiteProgressSchema,
  type CachedResponse,
  type CellResult,
  type ResponseCache,
  type ResultStore,
} from "../../contracts/eval/suite/types.ts";
import type { Classify } from "../../contracts/eval/summary.ts";
import { parseSummaries, summarizeCell, type SummaryListing } from "../../contracts/eval/suite/cell-summary.ts";
import { openRunsDatabase, RUNS_DB } from "./run-history.ts";
import { CELLS, PACKS, RESPONSES, SUITES, SUMMARIES } from "./suite-stores.ts";

export const SuiteStatusSchema = z.enum(["running", "completed", "cancelled"]);
export type StoredSuiteStatus = z.infer<typeof SuiteStatusSchema>;

export const SuiteRecordSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().min(1),
  /** The workspace key of the contract (stable across id edits). */
  contractKey: z.string().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** "running" after a reload means interrupted: the Suite tab offers to resume it. */
  status: SuiteStatusSchema,
  plan: SuitePlanSchema,
  progress: SuiteProgressSchema.nullable(),
});
export type SuiteRecord = z.infer<typeof SuiteRecordSchema>;

/**
 * A stored suite as the Suite tab shows it: the record with each target's body checked only
 * for its policy texts (refusal and "I don't know" are judged by them). Parsing the bodies in
 * full (each a whole contract with all its cases: ~300 ms for 2 × 2,500 cases) bought a view
 * nothing; resume reads the suite with getSuite, which parses everything it runs.
 */
const ViewedBodySchema = z.looseObject({ policy: z.looseObject({ refusalStyle: z.string(), unknownAnswer: z.string() }) });
export const ViewedSuiteSchema = SuiteRecordSchema.extend({
  plan: SuitePlanSchema.extend({ targets: z.array(PlannedTargetSchema.extend({ body: ViewedBodySchema })).min(1) }),
});
export type ViewedSuite = z.infer<typeof ViewedSuiteSchema>;

export const StoredCellSchema = CellResultSchema.extend({ contractKey: z.string().min(1) });
export type StoredCell = z.infer<typeof StoredCellSchema>;

export interface CellListing {
  cells: CellResult[];
  skipped: number;
}

export interface SuiteStore {
  saveSuite(record: SuiteRecord): Promise<void>;
  getSuite(id: string): Promise<SuiteRecord | undefined>;
  /** The suite to show (its targets' bodies checked for their policy only, see ViewedSuiteSchema). */
  viewSuite(id: string): Promise<ViewedSuite | undefined>;
  /** A contract's suites, newest first. */
  listSuites(contractKey: string, limit?: number): Promise<SuiteRecord[]>;
  /** The id of a contract's newest suite, read from the index alone (no plan is read or parsed). */
  latestSuiteId(contractKey: string): Promise<string | undefined>;
  /** Stores the cell and its summary (refusal and "I don't know" classified by `classify`: the suite's own policies). */
  putCell(contractKey: string, result: CellResult, classify?: Classify): Promise<void>;
  cellsOf(suiteId: string): Promise<CellListing>;
  /** The full cells of these ids (a cell opened in the grid). */
  cellsById(suiteId: string, cellIds: readonly string[]): Promise<CellResult[]>;
  /** Every stored cell of a contract over all its suites. */
  cellsOfContract(contractKey: string): Promise<CellListing>;
  /** A suite's cell summaries (the grid). */
  summariesOf(suiteId: string): Promise<SummaryListing>;
  /** Every cell summary of a contract over all its suites (the dashboard). */
  summariesOfContract(contractKey: string): Promise<SummaryListing>;
  cache: ResponseCache;
}

/** The runner's result store for one suite: reads from what was loaded, writes through. */
export function resultStoreFor(store: SuiteStore, contractKey: string, loaded: readonly CellResult[], classify?: Classify): ResultStore {
  const byId = new Map(loaded.map((c) => [c.cellId, c]));
  return {
    get: async (cellId) => byId.get(cellId),
    put: async (result) => {
      byId.set(result.cellId, result);
      await store.putCell(contractKey, result, classify);
    },
  };
}

function parseCells(values: readonly unknown[]): CellListing {
  const cells: CellResult[] = [];
  let skipped = 0;
  for (const v of values) {
    const r = StoredCellSchema.safeParse(v);
    if (!r.success) {
      skipped++;
      continue;
    }
    const { contractKey: _key, ...cell } = r.data;
    cells.push(cell);
  }
  return { cells, skipped };
}

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error)), (tx.onabort = () => reject(tx.error))));

export interface IdbSuiteStoreOptions {
  indexedDB?: IDBFactory;
  keyRange?: typeof IDBKeyRange;
  dbName?: string;
}

/**
 * A suite's summaries as stored values, from its pack; without one, read one by one and packed
 * in the same transaction (no cell can be written between the read and the pack).
 */
async function packOf(db: IDBDatabase, suiteId: string): Promise<unknown[]> {
  const tx = db.transaction([PACKS, SUMMARIES], "readwrite");
  const packs = tx.objectStore(PACKS);
  const pack = (await done(packs.get(suiteId))) as { rows?: unknown } | undefined;
  if (pack && Array.isArray(pack.rows)) return pack.rows as unknown[];
  const rows = await done(tx.objectStore(SUMMARIES).index("bySuite").getAll(suiteId));
  if (rows.length) packs.put({ suiteId, rows });
  await finished(tx);
  return rows;
}

/** The ids of the suites with summaries of a contract: a key cursor that jumps past each suite's cells. */
function suiteIdsOf(db: IDBDatabase, contractKey: string, range: typeof IDBKeyRange): Promise<string[]> {
  const ids: string[] = [];
  const req = db
    .transaction(SUMMARIES)
    .objectStore(SUMMARIES)
    .index("byContractSuite")
    .openKeyCursor(range.bound([contractKey, ""], [contractKey, []]));
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return resolve(ids);
      const id = String((c.key as [string, string])[1]);
      ids.push(id);
      // The smallest key after every [contractKey, id, …]: id followed by the lowest code unit.
      c.continue([contractKey, id + "\u0000"]);
    };
    req.onerror = () => reject(req.error);
  });
}

export function idbSuiteStore(options: IdbSuiteStoreOptions = {}): SuiteStore {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const range = options.keyRange ?? globalThis.IDBKeyRange;
  let ready: Promise<IDBDatabase> | null = null;
  const db = () => (ready ??= openRunsDatabase(factory, options.dbName ?? RUNS_DB));
  const write = async (name: string, put: (os: IDBObjectStore) => void) => {
    const tx = (await db()).transaction(name, "readwrite");
    put(tx.objectStore(name));
    await finished(tx);
  };
  const contractRange = (key: string) => range.bound([key, -Infinity], [key, Infinity]);
  const readAll = async (name: string, index: string, query: IDBKeyRange | IDBValidKey) =>
    done((await db()).transaction(name).objectStore(name).index(index).getAll(query));

  return {
    saveSuite: (record) => write(SUITES, (os) => os.put(SuiteRecordSchema.parse(record))),
    getSuite: async (id) => {
      const v = await done((await db()).transaction(SUITES).objectStore(SUITES).get(id));
      const r = SuiteRecordSchema.safeParse(v);
      return r.success ? r.data : undefined;
    },
    viewSuite: async (id) => {
      const v = await done((await db()).transaction(SUITES).objectStore(SUITES).get(id));
      const r = ViewedSuiteSchema.safeParse(v);
      return r.success ? r.data : undefined;
    },
    listSuites: async (contractKey, limit = 20) => {
      const values = await readAll(SUITES, "byContract", range.bound([contractKey, -Infinity], [contractKey, Infinity]));
      return values
        .flatMap((v) => {
          const r = SuiteRecordSchema.safeParse(v);
          return r.success ? [r.data] : [];
        })
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit);
    },
    latestSuiteId: async (contractKey) => {
      const index = (await db()).transaction(SUITES).objectStore(SUITES).index("byContract");
      const cursor = await done(index.openKeyCursor(range.bound([contractKey, -Infinity], [contractKey, Infinity]), "prev"));
      return cursor ? String(cursor.primaryKey) : undefined;
    },
    putCell: async (contractKey, result, classify) => {
      const summary = summarizeCell(result, contractKey, classify);
      const tx = (await db()).transaction([CELLS, SUMMARIES, PACKS], "readwrite");
      tx.objectStore(CELLS).put({ ...result, contractKey });
      tx.objectStore(SUMMARIES).put(summary);
      tx.objectStore(PACKS).delete(result.suiteId);
      await finished(tx);
    },
    cellsOf: async (suiteId) => parseCells(await readAll(CELLS, "bySuite", suiteId)),
    cellsById: async (suiteId, cellIds) => {
      const os = (await db()).transaction(CELLS).objectStore(CELLS);
      const values = await Promise.all(cellIds.map((id) => done(os.get([suiteId, id]))));
      return parseCells(values.filter((v) => v !== undefined)).cells;
    },
    cellsOfContract: async (contractKey) => parseCells(await readAll(CELLS, "byContract", contractRange(contractKey))),
    summariesOf: async (suiteId) => parseSummaries(await packOf(await db(), suiteId)),
    summariesOfContract: async (contractKey) => {
      // Each of the contract's suites from its pack.
      const d = await db();
      const ids = await suiteIdsOf(d, contractKey, range);
      const packs = await Promise.all(ids.map((id) => packOf(d, id)));
      return parseSummaries(packs.flat().filter((v) => (v as { contractKey?: unknown } | null)?.contractKey === contractKey));
    },
    cache: {
      get: async (key) => {
        const v = await done((await db()).transaction(RESPONSES).objectStore(RESPONSES).get(key));
        const r = CachedResponseSchema.safeParse(v);
        return r.success ? r.data : undefined;
      },
      put: (key, value) => write(RESPONSES, (os) => os.put(CachedResponseSchema.parse(value), key)),
    },
  };
}

/** The same in memory (tests, benches, and when IndexedDB is unavailable). */
export function memorySuiteStore(): SuiteStore & { cells: Map<string, unknown>; summaries: Map<string, unknown>; responses: Map<string, CachedResponse> } {
  const suites = new Map<string, SuiteRecord>();
  const cells = new Map<string, unknown>();
  const summaries = new Map<string, unknown>();
  const responses = new Map<string, CachedResponse>();
  const inContract = (key: string) => (c: unknown) => (c as { contractKey?: unknown }).contractKey === key;
  const inSuite = (id: string) => (c: unknown) => (c as { suiteId?: unknown }).suiteId === id;
  return {
    cells,
    summaries,
    responses,
    saveSuite: async (record) => void suites.set(record.id, structuredClone(SuiteRecordSchema.parse(record))),
    getSuite: async (id) => structuredClone(suites.get(id)),
    viewSuite: async (id) => structuredClone(suites.get(id)),
    listSuites: async (key, limit = 20) =>
      [...suites.values()]
        .filter((s) => s.contractKey === key)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit)
        .map((s) => structuredClone(s)),
    latestSuiteId: async (key) => [...suites.values()].filter((s) => s.contractKey === key).sort((a, b) => b.createdAt - a.createdAt)[0]?.id,
    putCell: async (contractKey, result, classify) => {
      const id = `${result.suiteId}\n${result.cellId}`;
      cells.set(id, structuredClone({ ...result, contractKey }));
      summaries.set(id, summarizeCell(result, contractKey, classify));
    },
    cellsOf: async (suiteId) => parseCells([...cells.values()].filter(inSuite(suiteId))),
    cellsById: async (suiteId, ids) => parseCells(ids.flatMap((id) => cells.get(`${suiteId}\n${id}`) ?? [])).cells,
    cellsOfContract: async (key) => parseCells([...cells.values()].filter(inContract(key))),
    summariesOf: async (suiteId) => parseSummaries([...summaries.values()].filter(inSuite(suiteId))),
    summariesOfContract: async (key) => parseSummaries([...summaries.values()].filter(inContract(key))),
    cache: {
      get: async (key) => structuredClone(responses.get(key)),
      put: async (key, value) => void responses.set(key, structuredClone(value)),
    },
  };
}
