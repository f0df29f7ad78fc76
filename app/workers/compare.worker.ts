/** Compares two columns of a suite off the main thread, reading the suite's cells from IndexedDB here (a bootstrap over 2,500 cases takes ~100 ms). */
import { idbSuiteStore } from "../persistence/suite-store.ts";
import { compareSides, type CompareReply, type CompareRequest } from "./compare-client.ts";

let store: ReturnType<typeof idbSuiteStore> | null = null;
let storeName: string | undefined;

self.onmessage = async (e: MessageEvent<CompareRequest>) => {
  const { id, suiteId, dbName, before, after } = e.data;
  let reply: CompareReply;
  try {
    if (!store || storeName !== dbName) {
      store = idbSuiteStore(dbName ? { dbName } : {});
      storeName = dbName;
    }
    const [record, { cells }] = await Promise.all([store.getSuite(suiteId), store.cellsOf(suiteId)]);
    if (!record) throw new Error(`suite ${suiteId} is not stored`);
    reply = { id, value: compareSides(cells, record.plan, before, after) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
