// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { serializeContract } from "../../contracts/index.ts";
import { createStudioStore } from "../store/index.ts";
import { bootWorkspace } from "../boot.ts";
import { memoryStorage } from "./storage.ts";
import { INDEX_KEY, contractKey } from "./workspace-records.ts";
import type { Autosave } from "./autosave.ts";

const examples = () => exampleContracts();
let running: Autosave[] = [];
async function boot(storage: ReturnType<typeof memoryStorage>, delay = 10_000) {
  const store = createStudioStore();
  const autosave = await bootWorkspace(store, storage, examples, delay);
  running.push(autosave);
  return { store, autosave };
}

describe("persistence", () => {
  beforeEach(() => {
    running = [];
  });
  afterEach(() => running.forEach((a) => a.stop()));

  it("seeds the three examples on first run and writes them", async () => {
    const storage = memoryStorage();
    const { store } = await boot(storage);
    const s = store.getState();
    expect(s.order).toHaveLength(3);
    expect(s.order.map((k) => s.entries[k]!.contract.id)).toEqual(["support-triage", "grounded-answer", "meeting-notes"]);
    expect(storage.map.has(INDEX_KEY)).toBe(true);
    expect([...storage.map.keys()].filter((k) => k.startsWith("ws:contract:"))).toHaveLength(3);
  });

  it("does not seed again once the user has a workspace, even an empty one", async () => {
    const storage = memoryStorage();
    const first = await boot(storage, 0);
    for (const k of [...first.store.getState().order]) first.store.getState().deleteContract(k);
    await first.autosave.flush();
    const { store } = await boot(storage);
    expect(store.getState().order).toEqual([]);
  });

  it("restores exactly what was there: contracts, revision, selection and tabs", async () => {
    const storage = memoryStorage();
    const first = await boot(storage);
    const s = first.store.getState();
    const key = s.order[1]!;
    s.selectContract(key);
    s.updateContract(key, (c) => ({ ...c, task: { ...c.task, instruction: "Edited just before reload" } }));
    s.setEditorTab("context");
    s.setEncoding("cl100k_base");
    await first.autosave.flush();

    const { store } = await boot(storage);
    const r = store.getState();
    expect(r.selectedKey).toBe(key);
    expect(r.editorTab).toBe("context");
    expect(r.encoding).toBe("cl100k_base");
    expect(r.entries[key]!.contract.task.instruction).toBe("Edited just before reload");
    expect(r.entries[key]!.revision).toBe(2);
    expect(serializeContract(r.entries[key]!.contract)).toBe(serializeContract(first.store.getState().entries[key]!.contract));
  });

  it("starts the pending write on pagehide, before the debounce fires", async () => {
    const storage = memoryStorage();
    const { store } = await boot(storage, 60_000);
    const key = store.getState().selectedKey!;
    store.getState().renameContract(key, "Renamed a moment before reload");
    window.dispatchEvent(new Event("pagehide"));
    await Promise.resolve();
    const rec = storage.map.get(contractKey(key)) as { text: string; revision: number };
    expect(JSON.parse(rec.text).name).toBe("Renamed a moment before reload");
    expect(rec.revision).toBe(2);
  });

  it("keeps a draft that breaks a rule (empty role) as the draft", async () => {
    const storage = memoryStorage();
    const first = await boot(storage);
    const key = first.store.getState().selectedKey!;
    first.store.getState().updateContract(key, (c) => ({ ...c, policy: { ...c.policy, role: "" } }));
    await first.autosave.flush();
    const { store } = await boot(storage);
    expect(store.getState().entries[key]!.contract.policy.role).toBe("");
    expect(store.getState().broken).toEqual([]);
  });

  it("reports a corrupt record instead of crashing, and loads the rest", async () => {
    const storage = memoryStorage();
    const first = await boot(storage);
    const [bad, ...good] = first.store.getState().order;
    await storage.set(contractKey(bad!), { key: bad, text: '{"format": "contract-studio/contract@1", "id": 5', revision: 3, updatedAt: 0 });
    const { store } = await boot(storage);
    const s = store.getState();
    expect(s.order).toEqual(good);
    expect(s.broken).toHaveLength(1);
    expect(s.broken[0]!.errors[0]!.path).toBe("(file)");
    expect(s.broken[0]!.errors[0]!.message).toMatch(/not valid JSON/);
  });
});
