/**
 * Workspace slice: the contracts open in this browser.
 *
 * Entries are keyed by a stable workspace `key` (not `contract.id`, which the user may edit
 * in Raw mode). Each entry carries a `revision` that grows by one per change; persistence
 * writes it so a later "second tab" check can compare revisions.
 *
 * The contract held here is the draft as the user left it: structurally a Contract, but it may
 * break a rule (an empty role, a duplicate id) while the user types. Validation is derived
 * (the assembly worker reports it), never stored.
 *
 * Text typed into a JSON field (the output schema, a test's variables) that does not parse
 * cannot live in the contract, so it waits in the entry's `pending`, keyed by the field's path:
 * persisted with the record, restored on reload, and counted as an error until it parses.
 *
 * Deletions (a contract, or one item of a list: a rule, a variable, a test case) are kept in
 * `lastDeleted` until the next one, so "Undo delete" (Ctrl/Cmd+Z, the palette, the toast) can
 * put the last one back.
 */
import type { StateCreator } from "zustand";
import { parseContract, CONTRACT_FORMAT, type Contract, type ContractError } from "../../contracts/index.ts";
import type { StudioState } from "./index.ts";
import { getAt, setAt, shiftKeys } from "./list-path.ts";

/** Unparsable text of a JSON field and why it does not apply (a sentence). */
export interface PendingText {
  text: string;
  message: string;
}

export interface WorkspaceEntry {
  key: string;
  contract: Contract;
  revision: number;
  updatedAt: number;
  /** Text of JSON fields that does not parse yet, by the field's path (`output.schema`). */
  pending?: Readonly<Record<string, PendingText>>;
}

/** What "Undo delete" puts back: a whole contract, or one item of a list in a contract. */
export type DeletedThing =
  | { kind: "contract"; entry: WorkspaceEntry; index: number; label: string }
  | {
      kind: "item";
      key: string;
      /** The list's JSON path (`policy.rules`, `variables[1].options`). */
      listPath: string;
      index: number;
      item: unknown;
      /** Pending text that belonged to the item, relative keys kept as they were. */
      pending: Record<string, PendingText>;
      label: string;
    };

/** A persisted record that could not be read back: reported, never silently dropped. */
export interface BrokenRecord {
  key: string;
  text: string;
  errors: ContractError[];
}

export interface WorkspaceSnapshot {
  entries: Record<string, WorkspaceEntry>;
  order: string[];
  selectedKey: string | null;
  broken: BrokenRecord[];
}

export interface WorkspaceSlice extends WorkspaceSnapshot {
  /** Set once the persisted workspace has been loaded (or seeded). */
  hydrated: boolean;
  /** The last deletion (a contract or a list item), kept until the next one so it can be undone. */
  lastDeleted: DeletedThing | null;
  /** A contract whose deletion waits for the user's answer (it has versions or labels). */
  deleteRequest: string | null;
  setDeleteRequest(key: string | null): void;
  hydrate(snapshot: WorkspaceSnapshot): void;
  selectContract(key: string): void;
  createContract(): string;
  duplicateContract(key: string): string | null;
  renameContract(key: string, name: string): void;
  deleteContract(key: string): void;
  undoDelete(): void;
  /**
   * Removes item `index` of the list at `listPath` in a contract, offers Undo in a notice.
   * `label` names it for people: "policy rule 2".
   */
  removeListItem(key: string, listPath: string, index: number, label: string): void;
  /** Keeps (or with null, drops) text of a JSON field that does not parse yet. */
  setPending(key: string, path: string, pending: PendingText | null): void;
  /** Applies an edit to a contract (panels). No-op when the recipe returns the same object. */
  updateContract(key: string, recipe: (c: Contract) => Contract): void;
  /** Puts a whole new contract into an entry (an import that replaces it): pending text goes, the entry opens. */
  replaceContract(key: string, contract: Contract): void;
  /** Adds a parsed contract (import); returns its workspace key. */
  addContract(contract: Contract): string;
  dismissBroken(key: string): void;
}

let keyCounter = 0;
export function newKey(): string {
  const rand = Math.random().toString(36).slice(2, 8);
  keyCounter += 1;
  return `c${Date.now().toString(36)}${keyCounter.toString(36)}${rand}`;
}

/** A name as an id: lower case, runs of anything but letters and digits as one "-". */
export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "contract"
  );
}

