// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { createStudioStore } from "../store/index.ts";
import { bootWorkspace } from "../boot.ts";
import { syncedStorage } from "../features/versions/tab-sync.ts";
import { memoryStorage, type KeyValueStorage } from "./storage.ts";
import { createUnloadJournal, decideRecovery, memorySyncStorage, type JournalEntry } from "./unload-journal.ts";
import { INDEX_KEY, contractKey, type ContractRecord } from "./workspace-records.ts";
import type { Autosave } from "./autosave.ts";

const examples = () => exampleContracts();
const rec = (revision: number, text: string): ContractRecord => ({ key: "k", text, revision, updatedAt: 0 });
const entry = (revision: number, text: string, base: number | null): JournalEntry => ({ record: rec(revision, text), base });

describe("what a boot does with a journaled record", () => {
  it.each([
    // journal, stored → decision
    [entry(9, "mine", 7), undefined, "restore", "IndexedDB never got the contract at all"],
    [entry(9, "mine", 7), { revision: 7, text: "old" }, "restore", "the unload write was lost and nobody wrote since"],
    [entry(9, "mine", null), { revision: 7, text: "old" }, "restore", "base unknown, IndexedDB behind"],
    [entry(9, "mine", 7), { revision: 9, text: "mine" }, "drop", "the unload write landed"],
    [entry(9, "mine", 7), { revision: 12, text: "mine" }, "drop", "same text, whatever the number"],
    [entry(9, "mine", 7), { revision: 8, text: "theirs" }, "copy", "another tab wrote on top of base 7"],
    [entry(9, "mine", 7), { revision: 9, text: "theirs" }, "copy", "same revision number, different edits"],
    [entry(9, "mine", 7), { revision: 11, text: "theirs" }, "copy", "another tab moved on further"],
  ] as const)("%j over %j → %s (%s)", (journal, stored, decision, _why) => {
    expect(decideRecovery({ journal, stored })).toBe(decision);
  });
});

describe("the journal's own storage", () => {
  it("reads back what it wrote and ignores foreign or corrupt keys", () => {
    const ls = memorySyncStorage();
    ls.setItem("someone-else", "x");
    ls.setItem("contract-studio:unsaved:bad", "{not json");
    const j = createUnloadJournal(ls);
    expect(j.write([entry(2, "t", 1)], null)).toBe(true);
    expect(j.read().entries).toEqual([entry(2, "t", 1)]);
    j.clear();
    expect(j.read()).toEqual({ entries: [], index: null });
    expect(ls.getItem("someone-else")).toBe("x");
  });

  it("says so when storage refuses the write (quota) instead of throwing in pagehide", () => {
    const ls = memorySyncStorage();
    ls.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    expect(createUnloadJournal(ls).write([entry(2, "t", 1)], null)).toBe(false);
  });
});

/** Storage whose contract writes are issued but never commit: the page was gone first. */
function lossyStorage(inner: ReturnType<typeof memoryStorage>): KeyValueStorage {
  return {
    ...inner,
    set: (key, value) => (key.startsWith("ws:contract:") || key === INDEX_KEY ? new Promise<void>(() => {}) : inner.set(key, value)),
    update: undefined,
  };
}

let running: Autosave[] = [];
afterEach(() => {
  running.forEach((a) => a.stop());
  running = [];
});

async function boot(storage: KeyValueStorage, journal: ReturnType<typeof createUnloadJournal>) {
  const store = createStudioStore();
  const autosave = await bootWorkspace(store, storage, examples, { autosaveDelayMs: 60_000, journal });
  running.push(autosave);
  return { store, autosave };
}

