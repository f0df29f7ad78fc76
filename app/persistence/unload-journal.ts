/**
 * The unload journal: the last edits, kept somewhere synchronous.
 *
 * An IndexedDB write started while the page unloads is not guaranteed to commit: on a busy
 * machine the page can be gone before the transaction is, and the edit made just before a
 * reload is lost (issue 13). localStorage is synchronous: a setItem inside `pagehide` has
 * happened when it returns. So when the page hides or unloads, autosave writes every record
 * whose IndexedDB write is not yet confirmed here too; the next boot compares each with what
 * IndexedDB holds and restores it, keeps it as a copy when another tab wrote in between, or
 * drops it when IndexedDB already has it. A confirmed write removes its journal entry, so a
 * page that lives on after `pagehide` (back/forward cache) leaves nothing stale behind.
 *
 *   contract-studio:unsaved:<key>    { record: ContractRecord, base: revision | null }
 *   contract-studio:unsaved-index    IndexRecord
 */
import type { ContractRecord, IndexRecord } from "./workspace-records.ts";

/** The part of the Web Storage API the journal uses (localStorage, or a Map in tests). */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

export interface JournalEntry {
  record: ContractRecord;
  /** The stored revision this tab last loaded or wrote when it journaled (null: unknown). */
  base: number | null;
}

export interface UnloadJournal {
  /** Writes the entries synchronously; returns false when storage refused (quota, disabled). */
  write(entries: readonly JournalEntry[], index: IndexRecord | null): boolean;
  remove(key: string): void;
  read(): { entries: JournalEntry[]; index: IndexRecord | null };
  clear(): void;
}

const PREFIX = "contract-studio:unsaved:";
const INDEX = "contract-studio:unsaved-index";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
function isEntry(v: unknown): v is JournalEntry {
  if (!isObj(v) || !isObj(v.record) || !(v.base === null || typeof v.base === "number")) return false;
  const r = v.record;
  return typeof r.key === "string" && typeof r.text === "string" && typeof r.revision === "number" && typeof r.updatedAt === "number";
}

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createUnloadJournal(storage: SyncStorage): UnloadJournal {
  const ownKeys = () => {
    const out: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(PREFIX) || k === INDEX) out.push(k);
    }
    return out;
  };
  return {
    write(entries, index) {
      try {
        for (const e of entries) storage.setItem(PREFIX + e.record.key, JSON.stringify(e));
        if (index) storage.setItem(INDEX, JSON.stringify(index));
        return true;
      } catch {
        return false; // over quota or disabled: the IndexedDB write is all there is
      }
    },
    remove(key) {
      try {
        storage.removeItem(PREFIX + key);
      } catch {
        // nothing to do: a stale entry is dropped at the next boot when IndexedDB has the same text
      }
    },
    read() {
      const entries: JournalEntry[] = [];
      let index: IndexRecord | null = null;
      for (const k of ownKeys()) {
        const v = parse(storage.getItem(k));
        if (k === INDEX) index = isObj(v) && Array.isArray(v.order) ? (v as unknown as IndexRecord) : null;
        else if (isEntry(v)) entries.push(v);
      }
      return { entries, index };
    },
    clear() {
      for (const k of ownKeys()) storage.removeItem(k);
    },
  };
}

/** A journal over a Map, for tests (and where localStorage is unavailable). */
export function memorySyncStorage(map = new Map<string, string>()): SyncStorage & { map: Map<string, string> } {
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

export type RecoveryDecision = "restore" | "copy" | "drop";

/**
 * What to do at boot with a journaled record, given what IndexedDB holds for its key.
 * Restore when IndexedDB is behind and nobody else wrote since this tab's base; drop when it
 * already holds the same text; otherwise another tab wrote in between: keep ours as a copy,
 * never overwrite theirs and never lose ours silently.
 */
export function decideRecovery(p: { journal: JournalEntry; stored: { revision: number; text: string } | undefined }): RecoveryDecision {
  const { record, base } = p.journal;
  if (!p.stored) return "restore";
  if (p.stored.text === record.text) return "drop";
  if (p.stored.revision < record.revision && (base === null || p.stored.revision === base)) return "restore";
  return "copy";
}
