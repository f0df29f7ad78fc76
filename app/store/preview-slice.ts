/**
 * Preview slice: the latest assembly of the selected contract, as reported by the worker.
 * `assembledFor` says which contract revision it belongs to, so a stale result is visible
 * as such (the client already drops superseded ones).
 */
import type { StateCreator } from "zustand";
import type { AssembleResult } from "../../contracts/assembly-types.ts";
import type { ContractError } from "../../contracts/index.ts";
import type { TokenEncoding } from "../../contracts/tokens.ts";
import type { StudioState } from "./index.ts";

export interface AssemblyOutcome {
  /** Format errors of the draft (parseContract of the object). */
  validation: ContractError[];
  result: AssembleResult | null;
  /** Set when assembly itself threw: shown, never crashes the UI. */
  failure: string | null;
  /**
   * contentHash of the draft body, computed in the worker beside assembly: comparing it with
   * the latest version's hash tells "unpublished changes" without hashing a 1 MB draft on the
   * main thread at every keystroke. Null when it could not be computed.
   */
  draftHash: string | null;
}

export interface PreviewSlice {
  encoding: TokenEncoding;
  assembly: AssemblyOutcome | null;
  assembledFor: { key: string; revision: number } | null;
  assembling: boolean;
  setEncoding(encoding: TokenEncoding): void;
  setAssembling(assembling: boolean): void;
  setAssembly(key: string, revision: number, outcome: AssemblyOutcome): void;
}

export const createPreviewSlice: StateCreator<StudioState, [], [], PreviewSlice> = (set) => ({
  encoding: "o200k_base",
  assembly: null,
  assembledFor: null,
  assembling: false,
  setEncoding: (encoding) => set({ encoding }),
  setAssembling: (assembling) => set({ assembling }),
  setAssembly: (key, revision, assembly) => set({ assembly, assembledFor: { key, revision }, assembling: false }),
});