/** An id not used by any contract in the workspace: `base`, `base-2`, `base-3`, ... */
export function uniqueContractId(base: string, entries: Record<string, WorkspaceEntry>): string {
  const taken = new Set(Object.values(entries).map((e) => e.contract.id));
  const clean = slugOf(base);
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/**
 * The id to offer when a contract is renamed: the new name's slug (made unique), when the id
 * still is the old name's slug (as new contracts start: `untitled-contract`, `untitled-contract-2`)
 * and would change. Null otherwise: an id chosen by hand is never offered a change.
 */
export function idForRename(key: string, oldName: string, newName: string, entries: Record<string, WorkspaceEntry>): string | null {
  const c = entries[key]?.contract;
  if (!c) return null;
  const old = slugOf(oldName);
  if (c.id !== old && !(c.id.startsWith(`${old}-`) && /^\d+$/.test(c.id.slice(old.length + 1)))) return null;
  const { [key]: _self, ...others } = entries;
  const next = uniqueContractId(newName, others);
  return next === c.id ? null : next;
}

/**
 * What "New contract" fills in: a small contract that already works and shows what goes where
 * (who the assistant is, a rule, an instruction that uses a declared variable with a test
 * value, the answer's shape, a model), so it starts with no issues of its own. Replacing the
 * words is the whole job. Defaults come from the schema, not from here.
 */
export function blankContract(id: string): Contract {
  const parsed = parseContract({
    format: CONTRACT_FORMAT,
    id,
    name: "Untitled contract",
    description: "What this contract is for, in a sentence or two (for people; it is not sent to the model).",
    policy: {
      role: "You are a helpful assistant. Say here who the assistant is and whom it serves.",
      rules: ["Answer only the question asked; say so when you do not know."],
    },
    task: {
      instruction: "Answer this question in two or three sentences: {{question}}",
    },
    variables: [
      {
        name: "question",
        type: "string",
        description: "The question to answer, filled in at run time ({{question}} in the instruction).",
        required: true,
        testValue: "What can you help me with?",
      },
    ],
    output: { kind: "text", description: "A short plain-text answer." },
    model: { model: "gpt-4o-mini" },
  });
  if (!parsed.ok) throw new Error(`blank contract is invalid: ${parsed.errors.map((e) => e.path).join(", ")}`);
  return parsed.value;
}

/** What deleting a contract loses beyond its draft: published versions and labels; null when nothing. */
export function deletionLosses(c: Contract): { versions: string[]; labels: { name: string; version: string }[] } | null {
  const versions = c.history?.versions.map((v) => v.version) ?? [];
  const labels = Object.entries(c.history?.labels ?? {}).map(([name, version]) => ({ name, version: String(version) }));
  return versions.length || labels.length ? { versions, labels } : null;
}

/** The entry with `pending` set, or left out when empty (so records stay as they were). */
function withPending(e: WorkspaceEntry, pending: Record<string, PendingText>): WorkspaceEntry {
  const { pending: _old, ...rest } = e;
  return Object.keys(pending).length ? { ...rest, pending } : rest;
}

function entry(contract: Contract, key = newKey()): WorkspaceEntry {
  return { key, contract, revision: 1, updatedAt: Date.now() };
}

export const createWorkspaceSlice: StateCreator<StudioState, [], [], WorkspaceSlice> = (set, get) => ({
  entries: {},
  order: [],
  selectedKey: null,
  broken: [],
  hydrated: false,
  lastDeleted: null,
  deleteRequest: null,
  setDeleteRequest: (deleteRequest) => set({ deleteRequest }),

  hydrate: (snapshot) => set({ ...snapshot, hydrated: true }),

  selectContract: (key) => {
    if (get().entries[key]) set({ selectedKey: key });
  },

  createContract: () => {
    // The id is the name's slug, so a rename can offer to follow it (idForRename).
    const e = entry(blankContract(uniqueContractId(slugOf("Untitled contract"), get().entries)));
    set((s) => ({ entries: { ...s.entries, [e.key]: e }, order: [e.key, ...s.order], selectedKey: e.key }));
    return e.key;
  },

  duplicateContract: (key) => {
    const source = get().entries[key];
    if (!source) return null;
    // A copy is a new contract: it starts without the original's published history.
    const { history: _history, ...c } = structuredClone(source.contract);
    const e = entry({ ...c, id: uniqueContractId(`${c.id}-copy`, get().entries), name: `${c.name} (copy)` });
    set((s) => {
      const order = [...s.order];
      order.splice(order.indexOf(key) + 1, 0, e.key);
      return { entries: { ...s.entries, [e.key]: e }, order, selectedKey: e.key };
    });
    return e.key;
  },

  renameContract: (key, name) => get().updateContract(key, (c) => (c.name === name ? c : { ...c, name })),

  deleteContract: (key) => {
    const s = get();
    const removed = s.entries[key];
    if (!removed) return;
    const index = s.order.indexOf(key);
    const order = s.order.filter((k) => k !== key);
    const { [key]: _gone, ...entries } = s.entries;
    const selectedKey = s.selectedKey === key ? (order[Math.min(index, order.length - 1)] ?? null) : s.selectedKey;
    set({ entries, order, selectedKey, lastDeleted: { kind: "contract", entry: removed, index, label: `“${removed.contract.name}”` } });
  },

  undoDelete: () => {
    const last = get().lastDeleted;
    if (!last) return;
    if (last.kind === "item") {
      const current = get().entries[last.key];
      if (!current) return set({ lastDeleted: null });
      const list = getAt(current.contract, last.listPath);
      const items = Array.isArray(list) ? [...list] : [];
      const index = Math.min(last.index, items.length);
      items.splice(index, 0, last.item);
      let pending = shiftKeys(current.pending ?? {}, last.listPath, index, 1);
      for (const [rest, v] of Object.entries(last.pending)) pending = { ...pending, [`${last.listPath}[${index}]${rest}`]: v };
      set((s) => ({
        entries: {
          ...s.entries,
          [last.key]: withPending(
            { ...current, contract: setAt(current.contract, last.listPath, items), revision: current.revision + 1, updatedAt: Date.now() },
            pending,
          ),
        },
        selectedKey: last.key,
        lastDeleted: null,
      }));
      // Show what came back: its tab opens and the restored field gets focus.
      get().focusField(`${last.listPath}[${index}]`);
      return;
    }
    const e = { ...last.entry, revision: last.entry.revision + 1, updatedAt: Date.now() };
    set((s) => {
      const order = [...s.order];
      order.splice(Math.min(last.index, order.length), 0, e.key);
      return { entries: { ...s.entries, [e.key]: e }, order, selectedKey: e.key, lastDeleted: null };
    });
  },

  removeListItem: (key, listPath, index, label) => {
    const current = get().entries[key];
    const list = current ? getAt(current.contract, listPath) : undefined;
    if (!current || !Array.isArray(list) || index < 0 || index >= list.length) return;
    const itemPrefix = `${listPath}[${index}]`;
    const ownPending: Record<string, PendingText> = {};
    for (const [k, v] of Object.entries(current.pending ?? {}))
      if (k === itemPrefix || k.startsWith(`${itemPrefix}.`) || k.startsWith(`${itemPrefix}[`)) ownPending[k.slice(itemPrefix.length)] = v;
    const next = withPending(
      {
        ...current,
        contract: setAt(
          current.contract,
          listPath,
          list.filter((_, j) => j !== index),
        ),
        revision: current.revision + 1,
        updatedAt: Date.now(),
      },
      shiftKeys(current.pending ?? {}, listPath, index, -1),
    );
    set((s) => ({
      entries: { ...s.entries, [key]: next },
      lastDeleted: { kind: "item", key, listPath, index, item: list[index], pending: ownPending, label },
    }));
    get().notify({ message: `Deleted ${label}.`, actionLabel: "Undo", actionCommand: "contract.undo-delete" });
  },

  setPending: (key, path, pending) => {
    const current = get().entries[key];
    if (!current) return;
    const old = current.pending?.[path];
    if (pending === null ? old === undefined : old?.text === pending.text && old.message === pending.message) return;
    const { [path]: _old, ...rest } = current.pending ?? {};
    const map = pending === null ? rest : { ...rest, [path]: pending };
    set((s) => ({ entries: { ...s.entries, [key]: withPending({ ...current, revision: current.revision + 1, updatedAt: Date.now() }, map) } }));
  },

  updateContract: (key, recipe) => {
    const current = get().entries[key];
    if (!current) return;
    const next = recipe(current.contract);
    if (next === current.contract) return;
    set((s) => ({
      entries: { ...s.entries, [key]: { ...current, contract: next, revision: current.revision + 1, updatedAt: Date.now() } },
    }));
  },

  replaceContract: (key, contract) => {
    const current = get().entries[key];
    if (!current) return;
    const { pending: _old, ...rest } = current;
    set((s) => ({ entries: { ...s.entries, [key]: { ...rest, contract, revision: current.revision + 1, updatedAt: Date.now() } }, selectedKey: key }));
  },

  addContract: (contract) => {
    const e = entry(contract);
    set((s) => ({ entries: { ...s.entries, [e.key]: e }, order: [e.key, ...s.order], selectedKey: e.key }));
    return e.key;
  },

  dismissBroken: (key) => set((s) => ({ broken: s.broken.filter((b) => b.key !== key) })),
});
