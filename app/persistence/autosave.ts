/**
 * Autosave: watches the store and writes what changed (per-contract records and the index).
 * Writes are debounced a little, and flushed when the page is hidden or unloaded so a change
 * made just before a reload is kept: the flush starts every pending write synchronously.
 */
import type { StudioState, StudioStore } from "../store/index.ts";
import type { KeyValueStorage } from "./storage.ts";
import { INDEX_KEY, contractKey, toRecord, type IndexRecord } from "./workspace-records.ts";

export interface Autosave {
  /** Starts every pending write now; resolves when they are done. */
  flush(): Promise<void>;
  stop(): void;
}

function indexOf(s: StudioState): IndexRecord {
  return { version: 1, order: s.order, selectedKey: s.selectedKey, editorTab: s.editorTab, sideTab: s.sideTab, encoding: s.encoding };
}

const sameIndex = (a: IndexRecord, b: IndexRecord) =>
  a.order === b.order && a.selectedKey === b.selectedKey && a.editorTab === b.editorTab && a.sideTab === b.sideTab && a.encoding === b.encoding;

export function startAutosave(
  store: StudioStore,
  storage: KeyValueStorage,
  { delayMs = 150, target = typeof window === "undefined" ? null : window }: { delayMs?: number; target?: Window | null } = {},
): Autosave {
  const dirty = new Set<string>();
  let indexDirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastIndex = indexOf(store.getState());
  let inFlight: Promise<unknown> = Promise.resolve();

  /** `unloading`: called from beforeunload/pagehide, when only writes issued at once survive. */
  const flush = (unloading = false): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const s = store.getState();
    const writes: Promise<void>[] = [];
    for (const key of dirty) {
      const e = s.entries[key];
      writes.push(e ? storage.set(contractKey(key), toRecord(e), { unloading }) : storage.del(contractKey(key)));
    }
    dirty.clear();
    if (indexDirty) writes.push(storage.set(INDEX_KEY, indexOf(s)));
    indexDirty = false;
    const all = Promise.all([inFlight, ...writes]);
    inFlight = all;
    return all.then(() => {
      if (inFlight === all && !timer) store.getState().setSaved(true);
    });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    let changed = false;
    if (s.entries !== prev.entries) {
      for (const key of Object.keys(s.entries)) if (s.entries[key] !== prev.entries[key]) dirty.add(key);
      for (const key of Object.keys(prev.entries)) if (!(key in s.entries)) dirty.add(key);
      changed = true;
    }
    const idx = indexOf(s);
    if (!sameIndex(idx, lastIndex)) {
      lastIndex = idx;
      indexDirty = true;
      changed = true;
    }
    if (changed) {
      schedule();
      if (s.saved) s.setSaved(false);
    }
  });

  const onHide = () => void flush(true);
  const onVisibility = () => {
    if (document.visibilityState === "hidden") void flush();
  };
  target?.addEventListener("pagehide", onHide);
  target?.addEventListener("beforeunload", onHide);
  target?.document.addEventListener("visibilitychange", onVisibility);

  return {
    flush,
    stop: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      target?.removeEventListener("pagehide", onHide);
      target?.removeEventListener("beforeunload", onHide);
      target?.document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}

/** Writes a freshly seeded workspace in full (first run). */
export async function writeAll(store: StudioStore, storage: KeyValueStorage): Promise<void> {
  const s = store.getState();
  await Promise.all(Object.values(s.entries).map((e) => storage.set(contractKey(e.key), toRecord(e))));
  await storage.set(INDEX_KEY, indexOf(s));
}
