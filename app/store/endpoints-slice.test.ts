// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { createEndpointProfile } from "../../contracts/client/profile.ts";
import { createStudioStore } from "./index.ts";
import { selectSelectedProfile } from "./endpoints-slice.ts";
import { memoryStorage } from "../persistence/storage.ts";
import { loadEndpoints, startEndpointsPersistence, PROFILES_KEY } from "../persistence/endpoints-persistence.ts";

const profile = (id: string, name = id) => createEndpointProfile({ id, name, baseUrl: "http://127.0.0.1:11434/v1", defaultModel: "llama3" });

function setup() {
  const store = createStudioStore();
  const storages = { profiles: memoryStorage(), keys: memoryStorage() };
  const persistence = startEndpointsPersistence(store, storages);
  stops.push(persistence.stop);
  return { store, storages, persistence };
}
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

describe("endpoints slice", () => {
  it("selects the first saved profile and its default model", () => {
    const { store } = setup();
    store.getState().saveProfile(profile("a"), { apiKey: "", remember: false });
    expect(selectSelectedProfile(store.getState())?.id).toBe("a");
    expect(store.getState().selectedModel).toBe("llama3");
  });

  it("keeps a key in memory only when 'Remember on this device' is not ticked", async () => {
    const { store, storages, persistence } = setup();
    store.getState().saveProfile(profile("a"), { apiKey: "sk-memory-only", remember: false });
    await persistence.whenIdle();
    expect(store.getState().apiKeys.a).toBe("sk-memory-only");
    expect(storages.keys.map.size).toBe(0);
    expect(JSON.stringify([...storages.profiles.map.values()])).not.toContain("sk-memory-only");
  });

  it("persists a remembered key in the key storage, never with the profiles", async () => {
    const { store, storages, persistence } = setup();
    store.getState().saveProfile(profile("a"), { apiKey: "sk-remembered", remember: true });
    await persistence.whenIdle();
    expect(storages.keys.map.get("a")).toBe("sk-remembered");
    expect(JSON.stringify(storages.profiles.map.get(PROFILES_KEY))).not.toContain("sk-remembered");

    const reloaded = await loadEndpoints(storages);
    expect(reloaded.apiKeys).toEqual({ a: "sk-remembered" });
    expect(reloaded.profiles?.map((p) => p.id)).toEqual(["a"]);
  });

  it("forgets a stored key when remembering is switched off, and when the profile is deleted", async () => {
    const { store, storages, persistence } = setup();
    store.getState().saveProfile(profile("a"), { apiKey: "sk-1", remember: true });
    store.getState().saveProfile(profile("b"), { apiKey: "sk-2", remember: true });
    await persistence.whenIdle();
    expect(storages.keys.map.size).toBe(2);
    store.getState().saveProfile(profile("a"), { apiKey: "sk-1", remember: false });
    store.getState().deleteProfile("b");
    await persistence.whenIdle();
    expect(storages.keys.map.size).toBe(0);
    expect(store.getState().apiKeys).toEqual({ a: "sk-1" });
  });

  it("loads no key for a profile that was not remembered, even if one is lying in the key storage", async () => {
    const storages = { profiles: memoryStorage(), keys: memoryStorage() };
    await storages.profiles.set(PROFILES_KEY, { version: 1, profiles: [profile("a")], selectedProfileId: "a", selectedModel: "", remembered: [] });
    await storages.keys.set("a", "sk-stale");
    expect((await loadEndpoints(storages)).apiKeys).toEqual({});
  });

  it("drops a stored profile that no longer parses instead of failing the load", async () => {
    const storages = { profiles: memoryStorage(), keys: memoryStorage() };
    await storages.profiles.set(PROFILES_KEY, {
      version: 1,
      profiles: [profile("a"), { id: "bad", name: "", baseUrl: "nope" }],
      selectedProfileId: "bad",
      selectedModel: "",
      remembered: [],
    });
    const loaded = await loadEndpoints(storages);
    expect(loaded.profiles?.map((p) => p.id)).toEqual(["a"]);
    expect(loaded.selectedProfileId).toBe("a");
  });
});
