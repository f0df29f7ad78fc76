/**
 * Token-count slice: the endpoint's own count of the open contract's prompt, where the selected
 * profile's server offers one (llama.cpp, vLLM; contracts/client/tokenize.ts), and what each
 * profile was found to offer. Written by app/features/assembly/server-count.ts; read through
 * selectPromptCount there. Not persisted: a server may be upgraded or swapped between sessions.
 */
import type { StateCreator } from "zustand";
import type { TokenCountSource } from "../../contracts/client/tokenize.ts";
import type { StudioState } from "./index.ts";

/** What a profile's server was found to offer: a route that counts, or none. */
export type TokenizeSupport = { kind: "route"; route: TokenCountSource } | { kind: "none"; reason: string };

/** One count by the server: of exactly this request body, for this contract and profile. */
export interface ServerTokenCount {
  contractKey: string;
  /** The probe key of the profile (see probeKey in server-count.ts). */
  profileKey: string;
  /** The request body the count is of (the preview's `result.body`). */
  body: string;
  tokens: number;
  source: TokenCountSource;
}

export interface TokenCountSlice {
  /** Per probe key: what the server offers. Absent: not probed yet (or the probe is under way). */
  tokenizeSupport: Record<string, TokenizeSupport>;
  /** The latest server count for the open contract (may be of an earlier body while a new count runs). */
  serverCount: ServerTokenCount | null;
  setTokenizeSupport(profileKey: string, support: TokenizeSupport): void;
  setServerCount(count: ServerTokenCount | null): void;
}

export const createTokenCountSlice: StateCreator<StudioState, [], [], TokenCountSlice> = (set) => ({
  tokenizeSupport: {},
  serverCount: null,
  setTokenizeSupport: (profileKey, support) => set((s) => ({ tokenizeSupport: { ...s.tokenizeSupport, [profileKey]: support } })),
  setServerCount: (serverCount) => set({ serverCount }),
});
