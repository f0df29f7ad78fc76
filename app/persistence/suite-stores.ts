/**
 * The suite's object stores in the runs database (version 3), next to the run records:
 *   suites     a suite's plan and status, keyPath `id`
 *              byContract [contractKey, createdAt]  (the latest suites of a contract)
 *   cells      one finished cell, keyPath [suiteId, cellId]
 *              bySuite    suiteId                   (what a resume or the grid reads)
 *              byContract [contractKey, finishedAt] (the dashboard over every suite)
 *   responses  the response cache: out-of-line key = requestKey(url, body), value CachedResponse
 * Kept in its own module so run-history.ts can create them without importing the suite code.
 */
export const SUITES = "suites";
export const CELLS = "cells";
export const RESPONSES = "responses";

export function createSuiteStores(db: IDBDatabase): void {
  if (!db.objectStoreNames.contains(SUITES)) {
    db.createObjectStore(SUITES, { keyPath: "id" }).createIndex("byContract", ["contractKey", "createdAt"]);
  }
  if (!db.objectStoreNames.contains(CELLS)) {
    const cells = db.createObjectStore(CELLS, { keyPath: ["suiteId", "cellId"] });
    cells.createIndex("bySuite", "suiteId");
    cells.createIndex("byContract", ["contractKey", "finishedAt"]);
  }
  if (!db.objectStoreNames.contains(RESPONSES)) db.createObjectStore(RESPONSES);
}
