// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { parseContract } from "../../contracts/index.ts";
import { createStudioStore } from "../store/index.ts";
import { bootWorkspace } from "../boot.ts";
import { memoryStorage } from "./storage.ts";
import { contractKey, type ContractRecord } from "./workspace-records.ts";
import type { Autosave } from "./autosave.ts";

let autosave: Autosave | null = null;
afterEach(() => autosave?.stop());

describe("a storage quota error while saving", () => {
  it("tells the user, stays 'not saved', keeps the stored copy, and saves with the next edit once there is room", async () => {
    const storage = memoryStorage();
    const store = createStudioStore();
    autosave = await bootWorkspace(store, storage, () => exampleContracts(), 10_000);
    const key = store.getState().order[0]!;
    const storedName = () => {
      const parsed = parseContract((storage.map.get(contractKey(key)) as ContractRecord).text);
      return parsed.ok ? parsed.value.name : null;
    };
    const before = storedName();
    const set = storage.set.bind(storage);
    let full = true;
    storage.set = (k, v, o) => (full ? Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError")) : set(k, v, o));

    store.getState().renameContract(key, "Edited while full");
    await autosave.flush();
    expect(store.getState().notice?.message).toMatch(/^Not saved: the browser's storage for this site is full/);
    expect(store.getState().saved).toBe(false);
    expect(storedName()).toBe(before);

    full = false;
    store.getState().renameContract(key, "Edited with room");
    await autosave.flush();
    expect(store.getState().saved).toBe(true);
    expect(storedName()).toBe("Edited with room");
  });
});
