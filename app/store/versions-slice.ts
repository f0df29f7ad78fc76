/**
 * Versions slice: publishing, restoring and labelling the open contract's versions (all through
 * the pure functions in contracts/versions), plus the UI state of the Diff and Review tabs, the
 * share-link offer and a two-tab conflict waiting for the user's choice.
 *
 * Every action that changes a contract goes through updateContract, so the revision grows and
 * autosave writes it like any edit. Actions return the contracts library's Result, so a dialog
 * can show the error sentence next to the field it names (`version`, `message`, `label`).
 */
import type { StateCreator } from "zustand";
import {
  moveLabel,
  publishVersion,
  removeLabel,
  restoreVersion,
  setReview,
  type Contract,
  type ContractError,
  type Result,
  type Review,
} from "../../contracts/index.ts";
import type { StudioState } from "./index.ts";

/** "draft" or a published version number. */
export type VersionRef = string;

export interface PublishInput {
  version: string;
  message: string;
  review?: Review;
}

/** A contract that arrived through a `#share=` link, waiting for the user to import it or not. */
export type ShareOffer = { kind: "contract"; contract: Contract; idTaken: boolean } | { kind: "errors"; errors: ContractError[] };

/** Another tab saved a contract this tab has unsaved edits to. */
export interface SyncConflict {
  key: string;
  theirs: { contract: Contract; revision: number };
}

export interface VersionsSlice {
  publishDialogOpen: boolean;
  shareDialogOpen: boolean;
  diffPick: { from: VersionRef; to: VersionRef } | null;
  /** The version the Review tab shows; null: the latest (or the draft before any publish). */
  reviewVersion: VersionRef | null;
  /** The review popped out to the full window (also what Print prints). */
  reviewFull: boolean;
  shareOffer: ShareOffer | null;
  syncConflict: SyncConflict | null;
  setPublishDialogOpen(open: boolean): void;
  setShareDialogOpen(open: boolean): void;
  setDiffPick(pick: { from: VersionRef; to: VersionRef } | null): void;
  setReviewVersion(version: VersionRef | null): void;
  setReviewFull(full: boolean): void;
  setShareOffer(offer: ShareOffer | null): void;
  setSyncConflict(conflict: SyncConflict | null): void;
  publishDraft(key: string, input: PublishInput, now?: Date): Result<Contract>;
  restoreToDraft(key: string, version: string): Result<Contract>;
  pointLabel(key: string, label: string, version: string, now?: Date): Result<Contract>;
  dropLabel(key: string, label: string, now?: Date): Result<Contract>;
  reviewVersionStatus(key: string, version: string, review: Review): Result<Contract>;
}

const noContract: Result<Contract> = { ok: false, errors: [{ path: "(draft)", message: "no contract is open" }] };

export const createVersionsSlice: StateCreator<StudioState, [], [], VersionsSlice> = (set, get) => {
  /** Applies a pure history operation to a contract in the workspace, when it succeeds. */
  const apply = (key: string, op: (c: Contract) => Result<Contract>): Result<Contract> => {
    const entry = get().entries[key];
    if (!entry) return noContract;
    const result = op(entry.contract);
    if (result.ok) get().updateContract(key, () => result.value);
    return result;
  };
  return {
    publishDialogOpen: false,
    shareDialogOpen: false,
    diffPick: null,
    reviewVersion: null,
    reviewFull: false,
    shareOffer: null,
    syncConflict: null,
    setPublishDialogOpen: (publishDialogOpen) => set({ publishDialogOpen }),
    setShareDialogOpen: (shareDialogOpen) => set({ shareDialogOpen }),
    setDiffPick: (diffPick) => set({ diffPick }),
    setReviewVersion: (reviewVersion) => set({ reviewVersion }),
    setReviewFull: (reviewFull) => set({ reviewFull }),
    setShareOffer: (shareOffer) => set({ shareOffer }),
    setSyncConflict: (syncConflict) => set({ syncConflict }),
    publishDraft: (key, input, now = new Date()) =>
      apply(key, (c) => publishVersion(c, { version: input.version, message: input.message, now, ...(input.review ? { review: input.review } : {}) })),
    restoreToDraft: (key, version) => apply(key, (c) => restoreVersion(c, version)),
    pointLabel: (key, label, version, now = new Date()) => apply(key, (c) => moveLabel(c, label.trim(), version, { now })),
    dropLabel: (key, label, now = new Date()) => apply(key, (c) => removeLabel(c, label, { now })),
    reviewVersionStatus: (key, version, review) => apply(key, (c) => setReview(c, version, review)),
  };
};
