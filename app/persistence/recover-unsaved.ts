/**
 * Boot step: bring the unload journal's records into IndexedDB before the workspace loads.
 * Restores what IndexedDB missed, drops what it already has, and hands back the records that
 * another tab overwrote in between, for the caller to add as copies (never lost silently).
 */
import type { KeyValueStorage } from "./storage.ts";
import { decideRecovery, type UnloadJournal } from "./unload-journal.ts";
import { INDEX_KEY, contractKey, type ContractRecord } from "./workspace-records.ts";

export interface Recovery {
  restored: string[];
  /** Journaled records whose key another tab wrote since: to be kept as copies. */
  copies: ContractRecord[];
}

const storedOf = (v: unknown): { revision: number; text: string } | undefined =>
  typeof v === "object" && v !== null && typeof (v as ContractRecord).text === "string" && typeof (v as ContractRecord).revision === "number"
    ? (v as ContractRecord)
    : undefined;

export async function recoverUnsaved(storage: KeyValueStorage, journal: UnloadJournal): Promise<Recovery> {
  const { entries, index } = journal.read();
  const out: Recovery = { restored: [], copies: [] };
  if (entries.length === 0 && !index) return out;
  for (const j of entries) {
    const key = contractKey(j.record.key);
    const decision = decideRecovery({ journal: j, stored: storedOf(await storage.get(key)) });
    if (decision === "restore") {
      await storage.set(key, j.record);
      out.restored.push(j.record.key);
    } else if (decision === "copy") out.copies.push(j.record);
  }
  if (index) await storage.set(INDEX_KEY, index);
  // Only now: a failed write above leaves the journal for the next boot to try again.
  journal.clear();
  return out;
}
