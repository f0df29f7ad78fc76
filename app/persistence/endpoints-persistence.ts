/**
 * Persistence of endpoint profiles and (only when the user ticked "Remember on this device")
 * their API keys. Two storages on purpose: profiles in one IndexedDB database, keys in another,
 * so nothing that reads, exports or syncs profiles can pick a key up by accident. A key whose
 * profile is not remembered is deleted from the key storage at once.
 */
import { EndpointProfileSchema, type EndpointProfile } from "../../contracts/client/profile.ts";
import type { StudioState, StudioStore } from "../store/index.ts";
import type { EndpointsSnapshot } from "../store/endpoints-slice.ts";
import { idbStorage, type KeyValueStorage } from "./storage.ts";

export const PROFILES_KEY = "profiles";

interface ProfilesRecord {
  version: 1;
  profiles: EndpointProfile[];
  selectedProfileId: string | null;
  selectedModel: string;
  /** Ids whose key is kept in the key storage. */
  remembered: string[];
}

export interface EndpointStorages {
  profiles: KeyValueStorage;
  keys: KeyValueStorage;
}

export function idbEndpointStorages(): EndpointStorages {
  return { profiles: idbStorage("contract-studio-endpoints", "profiles"), keys: idbStorage("contract-studio-keys", "keys") };
}

export async function loadEndpoints(storages: EndpointStorages): Promise<Partial<EndpointsSnapshot>> {
  const rec = await storages.profiles.get<ProfilesRecord>(PROFILES_KEY);
  if (!rec || rec.version !== 1 || !Array.isArray(rec.profiles)) return {};
  const profiles = rec.profiles.flatMap((p) => {
    const parsed = EndpointProfileSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
  const apiKeys: Record<string, string> = {};
  const rememberKeys: Record<string, boolean> = {};
  for (const id of rec.remembered ?? []) {
    if (!profiles.some((p) => p.id === id)) continue;
    const key = await storages.keys.get<string>(id);
    if (typeof key === "string" && key) {
      apiKeys[id] = key;
      rememberKeys[id] = true;
    }
  }
  const selected = profiles.some((p) => p.id === rec.selectedProfileId) ? rec.selectedProfileId : (profiles[0]?.id ?? null);
  return { profiles, selectedProfileId: selected, selectedModel: typeof rec.selectedModel === "string" ? rec.selectedModel : "", apiKeys, rememberKeys };
}

function profilesRecord(s: StudioState): ProfilesRecord {
  return {
    version: 1,
    // Profiles have no key field; the schema parse also drops anything foreign a caller added.
    profiles: s.profiles.map((p) => EndpointProfileSchema.parse(p)),
    selectedProfileId: s.selectedProfileId,
    selectedModel: s.selectedModel,
    remembered: Object.keys(s.rememberKeys).filter((id) => s.rememberKeys[id]),
  };
}

/** Writes what changed; returns a stop function. `whenIdle` resolves once pending writes are done (tests). */
export function startEndpointsPersistence(store: StudioStore, storages: EndpointStorages): { stop(): void; whenIdle(): Promise<void> } {
  let pending: Promise<unknown> = Promise.resolve();
  const queue = (w: () => Promise<unknown>) => {
    pending = pending.then(w, w);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (
      s.profiles !== prev.profiles ||
      s.selectedProfileId !== prev.selectedProfileId ||
      s.selectedModel !== prev.selectedModel ||
      s.rememberKeys !== prev.rememberKeys
    ) {
      const rec = profilesRecord(s);
      queue(() => storages.profiles.set(PROFILES_KEY, rec));
    }
    if (s.apiKeys !== prev.apiKeys || s.rememberKeys !== prev.rememberKeys) {
      const ids = new Set([...Object.keys(s.apiKeys), ...Object.keys(prev.apiKeys), ...Object.keys(prev.rememberKeys)]);
      for (const id of ids) {
        const key = s.apiKeys[id];
        if (key && s.rememberKeys[id]) queue(() => storages.keys.set(id, key));
        else queue(() => storages.keys.del(id));
      }
    }
  });
  return {
    stop: unsubscribe,
    whenIdle: async () => {
      let seen: Promise<unknown>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
  };
}
