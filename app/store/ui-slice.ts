/**
 * UI slice: transient things that are not part of the workspace: the command palette, the
 * import dialog (errors or an id conflict) and a notice with an optional undo.
 */
import type { StateCreator } from "zustand";
import type { Contract, ContractError } from "../../contracts/index.ts";
import type { StudioState } from "./index.ts";

export type ImportDialogState = { kind: "errors"; fileName: string; errors: ContractError[] } | { kind: "conflict"; fileName: string; contract: Contract };

export interface Notice {
  id: number;
  message: string;
  /** A command id from app/commands.ts, offered as a button (e.g. "contract.undo-delete"). */
  actionCommand?: string;
  actionLabel?: string;
}

export interface UiSlice {
  paletteOpen: boolean;
  importDialog: ImportDialogState | null;
  notice: Notice | null;
  /** The open contract's name is being edited in the list. */
  renaming: boolean;
  /** False while changes wait to be written (autosave sets it). */
  saved: boolean;
  setRenaming(renaming: boolean): void;
  setSaved(saved: boolean): void;
  setPaletteOpen(open: boolean): void;
  setImportDialog(state: ImportDialogState | null): void;
  notify(notice: Omit<Notice, "id">): void;
  dismissNotice(): void;
}

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set, get) => ({
  paletteOpen: false,
  importDialog: null,
  notice: null,
  renaming: false,
  saved: true,
  setRenaming: (renaming) => set({ renaming }),
  setSaved: (saved) => {
    if (get().saved !== saved) set({ saved });
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setImportDialog: (importDialog) => set({ importDialog }),
  notify: (notice) => set((s) => ({ notice: { ...notice, id: (s.notice?.id ?? 0) + 1 } })),
  dismissNotice: () => set({ notice: null }),
});
