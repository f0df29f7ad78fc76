/**
 * Suites in IndexedDB: the plan (so a reload mid-suite can resume exactly what was planned),
 * every finished cell with its contract hash, model and parameters (CellResult carries them,
 * so a grid never mixes versions silently), and the response cache. The stores live in the
 * runs database beside the run records (suite-stores.ts has the layout).
 *
 * Everything is parsed when read back: a value that does not parse is skipped and counted.
 */
import { z } from "zod";
import {
  CachedResponseSchema,
  CellResultSchema,
  SuitePlanSchema,
  SuiteProgressSchema,
  type CachedResponse,
  type CellResult,
  type ResponseCache,
  type ResultStore,
} from "../../contracts/eval/suite/types.ts";
import { openRunsDatabase, RUNS_DB } from "./run-history.ts";
import { CELLS, RESPONSES, SUITES } from "./suite-stores.ts";

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

export const StoredCellSchema = CellResultSchema.extend({ contractKey: z.string().min(1) });
export type StoredCell = z.infer<typeof StoredCellSchema>;

export interface CellListing {
  cells: CellResult[];
  skipped: number;
}

export interface SuiteStore {
  saveSuite(record: SuiteRecord): Promise<void>;
  getSuite(id: string): Promise<SuiteRecord | undefined>;
  /** A contract's suites, newest first. */
  listSuites(contractKey: string, limit?: number): Promise<SuiteRecord[]>;
  /** The id of a contract's newest suite, read from the index alone (no plan is read or parsed). */
  latestSuiteId(contractKey: string): Promise<string | undefined>;
  putCell(contractKey: string, result: CellResult): Promise<void>;
  cellsOf(suiteId: string): Promise<CellListing>;
  /** Every stored cell of a contract over all its suites (the dashboard). */
  cellsOfContract(contractKey: string): Promise<CellListing>;
  cache: ResponseCache;
}

/** The runner's result store for one suite: reads from what was loaded, writes through. */
export function resultStoreFor(store: SuiteStore, contractKey: string, loaded: readonly CellResult[]): ResultStore {
  const byId = new Map(loaded.map((c) => [c.cellId, c]));
  return {
    get: async (cellId) => byId.get(cellId),
    put: async (result) => {
      byId.set(result.cellId, result);
      await store.putCell(contractKey, result);
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
  const readAll = async (name: string, index: string, query: IDBKeyRange | IDBValidKey) =>
    done((await db()).transaction(name).objectStore(name).index(index).getAll(query));

  return {
    saveSuite: (record) => write(SUITES, (os) => os.put(SuiteRecordSchema.parse(record))),
    getSuite: async (id) => {
      const v = await done((await db()).transaction(SUITES).objectStore(SUITES).get(id));
      const r = SuiteRecordSchema.safeParse(v);
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
    putCell: (contractKey, result) => write(CELLS, (os) => os.put({ ...result, contractKey })),
    cellsOf: async (suiteId) => parseCells(await readAll(CELLS, "bySuite", suiteId)),
    cellsOfContract: async (contractKey) => parseCells(await readAll(CELLS, "byContract", range.bound([contractKey, -Infinity], [contractKey, Infinity]))),
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
export function memorySuiteStore(): SuiteStore & { cells: Map<string, unknown>; responses: Map<string, CachedResponse> } {
  const suites = new Map<string, SuiteRecord>();
  const cells = new Map<string, unknown>();
  const responses = new Map<string, CachedResponse>();
  return {
    cells,
    responses,
    saveSuite: async (record) => void suites.set(record.id, structuredClone(SuiteRecordSchema.parse(record))),
    getSuite: async (id) => structuredClone(suites.get(id)),
    listSuites: async (key, limit = 20) =>
      [...suites.values()]
        .filter((s) => s.contractKey === key)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit)
        .map((s) => structuredClone(s)),
    latestSuiteId: async (key) => [...suites.values()].filter((s) => s.contractKey === key).sort((a, b) => b.createdAt - a.createdAt)[0]?.id,
    putCell: async (contractKey, result) => void cells.set(`${result.suiteId}\n${result.cellId}`, structuredClone({ ...result, contractKey })),
    cellsOf: async (suiteId) => parseCells([...cells.values()].filter((c) => (c as { suiteId?: unknown }).suiteId === suiteId)),
    cellsOfContract: async (key) => parseCells([...cells.values()].filter((c) => (c as { contractKey?: unknown }).contractKey === key)),
    cache: {
      get: async (key) => structuredClone(responses.get(key)),
      put: async (key, value) => void responses.set(key, structuredClone(value)),
    },
  };
}
