/**
 * The suite's object stores in the runs database (version 3; 4 adds `summaries` and `packs`), next to the run records:
 *   suites     a suite's plan and status, keyPath `id`
 *              byContract [contractKey, createdAt]  (the latest suites of a contract)
 *   cells      one finished cell, keyPath [suiteId, cellId]
 *              bySuite    suiteId                   (what a resume or the grid reads)
 *              byContract [contractKey, finishedAt] (the dashboard over every suite)
 *   summaries  the compact form of each cell (cell-summary.ts), same key and indexes as `cells`
 *              and byContractSuite [contractKey, suiteId]:
 *              what the grid and the dashboard read, so they never load raw outputs
 *   packs      a suite's summaries in one record, keyPath `suiteId`: reading 10,000 records
 *              costs the browser far more than one record holding them (measured: ~200 ms
 *              against ~10 ms), so a suite is read from its pack. Writing a cell deletes its
 *              suite's pack in the same transaction, and a read without a pack rebuilds it,
 *              so a pack that exists is always whole.
 *   responses  the response cache: out-of-line key = requestKey(url, body), value CachedResponse
 * Kept in its own module so run-history.ts can create them without importing the suite code.
 */
import { CellResultSchema } from "../../contracts/eval/suite/types.ts";
import { classifyForTargets, classifyPlain, summarizeCell } from "../../contracts/eval/suite/cell-summary.ts";

export const SUITES = "suites";
export const CELLS = "cells";
export const SUMMARIES = "summaries";
export const PACKS = "packs";
export const RESPONSES = "responses";

/**
 * Creates what is missing. `upgrade` is the versionchange transaction: when it adds the
 * summaries store to a database that already holds cells (version 3), every stored cell gets
 * its summary in the same transaction, so an upgrade keeps every suite readable.
 */
export function createSuiteStores(db: IDBDatabase, upgrade?: IDBTransaction): void {
  if (!db.objectStoreNames.contains(SUITES)) {
    db.createObjectStore(SUITES, { keyPath: "id" }).createIndex("byContract", ["contractKey", "createdAt"]);
  }
  if (!db.objectStoreNames.contains(CELLS)) {
    const cells = db.createObjectStore(CELLS, { keyPath: ["suiteId", "cellId"] });
    cells.createIndex("bySuite", "suiteId");
    cells.createIndex("byContract", ["contractKey", "finishedAt"]);
  }
  if (!db.objectStoreNames.contains(RESPONSES)) db.createObjectStore(RESPONSES);
  if (!db.objectStoreNames.contains(SUMMARIES)) {
    const summaries = db.createObjectStore(SUMMARIES, { keyPath: ["suiteId", "cellId"] });
    summaries.createIndex("bySuite", "suiteId");
    summaries.createIndex("byContract", ["contractKey", "finishedAt"]);
    // A contract's suite ids, one key-cursor step per suite (the dashboard reads their packs).
    summaries.createIndex("byContractSuite", ["contractKey", "suiteId"]);
    if (upgrade) backfillSummaries(upgrade);
  }
  if (!db.objectStoreNames.contains(PACKS)) db.createObjectStore(PACKS, { keyPath: "suiteId" });
}

/** One summary per stored cell, classified in its suite's own policies; cells that do not parse are left as they are (the store skips them on read too). */
function backfillSummaries(tx: IDBTransaction): void {
  const suites = tx.objectStore(SUITES).getAll();
  suites.onsuccess = () => {
    const classifiers = new Map<string, ReturnType<typeof classifyForTargets>>();
    for (const v of suites.result as { id?: unknown; plan?: { targets?: unknown } }[]) {
      const targets = v?.plan?.targets;
      if (typeof v?.id === "string" && Array.isArray(targets)) classifiers.set(v.id, classifyForTargets(targets));
    }
    const out = tx.objectStore(SUMMARIES);
    const cursor = tx.objectStore(CELLS).openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      const { contractKey, ...rest } = (c.value ?? {}) as { contractKey?: unknown };
      const cell = CellResultSchema.safeParse(rest);
      if (cell.success && typeof contractKey === "string" && contractKey)
        out.put(summarizeCell(cell.data, contractKey, classifiers.get(cell.data.suiteId) ?? classifyPlain));
      c.continue();
    };
  };
}
