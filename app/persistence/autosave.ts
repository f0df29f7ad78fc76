/**
 * Autosave: watches the store and writes what changed (per-contract records and the index).
 * Writes are debounced a little, and flushed when the page is hidden or unloaded. An
 * IndexedDB write started during unload may not commit before the page is gone, so at that
 * moment every record whose write is not yet confirmed also goes to the synchronous unload
 * journal (unload-journal.ts), which the next boot restores from: the edit made just before
 * a reload or a tab close is kept whatever the machine's load.
 */
import type { StudioState, StudioStore } from "../store/index.ts";
import type { KeyValueStorage } from "./storage.ts";
import type { JournalEntry, UnloadJournal } from "./unload-journal.ts";
import { INDEX_KEY, contractKey, toRecord, type ContractRecord, type IndexRecord } from "./workspace-records.ts";

export interface Autosave {
  /**
   * Starts every pending write now; resolves when they are done. `unloading`: the page is
   * going away (the journal gets what is not confirmed yet, writes are issued with no read first).
   */
  flush(unloading?: boolean): Promise<void>;
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
  {
    delayMs = 150,
    target = typeof window === "undefined" ? null : window,
    journal = null,
    baseOf = () => undefined,
  }: {
    delayMs?: number;
    target?: Window | null;
    /** Where unconfirmed records go when the page hides or unloads (null: nowhere). */
    journal?: UnloadJournal | null;
    /** The stored revision this tab last loaded or wrote (the two-tab base), if known. */
    baseOf?: (key: string) => number | undefined;
  } = {},
): Autosave {
  const dirty = new Set<string>();
  let indexDirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastIndex = indexOf(store.getState());
  let inFlight: Promise<unknown> = Promise.resolve();
  /**
   * Records written but not yet confirmed by storage, per key (what the journal must hold), with
   * the base revision from before the write was issued (the write itself may move the base).
   */
  const unconfirmed = new Map<string, JournalEntry>();
  let indexUnconfirmed: IndexRecord | null = null;
  /** Keys this page put in the journal: a later confirmed write of the key removes the entry. */
  const journaled = new Set<string>();

  const writeContract = (key: string, record: ContractRecord, unloading: boolean): Promise<void> => {
    const entry = { record, base: baseOf(key) ?? null };
    unconfirmed.set(key, entry);
    return storage.set(contractKey(key), record, { unloading }).then(() => {
      if (unconfirmed.get(key) !== entry) return;
      unconfirmed.delete(key);
      if (journaled.delete(key)) journal?.remove(key);
    });
  };

  const writeIndex = (index: IndexRecord): Promise<void> => {
    indexUnconfirmed = index;
    return storage.set(INDEX_KEY, index).then(() => {
      if (indexUnconfirmed === index) indexUnconfirmed = null;
    });
  };

  /** `unloading`: called from beforeunload/pagehide, when only synchronous work is sure to happen. */
  const flush = (unloading = false, hiding = unloading): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const s = store.getState();
    const writes: Promise<void>[] = [];
    const records = new Map<string, ContractRecord>();
    for (const key of dirty) {
      const e = s.entries[key];
      if (e) records.set(key, toRecord(e));
      else writes.push(storage.del(contractKey(key)));
    }
    dirty.clear();
    const index = indexDirty ? indexOf(s) : null;
    indexDirty = false;
    if (hiding && journal) {
      // Synchronously, before this flush's writes are issued (they may move the base).
      const pending = new Map(unconfirmed);
      for (const [key, record] of records) pending.set(key, { record, base: baseOf(key) ?? null });
      if (journal.write([...pending.values()], index ?? indexUnconfirmed)) for (const key of pending.keys()) journaled.add(key);
    }
    for (const [key, record] of records) writes.push(writeContract(key, record, unloading));
    if (index) writes.push(writeIndex(index));
    const all = Promise.all([inFlight, ...writes]);
    // The chain goes on after a refused write (it is reported below, and retried with the next edit).
    const settled = all.catch(() => {});
    inFlight = settled;
    return all.then(
      () => {
        if (inFlight === settled && !timer) store.getState().setSaved(true);
      },
      (e: unknown) => {
        // A refused write (storage full, the database gone): the stored copy is still the last
        // one that was saved. Say so, keep "not saved", and write these again with the next edit.
        for (const key of records.keys()) dirty.add(key);
        if (index) indexDirty = true;
        const quota = e instanceof DOMException && e.name === "QuotaExceededError";
        store.getState().notify({
          message: quota
            ? "Not saved: the browser's storage for this site is full. Your last saved version is kept; free space (export and delete contracts, or clear run history) and edit again to save."
            : `Not saved: the browser refused to store the change (${e instanceof Error ? e.message : String(e)}). Your last saved version is kept.`,
        });
      },
    );
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
  // Hidden may be the last event a closed tab or a killed mobile page gets: journal too.
  const onVisibility = () => {
    if (document.visibilityState === "hidden") void flush(false, true);
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
