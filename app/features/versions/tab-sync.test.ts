// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../../contracts/examples/index.ts";
import { createStudioStore, type StudioStore } from "../../store/index.ts";
import { memoryStorage } from "../../persistence/storage.ts";
import { contractKey, toRecord, type ContractRecord } from "../../persistence/workspace-records.ts";
import { decideOnRemoteSave, decideOnWrite, handleRemoteSave, resolveConflict, syncedStorage, type SyncedStorage } from "./tab-sync.ts";

describe("two-tab decisions", () => {
  it.each([
    // local, base, stored → decision
    [{ local: 4, base: 4, stored: 4 }, "ignore", "nothing new (or this tab's own write)"],
    [{ local: 4, base: 4, stored: 5 }, "reload", "the other tab saved and this one has no unsaved edits"],
    [{ local: 5, base: 4, stored: 5 }, "conflict", "both changed it since revision 4 (same number, different edits)"],
    [{ local: 6, base: 4, stored: 9 }, "conflict", "both changed it"],
    [{ local: 6, base: 4, stored: 4 }, "ignore", "only this tab changed it: its own write will go through"],
    [{ local: undefined, base: undefined, stored: 3 }, "ignore", "a contract this tab does not have"],
  ] as const)("on a remote save %j → %s (%s)", (p, decision, _why) => {
    expect(decideOnRemoteSave(p)).toBe(decision);
  });

  it.each([
    [{ base: 4, stored: 4 }, "write"],
    [{ base: 4, stored: 5 }, "conflict"],
    [{ base: undefined, stored: undefined }, "write"],
    [{ base: 4, stored: undefined }, "write"],
    [{ base: undefined, stored: 2 }, "conflict"],
  ] as const)("before a write %j → %s", (p, decision) => {
    expect(decideOnWrite(p)).toBe(decision);
  });
});

/** Two tabs sharing one storage, each with its own store and view of the base revisions. */
async function twoTabs() {
  const shared = memoryStorage();
  const [triage] = exampleContracts();
  const seed: ContractRecord = toRecord({ key: "k0", contract: triage!, revision: 1, updatedAt: 0 });
  await shared.set(contractKey("k0"), seed);
  const tab = async () => {
    const storage = syncedStorage(shared);
    const store = createStudioStore();
    const rec = (await storage.get<ContractRecord>(contractKey("k0")))!;
    store
      .getState()
      .hydrate({ entries: { k0: { key: "k0", contract: triage!, revision: rec.revision, updatedAt: 0 } }, order: ["k0"], selectedKey: "k0", broken: [] });
    return { storage, store };
  };
  return { shared, a: await tab(), b: await tab() };
}

const setTone = (store: StudioStore, tone: string) => store.getState().updateContract("k0", (c) => ({ ...c, policy: { ...c.policy, tone } }));
const save = (t: { storage: SyncedStorage; store: StudioStore }) => t.storage.set(contractKey("k0"), toRecord(t.store.getState().entries.k0!));
const tone = (store: StudioStore) => store.getState().entries.k0!.contract.policy.tone;

describe("two tabs over one storage", () => {
  let tabs: Awaited<ReturnType<typeof twoTabs>>;
  beforeEach(async () => {
    tabs = await twoTabs();
    tabs.a.storage.onConflict = (key, theirs) =>
      tabs.a.store.getState().setSyncConflict({ key, theirs: { contract: JSON.parse(theirs.text), revision: theirs.revision } });
    tabs.b.storage.onConflict = (key, theirs) =>
      tabs.b.store.getState().setSyncConflict({ key, theirs: { contract: JSON.parse(theirs.text), revision: theirs.revision } });
  });

  it("a clean tab reloads the other tab's save silently", async () => {
    setTone(tabs.a.store, "From A");
    await save(tabs.a);
    expect(await handleRemoteSave(tabs.b.store, tabs.b.storage, "k0")).toBe("reload");
    expect(tone(tabs.b.store)).toBe("From A");
    expect(tabs.b.store.getState().syncConflict).toBeNull();
  });

  it("the second writer is refused and told; nothing it holds is lost", async () => {
    setTone(tabs.a.store, "From A");
    setTone(tabs.b.store, "From B");
    await save(tabs.a);
    await save(tabs.b);
    const stored = (await tabs.shared.get<ContractRecord>(contractKey("k0")))!;
    expect(JSON.parse(stored.text).policy.tone).toBe("From A");
    expect(tabs.b.store.getState().syncConflict?.key).toBe("k0");
    expect(tone(tabs.b.store)).toBe("From B");
  });

  it("Keep mine overwrites theirs on the next write", async () => {
    setTone(tabs.a.store, "From A");
    setTone(tabs.b.store, "From B");
    await save(tabs.a);
    await save(tabs.b);
    await resolveConflict(tabs.b.store, tabs.b.storage, "mine");
    await save(tabs.b);
    const stored = (await tabs.shared.get<ContractRecord>(contractKey("k0")))!;
    expect(JSON.parse(stored.text).policy.tone).toBe("From B");
    expect(await handleRemoteSave(tabs.a.store, tabs.a.storage, "k0")).toBe("reload");
    expect(tone(tabs.a.store)).toBe("From B");
  });

  it("Load theirs discards mine; Save mine as a copy keeps both", async () => {
    setTone(tabs.a.store, "From A");
    setTone(tabs.b.store, "From B");
    await save(tabs.a);
    await save(tabs.b);
    await resolveConflict(tabs.b.store, tabs.b.storage, "copy");
    const st = tabs.b.store.getState();
    expect(tone(tabs.b.store)).toBe("From A");
    const copy = Object.values(st.entries).find((e) => e.key !== "k0")!;
    expect(copy.contract).toMatchObject({ id: "support-triage-copy", policy: { tone: "From B" } });

    setTone(tabs.a.store, "A again");
    setTone(tabs.b.store, "B again");
    await save(tabs.a);
    await save(tabs.b);
    await resolveConflict(tabs.b.store, tabs.b.storage, "theirs");
    expect(tone(tabs.b.store)).toBe("A again");
    expect(tabs.b.store.getState().syncConflict).toBeNull();
  });
});

describe("a write while the page unloads", () => {
  /** Records which calls reach the inner storage: an unloading write must not wait on a read. */
  function spyStorage() {
    const inner = memoryStorage();
    const calls: string[] = [];
    return {
      calls,
      storage: syncedStorage({
        ...inner,
        get: (k) => (calls.push(`get ${k}`), inner.get(k)),
        set: (k, v) => (calls.push(`set ${k}`), inner.set(k, v)),
        update: (k, u) => (calls.push(`update ${k}`), inner.update!(k, u)),
      }),
    };
  }
  const record = (revision: number): ContractRecord => ({ key: "k0", text: "{}", revision, updatedAt: 0 });

  it("is issued at once, with no read first, when no other tab announced a newer save", async () => {
    const { calls, storage } = spyStorage();
    storage.base.set("k0", 3);
    await storage.set(contractKey("k0"), record(4), { unloading: true });
    expect(calls).toEqual([`set ${contractKey("k0")}`]);
    expect(storage.base.get("k0")).toBe(4);
  });

  it("goes through the checked write when another tab announced a newer save", async () => {
    const { calls, storage } = spyStorage();
    storage.base.set("k0", 3);
    storage.announced.set("k0", 5);
    await storage.set(contractKey("k0"), record(4), { unloading: true });
    expect(calls).toEqual([`update ${contractKey("k0")}`]);
  });
});
