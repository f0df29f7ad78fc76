/**
 * Where the workspace is persisted: a tiny key-value interface so tests can use a Map and the
 * app uses IndexedDB (idb-keyval with its own database, apart from anything else on the origin).
 */
import { createStore, get, del, keys, update, promisifyRequest } from "idb-keyval";

export interface KeyValueStorage {
  get<T>(key: string): Promise<T | undefined>;
  /**
   * Starts the write synchronously (so a call from `pagehide` is already under way).
   * `unloading`: the page is going away, so the write must be issued now, with no read first.
   */
  set(key: string, value: unknown, options?: { unloading?: boolean }): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
  /**
   * Reads and writes one key in a single transaction, so no other tab can write between the
   * read and the write (the two-tab check in app/features/versions/tab-sync.ts relies on it).
   */
  update?<T>(key: string, updater: (old: T | undefined) => T): Promise<void>;
}

export function idbStorage(dbName = "contract-studio", storeName = "workspace"): KeyValueStorage {
  const store = createStore(dbName, storeName);
  return {
    get: <T>(key: string) => get<T>(key, store),
    // idb-keyval's set, plus an explicit commit: an auto-commit waits for the put's success
    // event to come back to the page, which never happens when the page is unloading.
    set: (key, value) =>
      store("readwrite", (os) => {
        os.put(value, key);
        os.transaction.commit?.();
        return promisifyRequest(os.transaction);
      }),
    del: (key) => del(key, store),
    keys: async () => (await keys(store)).map(String),
    update: <T>(key: string, updater: (old: T | undefined) => T) => update<T>(key, updater, store),
  };
}

/** A Map-backed storage for tests (values are cloned as IndexedDB would). */
export function memoryStorage(map = new Map<string, unknown>()): KeyValueStorage & { map: Map<string, unknown> } {
  return {
    map,
    get: async <T>(key: string) => (map.has(key) ? (structuredClone(map.get(key)) as T) : undefined),
    set: async (key, value) => {
      map.set(key, structuredClone(value));
    },
    del: async (key) => {
      map.delete(key);
    },
    keys: async () => [...map.keys()],
    update: async <T>(key: string, updater: (old: T | undefined) => T) => {
      map.set(key, structuredClone(updater(map.has(key) ? (structuredClone(map.get(key)) as T) : undefined)));
    },
  };
}
