/**
 * Editor UI slice: which tab is open in the centre and right panes, the contracts search,
 * and the link between editor fields and preview spans (`highlight`, `focusRequest`),
 * both carrying a field's JSON path as in errors (`policy.rules[2]`).
 */
import type { StateCreator } from "zustand";
import type { StudioState } from "./index.ts";

export const EDITOR_TABS = ["policy", "task", "context", "output", "tests", "raw"] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];
export const SIDE_TABS = ["preview", "run", "suite", "review", "diff"] as const;
export type SideTab = (typeof SIDE_TABS)[number];

export interface FocusRequest {
  path: string;
  /** Grows per request so asking twice for the same path still acts. */
  nonce: number;
}

export interface EditorSlice {
  editorTab: EditorTab;
  sideTab: SideTab;
  search: string;
  /** The field hovered or focused, in the editor or through a preview span. */
  highlight: string | null;
  /** Where the highlight came from: the editor marks fields only for the preview's. */
  highlightSource: "editor" | "preview";
  focusRequest: FocusRequest | null;
  rightWide: boolean;
  setEditorTab(tab: EditorTab): void;
  setSideTab(tab: SideTab): void;
  setSearch(search: string): void;
  setHighlight(path: string | null, source?: "editor" | "preview"): void;
  /** Opens the tab that edits `path` and asks it to focus the field. */
  focusField(path: string): void;
  toggleRightWide(): void;
}

/** The editor tab that edits a JSON path. */
export function tabForPath(path: string): EditorTab {
  if (path.startsWith("policy")) return "policy";
  if (path.startsWith("task") || path.startsWith("variables")) return "task";
  if (path.startsWith("context")) return "context";
  if (path.startsWith("output") || path.startsWith("model")) return "output";
  if (path === "name" || path === "id" || path === "description" || path.startsWith("tools")) return "policy";
  if (path.startsWith("tests")) return "tests";
  return "raw";
}

export const isEditorTab = (v: unknown): v is EditorTab => EDITOR_TABS.includes(v as EditorTab);
export const isSideTab = (v: unknown): v is SideTab => SIDE_TABS.includes(v as SideTab);

export const createEditorSlice: StateCreator<StudioState, [], [], EditorSlice> = (set, get) => ({
  editorTab: "policy",
  sideTab: "preview",
  search: "",
  highlight: null,
  highlightSource: "editor",
  focusRequest: null,
  rightWide: false,
  setEditorTab: (editorTab) => set({ editorTab }),
  setSideTab: (sideTab) => set({ sideTab }),
  setSearch: (search) => set({ search }),
  setHighlight: (highlight, highlightSource = "editor") => {
    const s = get();
    if (s.highlight !== highlight || s.highlightSource !== highlightSource) set({ highlight, highlightSource });
  },
  focusField: (path) => set((s) => ({ editorTab: tabForPath(path), focusRequest: { path, nonce: (s.focusRequest?.nonce ?? 0) + 1 } })),
  toggleRightWide: () => set((s) => ({ rightWide: !s.rightWide })),
});
