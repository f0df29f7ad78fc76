/**
 * The studio store: one zustand store combined once from slices (one per concern).
 *
 *   workspace  entries{key → {contract, revision, updatedAt}}, order[], selectedKey, broken[],
 *              hydrated, lastDeleted; create/duplicate/rename/delete/undoDelete/update/add
 *   editor     editorTab, sideTab, search, highlight (field path) + highlightSource, focusRequest, rightWide
 *   preview    encoding, assembly {validation, result, failure}, assembledFor, assembling
 *   ui         paletteOpen, importDialog, notice, renaming, saved (autosave status)
 *   endpoints  profiles, selectedProfileId/Model, apiKeys (memory; see endpoints-slice.ts)
 *   runs       shownRuns{key → live or finished run}, runHistory of the open contract (by key)
 *   versions   publish/restore/label actions, diff pick, review version, share offer, tab conflict
 *   suite      per contract key: the suite shown (plan record, finished cells, progress, running)
 *   tokenCount the server's own prompt count (where it has a tokenize endpoint), per-profile support
 *
 * To add a concern (runs, endpoints, versions): write `x-slice.ts` exporting `XSlice` and
 * `createXSlice: StateCreator<StudioState, [], [], XSlice>`, add it to StudioState and to
 * `createStudioStore` below. Persistence subscribes to the combined store (app/persistence).
 * Read with one selector per value: `useStudio((s) => s.editorTab)`; pick objects with
 * `useStudio(useShallow((s) => ({ a: s.a, b: s.b })))`.
 */
import { createStore, useStore } from "zustand";
import { createWorkspaceSlice, type WorkspaceSlice, type WorkspaceEntry } from "./workspace-slice.ts";
import { createEditorSlice, type EditorSlice } from "./editor-slice.ts";
import { createPreviewSlice, type PreviewSlice } from "./preview-slice.ts";
import { createUiSlice, type UiSlice } from "./ui-slice.ts";
import { createEndpointsSlice, type EndpointsSlice } from "./endpoints-slice.ts";
import { createRunsSlice, type RunsSlice } from "./runs-slice.ts";
import { createVersionsSlice, type VersionsSlice } from "./versions-slice.ts";
import { createSuiteSlice, type SuiteSlice } from "./suite-slice.ts";
import { createTokenCountSlice, type TokenCountSlice } from "./token-count-slice.ts";

export type StudioState = WorkspaceSlice & EditorSlice & PreviewSlice & UiSlice & VersionsSlice & EndpointsSlice & RunsSlice & TokenCountSlice & SuiteSlice;

export function createStudioStore() {
  return createStore<StudioState>()((...a) => ({
    ...createWorkspaceSlice(...a),
    ...createEditorSlice(...a),
    ...createPreviewSlice(...a),
    ...createUiSlice(...a),
    ...createVersionsSlice(...a),
    ...createEndpointsSlice(...a),
    ...createRunsSlice(...a),
    ...createTokenCountSlice(...a),
    ...createSuiteSlice(...a),
  }));
}

export type StudioStore = ReturnType<typeof createStudioStore>;

/** The app's store. Tests reset it with `resetStudioStore()`. */
export const studioStore = createStudioStore();

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}

export function resetStudioStore(): void {
  studioStore.setState(studioStore.getInitialState(), true);
}

export const selectSelectedEntry = (s: StudioState): WorkspaceEntry | null => (s.selectedKey ? (s.entries[s.selectedKey] ?? null) : null);
