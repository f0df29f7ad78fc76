/**
 * Two tabs, one contract: no edit is ever lost silently.
 *
 * The persisted per-contract `revision` is the source of truth. This tab remembers, per
 * contract, the revision it last loaded or wrote (its base). Every write of a contract record
 * is a compare-and-set in one IndexedDB transaction: it goes through only when the stored
 * revision is still the base; otherwise another tab wrote in between and this tab (the second
 * writer) is told and chooses. A BroadcastChannel tells other tabs a write happened, so a tab
 * with no unsaved edits reloads the contract silently, and a tab with unsaved edits is told at
 * once instead of at its next write. A missed message costs nothing: the next write still checks.
 *
 * The decisions are pure functions (decideOnRemoteSave, decideOnWrite) so they are tested
 * without a channel or a database.
 */
import { parseContract, parseJson, type Contract } from "../../../contracts/index.ts";
import type { StudioStore } from "../../store/index.ts";
import { uniqueContractId } from "../../store/workspace-slice.ts";
import type { KeyValueStorage } from "../../persistence/storage.ts";
import { contractKey, type ContractRecord } from "../../persistence/workspace-records.ts";

export type RemoteDecision = "ignore" | "reload" | "conflict";

/**
 * Another tab says it saved a contract. `local` is this tab's revision of it (undefined when
 * this tab does not have it), `base` the revision this tab last loaded or wrote, `stored` the
 * revision now in storage.
 */
export function decideOnRemoteSave(p: { local: number | undefined; base: number | undefined; stored: number | undefined }): RemoteDecision {
  if (p.local === undefined || p.stored === undefined || p.base === undefined) return "ignore";
  if (p.stored === p.base) return "ignore"; // nothing this tab has not seen (or its own write)
  if (p.local === p.base) return "reload"; // no unsaved edits here: take theirs quietly
  return "conflict"; // both changed it since this tab's base
}

/** This tab is about to write revision `next` of a contract whose stored revision is `stored`. */
export function decideOnWrite(p: { base: number | undefined; stored: number | undefined }): "write" | "conflict" {
  if (p.stored === undefined) return "write"; // new here, or deleted elsewhere: writing loses nothing
  return p.stored === p.base ? "write" : "conflict";
}

const CONTRACT_PREFIX = contractKey("");
const workspaceKeyOf = (storageKey: string) => (storageKey.startsWith(CONTRACT_PREFIX) ? storageKey.slice(CONTRACT_PREFIX.length) : null);
const isRecord = (v: unknown): v is ContractRecord =>
  typeof v === "object" && v !== null && typeof (v as ContractRecord).text === "string" && typeof (v as ContractRecord).revision === "number";

export interface SavedMessage {
  type: "saved";
  key: string;
  revision: number;
  tab: string;
}

export interface SyncedStorage extends KeyValueStorage {
  /** The revision this tab last loaded or wrote, per workspace key. */
  readonly base: Map<string, number>;
  /** The newest revision other tabs announced saving, per workspace key. */
  readonly announced: Map<string, number>;
  readonly tab: string;
  /** Called when a write was refused because another tab wrote first. */
  onConflict: (key: string, theirs: ContractRecord) => void;
  /** Called after this tab wrote a contract record. */
  onSaved: (message: SavedMessage) => void;
}

/**
 * Wraps the workspace storage so contract records are written only over the revision this tab
 * knows. Everything else passes through. Used by autosave unchanged: it just calls set().
 */
export function syncedStorage(inner: KeyValueStorage): SyncedStorage {
  const base = new Map<string, number>();
  const announced = new Map<string, number>();
  const tab = Math.random().toString(36).slice(2, 10);
  const self: SyncedStorage = {
    base,
    announced,
    tab,
    onConflict: () => {},
    onSaved: () => {},
    get: async <T>(key: string) => {
      const value = await inner.get<T>(key);
      const k = workspaceKeyOf(key);
      if (k && isRecord(value) && !base.has(k)) base.set(k, value.revision);
      return value;
    },
    keys: () => inner.keys(),
    del: async (key) => {
      await inner.del(key);
      const k = workspaceKeyOf(key);
      if (k) base.delete(k);
    },
    set: async (key, value, options) => {
      const k = workspaceKeyOf(key);
      if (!k || !isRecord(value)) return inner.set(key, value);
      const mine = value;
      // Unloading: a read-then-write would not be issued before the page is gone, and the edit
      // made just before a reload would be lost. Decide from what this tab was told instead:
      // if no other tab announced a newer save, write at once.
      if (options?.unloading && (announced.get(k) ?? -1) <= (base.get(k) ?? -1)) {
        base.set(k, mine.revision);
        const written = inner.set(key, mine);
        self.onSaved({ type: "saved", key: k, revision: mine.revision, tab });
        return written;
      }
      let theirs: ContractRecord | null = null;
      let wrote = false;
      const updater = (old: unknown): unknown => {
        const stored = isRecord(old) ? old : undefined;
        const known = base.get(k);
        if (decideOnWrite({ base: known, stored: stored?.revision }) === "conflict") {
          theirs = stored!;
          return old;
        }
        // Already stored (a silent reload being written back): nothing to write or announce.
        if (stored && stored.revision === mine.revision && known === mine.revision) return old;
        wrote = true;
        return mine;
      };
      if (inner.update) await inner.update(key, updater);
      else {
        const next = updater(await inner.get(key));
        if (wrote) await inner.set(key, next);
      }
      if (theirs) self.onConflict(k, theirs);
      else if (wrote) {
        base.set(k, mine.revision);
        self.onSaved({ type: "saved", key: k, revision: mine.revision, tab });
      }
    },
  };
  if (inner.update) self.update = inner.update.bind(inner);
  return self;
}