describe("an edit made just before an unload is never lost", () => {
  it("restores an edit whose IndexedDB write never committed, with the selection", async () => {
    const disk = memoryStorage();
    const journal = createUnloadJournal(memorySyncStorage());
    await boot(disk, journal).then(({ autosave }) => autosave.flush());
    running.pop()!.stop();

    // The page before the reload: its writes are issued and never land.
    const page = createStudioStore();
    const autosave = await bootWorkspace(page, lossyStorage(disk), examples, { autosaveDelayMs: 60_000, journal });
    const key = page.getState().order[2]!;
    page.getState().selectContract(key);
    page.getState().updateContract(key, (c) => ({ ...c, task: { ...c.task, instruction: "Typed a moment before the reload" } }));
    window.dispatchEvent(new Event("pagehide"));
    autosave.stop();
    expect((disk.map.get(contractKey(key)) as ContractRecord).text).not.toContain("Typed a moment before the reload");

    const next = await boot(disk, journal);
    const r = next.store.getState();
    expect(r.entries[key]!.contract.task.instruction).toBe("Typed a moment before the reload");
    expect(r.selectedKey).toBe(key);
    // Restored into IndexedDB and the journal emptied, so the next boot does not apply it again.
    expect((disk.map.get(contractKey(key)) as ContractRecord).text).toContain("Typed a moment before the reload");
    expect(journal.read()).toEqual({ entries: [], index: null });
  });

  it("journals writes that were issued before the unload but not yet confirmed", async () => {
    const disk = memoryStorage();
    const journal = createUnloadJournal(memorySyncStorage());
    await boot(disk, journal).then(({ autosave }) => autosave.flush());
    running.pop()!.stop();
    const store = createStudioStore();
    const autosave = await bootWorkspace(store, lossyStorage(disk), examples, { autosaveDelayMs: 60_000, journal });
    const key = store.getState().selectedKey!;
    store.getState().renameContract(key, "Renamed, write under way");
    void autosave.flush(); // issued, never confirmed
    expect(journal.read().entries).toEqual([]);
    window.dispatchEvent(new Event("pagehide"));
    autosave.stop();
    expect(journal.read().entries.map((e) => JSON.parse(e.record.text).name)).toEqual(["Renamed, write under way"]);
  });

  it("also journals when the page is hidden (a closed tab may get nothing else)", async () => {
    const disk = memoryStorage();
    const journal = createUnloadJournal(memorySyncStorage());
    await boot(disk, journal).then(({ autosave }) => autosave.flush());
    running.pop()!.stop();
    const store = createStudioStore();
    const autosave = await bootWorkspace(store, lossyStorage(disk), examples, { autosaveDelayMs: 60_000, journal });
    const key = store.getState().selectedKey!;
    store.getState().renameContract(key, "Renamed before hiding");
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    autosave.stop();
    expect(journal.read().entries).toHaveLength(1);
  });

  it("a confirmed write removes its journal entry, so a page that lives on leaves nothing stale", async () => {
    const disk = memoryStorage();
    const journal = createUnloadJournal(memorySyncStorage());
    const { store, autosave } = await boot(disk, journal);
    const key = store.getState().selectedKey!;
    store.getState().renameContract(key, "Before pagehide");
    window.dispatchEvent(new Event("pagehide"));
    expect(journal.read().entries).toHaveLength(1);
    await autosave.flush();
    expect(journal.read().entries).toEqual([]);
  });

  it("keeps the edit as a copy when another tab wrote the contract in between", async () => {
    const disk = memoryStorage();
    const journal = createUnloadJournal(memorySyncStorage());
    await boot(disk, journal).then(({ autosave }) => autosave.flush());
    running.pop()!.stop();

    // This tab: an edit whose unload write is lost. Its base is the revision it loaded.
    const mine = syncedStorage(lossyStorage(disk));
    const store = createStudioStore();
    const autosave = await bootWorkspace(store, mine, examples, { autosaveDelayMs: 60_000, journal, baseOf: (k) => mine.base.get(k) });
    const key = store.getState().selectedKey!;
    const name = store.getState().entries[key]!.contract.name;
    store.getState().updateContract(key, (c) => ({ ...c, description: "mine" }));
    window.dispatchEvent(new Event("pagehide"));
    autosave.stop();
    // Meanwhile another tab saved its own change on the same base.
    const stored = disk.map.get(contractKey(key)) as ContractRecord;
    const theirs = JSON.parse(stored.text);
    await disk.set(contractKey(key), { ...stored, text: JSON.stringify({ ...theirs, description: "theirs" }), revision: stored.revision + 1 });

    const next = await boot(syncedStorage(disk), journal);
    const r = next.store.getState();
    expect(r.entries[key]!.contract.description).toBe("theirs");
    const copy = Object.values(r.entries).find((e) => e.contract.name === `${name} (recovered)`);
    expect(copy?.contract.description).toBe("mine");
    expect(r.selectedKey).toBe(key);
    expect(r.notice?.message).toMatch(/recovered/);
  });
});
