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
 */
import type { StateCreator } from "zustand";
import { parseContract, CONTRACT_FORMAT, type Contract, type ContractError } from "../../contracts/index.ts";
import type { StudioState } from "./index.ts";

export interface WorkspaceEntry {
  key: string;
  contract: Contract;
  revision: number;
  updatedAt: number;
}

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
  /** The last deleted contract, kept until the next delete so it can be undone. */
  lastDeleted: { entry: WorkspaceEntry; index: number } | null;
  hydrate(snapshot: WorkspaceSnapshot): void;
  selectContract(key: string): void;
  createContract(): string;
  duplicateContract(key: string): string | null;
  renameContract(key: string, name: string): void;
  deleteContract(key: string): void;
  undoDelete(): void;
  /** Applies an edit to a contract (panels). No-op when the recipe returns the same object. */
  updateContract(key: string, recipe: (c: Contract) => Contract): void;
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

/** An id not used by any contract in the workspace: `base`, `base-2`, `base-3`, ... */
export function uniqueContractId(base: string, entries: Record<string, WorkspaceEntry>): string {
  const taken = new Set(Object.values(entries).map((e) => e.contract.id));
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "contract";
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** A new, valid contract: defaults come from the schema, not from here. */
export function blankContract(id: string): Contract {
  const parsed = parseContract({
    format: CONTRACT_FORMAT,
    id,
    name: "Untitled contract",
    policy: { role: "You are a helpful assistant." },
    task: { instruction: "Describe the task here. Use {{variables}} for values filled in at run time." },
    output: { kind: "text", description: "" },
  });
  if (!parsed.ok) throw new Error(`blank contract is invalid: ${parsed.errors.map((e) => e.path).join(", ")}`);
  return parsed.value;
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

  hydrate: (snapshot) => set({ ...snapshot, hydrated: true }),

  selectContract: (key) => {
    if (get().entries[key]) set({ selectedKey: key });
  },

  createContract: () => {
    const e = entry(blankContract(uniqueContractId("untitled", get().entries)));
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
    set({ entries, order, selectedKey, lastDeleted: { entry: removed, index } });
  },

  undoDelete: () => {
    const last = get().lastDeleted;
    if (!last) return;
    const e = { ...last.entry, revision: last.entry.revision + 1, updatedAt: Date.now() };
    set((s) => {
      const order = [...s.order];
      order.splice(Math.min(last.index, order.length), 0, e.key);
      return { entries: { ...s.entries, [e.key]: e }, order, selectedKey: e.key, lastDeleted: null };
    });
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

  addContract: (contract) => {
    const e = entry(contract);
    set((s) => ({ entries: { ...s.entries, [e.key]: e }, order: [e.key, ...s.order], selectedKey: e.key }));
    return e.key;
  },

  dismissBroken: (key) => set((s) => ({ broken: s.broken.filter((b) => b.key !== key) })),
});
