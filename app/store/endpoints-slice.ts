/**
 * Endpoints slice: the endpoint profiles, which one and which model the top bar has picked, and
 * the API keys. Keys live here, in memory, keyed by profile id, and never inside a profile
 * (EndpointProfileSchema has no key field). app/persistence/endpoints-persistence.ts writes
 * profiles to one IndexedDB store and a key to a separate one only while `rememberKeys[id]`.
 */
import type { StateCreator } from "zustand";
import type { EndpointProfile } from "../../contracts/client/profile.ts";
import type { StudioState } from "./index.ts";

export interface EndpointsSnapshot {
  profiles: EndpointProfile[];
  selectedProfileId: string | null;
  selectedModel: string;
  apiKeys: Record<string, string>;
  rememberKeys: Record<string, boolean>;
}

export interface EndpointsSlice extends EndpointsSnapshot {
  /** Model ids found by "Test connection", per profile id (not persisted). */
  discoveredModels: Record<string, string[]>;
  endpointsDialogOpen: boolean;
  /** Adds or replaces a profile (by id) with its key; selects it when nothing is selected. */
  saveProfile(profile: EndpointProfile, key: { apiKey: string; remember: boolean }): void;
  deleteProfile(id: string): void;
  selectProfile(id: string | null): void;
  selectModel(model: string): void;
  setDiscoveredModels(id: string, models: string[]): void;
  setEndpointsDialogOpen(open: boolean): void;
  hydrateEndpoints(snapshot: Partial<EndpointsSnapshot>): void;
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export const createEndpointsSlice: StateCreator<StudioState, [], [], EndpointsSlice> = (set, get) => ({
  profiles: [],
  selectedProfileId: null,
  selectedModel: "",
  apiKeys: {},
  rememberKeys: {},
  discoveredModels: {},
  endpointsDialogOpen: false,
  saveProfile: (profile, { apiKey, remember }) =>
    set((s) => {
      const exists = s.profiles.some((p) => p.id === profile.id);
      const profiles = exists ? s.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...s.profiles, profile];
      const apiKeys = apiKey ? { ...s.apiKeys, [profile.id]: apiKey } : without(s.apiKeys, profile.id);
      const rememberKeys = remember && apiKey ? { ...s.rememberKeys, [profile.id]: true } : without(s.rememberKeys, profile.id);
      const selectNew = s.selectedProfileId === null || !s.profiles.some((p) => p.id === s.selectedProfileId);
      return {
        profiles,
        apiKeys,
        rememberKeys,
        ...(selectNew ? { selectedProfileId: profile.id, selectedModel: profile.defaultModel } : {}),
        ...(s.selectedProfileId === profile.id && !s.selectedModel ? { selectedModel: profile.defaultModel } : {}),
      };
    }),
  deleteProfile: (id) =>
    set((s) => {
      const profiles = s.profiles.filter((p) => p.id !== id);
      const reselect = s.selectedProfileId === id;
      return {
        profiles,
        apiKeys: without(s.apiKeys, id),
        rememberKeys: without(s.rememberKeys, id),
        discoveredModels: without(s.discoveredModels, id),
        ...(reselect ? { selectedProfileId: profiles[0]?.id ?? null, selectedModel: profiles[0]?.defaultModel ?? "" } : {}),
      };
    }),
  selectProfile: (id) => {
    const p = get().profiles.find((x) => x.id === id);
    set({ selectedProfileId: p ? p.id : null, selectedModel: p?.defaultModel ?? "" });
  },
  selectModel: (selectedModel) => set({ selectedModel }),
  setDiscoveredModels: (id, models) => set((s) => ({ discoveredModels: { ...s.discoveredModels, [id]: models } })),
  setEndpointsDialogOpen: (endpointsDialogOpen) => set({ endpointsDialogOpen }),
  hydrateEndpoints: (snapshot) => set(snapshot),
});

export const selectSelectedProfile = (s: StudioState): EndpointProfile | null => s.profiles.find((p) => p.id === s.selectedProfileId) ?? null;