/** A stored record as a contract, or null when it cannot be read. */
export function recordContract(rec: ContractRecord): Contract | null {
  const parsed = parseContract(rec.text);
  if (parsed.ok) return parsed.value;
  const json = parseJson(rec.text);
  return json.ok && typeof json.value === "object" && json.value !== null ? (json.value as Contract) : null;
}

/** Replaces this tab's copy of a contract with a stored record (no revision bump: it is theirs). */
function takeRecord(store: StudioStore, storage: SyncedStorage, key: string, rec: ContractRecord): boolean {
  const contract = recordContract(rec);
  const current = store.getState().entries[key];
  if (!contract || !current) return false;
  storage.base.set(key, rec.revision);
  store.setState((s) => ({ entries: { ...s.entries, [key]: { ...current, contract, revision: rec.revision, updatedAt: rec.updatedAt } } }));
  return true;
}

/** What a tab does when another tab says it saved `key`. */
export async function handleRemoteSave(store: StudioStore, storage: SyncedStorage, key: string): Promise<RemoteDecision> {
  const rec = await storage.get<unknown>(contractKey(key));
  if (!isRecord(rec)) return "ignore";
  const decision = decideOnRemoteSave({ local: store.getState().entries[key]?.revision, base: storage.base.get(key), stored: rec.revision });
  if (decision === "reload") takeRecord(store, storage, key, rec);
  if (decision === "conflict") reportConflict(store, key, rec);
  return decision;
}

function reportConflict(store: StudioStore, key: string, rec: ContractRecord): void {
  const contract = recordContract(rec);
  if (contract) store.getState().setSyncConflict({ key, theirs: { contract, revision: rec.revision } });
}

export type ConflictChoice = "theirs" | "mine" | "copy";

/** Resolves the pending conflict as the user chose. Reads storage again: theirs may have moved on. */
export async function resolveConflict(store: StudioStore, storage: SyncedStorage, choice: ConflictChoice): Promise<void> {
  const conflict = store.getState().syncConflict;
  if (!conflict) return;
  const { key } = conflict;
  const stored = await storage.get<unknown>(contractKey(key));
  const rec: ContractRecord = isRecord(stored)
    ? stored
    : { key, text: JSON.stringify(conflict.theirs.contract), revision: conflict.theirs.revision, updatedAt: Date.now() };
  const s = store.getState();
  const mine = s.entries[key];
  s.setSyncConflict(null);
  if (!mine) return;
  if (choice === "mine") {
    // Write mine over theirs: adopt their revision as the base, then move past it.
    storage.base.set(key, rec.revision);
    const revision = Math.max(rec.revision, mine.revision) + 1;
    store.setState((st) => ({ entries: { ...st.entries, [key]: { ...mine, revision, updatedAt: Date.now() } } }));
    s.notify({ message: `Kept your version of “${mine.contract.name}”: it replaced the other tab's.` });
    return;
  }
  if (choice === "copy") {
    const id = uniqueContractId(`${mine.contract.id}-copy`, s.entries);
    s.addContract({ ...mine.contract, id, name: `${mine.contract.name} (my copy)` });
  }
  // The copy (selected by addContract) keeps this tab's edits; the original takes theirs.
  takeRecord(store, storage, key, rec);
  s.notify({
    message:
      choice === "copy"
        ? `Saved your edits as a copy; “${mine.contract.name}” now shows the other tab's version.`
        : `Loaded the other tab's version of “${mine.contract.name}”.`,
  });
}

let active: SyncedStorage | null = null;
/** The storage startTabSync connected (what the conflict dialog resolves against). */
export const activeSyncedStorage = (): SyncedStorage | null => active;

/** Connects this tab's storage to the others: announces writes, reacts to theirs. */
export function startTabSync(store: StudioStore, storage: SyncedStorage, channelName = "contract-studio:workspace"): () => void {
  active = storage;
  storage.onConflict = (key, theirs) => reportConflict(store, key, theirs);
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(channelName);
  storage.onSaved = (m) => channel.postMessage(m);
  channel.onmessage = (e: MessageEvent<SavedMessage>) => {
    const m = e.data;
    if (m?.type === "saved" && m.tab !== storage.tab) {
      storage.announced.set(m.key, Math.max(m.revision, storage.announced.get(m.key) ?? -1));
      void handleRemoteSave(store, storage, m.key);
    }
  };
  return () => {
    channel.close();
    storage.onSaved = () => {};
  };
}
