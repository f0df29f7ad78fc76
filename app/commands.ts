/**
 * Commands as data: one list shared by buttons, keyboard shortcuts and the command palette
 * (Ctrl/Cmd+K). A later feature adds its commands here (Run: Ctrl/Cmd+Enter).
 */
import { studioStore, selectSelectedEntry } from "./store/index.ts";
import { EDITOR_TABS, type EditorTab } from "./store/editor-slice.ts";
import { exportContract, openImportPicker } from "./features/import-export/import-export.ts";
import { isRunning, startRun, stopRun } from "./features/runs/run-controller.ts";
import { deletionLosses } from "./store/workspace-slice.ts";

export interface Command {
  id: string;
  label: string;
  /** Shown in the palette and tooltips, e.g. "Ctrl+K". */
  shortcut?: string;
  /** Matches the keyboard event that runs it. */
  keys?: (e: KeyboardEvent) => boolean;
  enabled?: () => boolean;
  run: () => void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const hasOpen = () => studioStore.getState().selectedKey !== null;
const st = () => studioStore.getState();
const TAB_LABELS: Record<EditorTab, string> = { policy: "Policy", task: "Task", context: "Context", output: "Output", tests: "Tests", raw: "Raw" };

export const commands: readonly Command[] = [
  { id: "palette.open", label: "Show commands", shortcut: "Ctrl+K", keys: (e) => mod(e) && e.key.toLowerCase() === "k", run: () => st().setPaletteOpen(true) },
  { id: "contract.new", label: "New contract", shortcut: "Alt+N", keys: (e) => e.altKey && e.code === "KeyN", run: () => void st().createContract() },
  { id: "contract.duplicate", label: "Duplicate contract", enabled: hasOpen, run: () => void (st().selectedKey && st().duplicateContract(st().selectedKey!)) },
  { id: "contract.rename", label: "Rename contract", shortcut: "F2", keys: (e) => e.key === "F2", enabled: hasOpen, run: () => st().setRenaming(true) },
  {
    id: "contract.delete",
    label: "Delete contract",
    enabled: hasOpen,
    run: () => {
      const e = selectSelectedEntry(st());
      if (!e) return;
      // Published versions and labels are what product code pins: ask before they go.
      if (deletionLosses(e.contract)) st().setDeleteRequest(e.key);
      else deleteContractNow(e.key);
    },
  },
  {
    id: "contract.undo-delete",
    label: "Undo delete",
    shortcut: "Ctrl+Z",
    // Only outside text fields: there Ctrl+Z undoes typing, as everywhere.
    keys: (e) => mod(e) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z" && !isTextEditingTarget(e.target),
    enabled: () => st().lastDeleted !== null,
    run: () => {
      st().undoDelete();
      st().dismissNotice();
    },
  },
  { id: "contract.import", label: "Import contract file…", run: openImportPicker },
  {
    id: "contract.export",
    label: "Export contract",
    shortcut: "Ctrl+Shift+E",
    keys: (e) => mod(e) && e.shiftKey && e.code === "KeyE",
    enabled: hasOpen,
    run: () => {
      const e = selectSelectedEntry(st());
      if (e) exportContract(e.contract);
    },
  },
  ...EDITOR_TABS.map((tab, i): Command => ({
    id: `tab.${tab}`,
    label: `Open ${TAB_LABELS[tab]} tab`,
    shortcut: `Alt+${i + 1}`,
    keys: (e) => e.altKey && !mod(e) && e.code === `Digit${i + 1}`,
    run: () => st().setEditorTab(tab),
  })),
  {
    id: "preview.encoding",
    label: "Switch token encoding (o200k_base / cl100k_base)",
    run: () => st().setEncoding(st().encoding === "o200k_base" ? "cl100k_base" : "o200k_base"),
  },
  { id: "view.wide", label: "Widen or narrow the right pane", run: () => st().toggleRightWide() },
  { id: "version.publish", label: "Publish version…", enabled: hasOpen, run: () => st().setPublishDialogOpen(true) },
  { id: "version.share", label: "Copy share link", enabled: hasOpen, run: () => st().setShareDialogOpen(true) },
  { id: "version.diff", label: "Compare versions (Diff)", enabled: hasOpen, run: () => st().setSideTab("diff") },
  { id: "version.review", label: "Review view (full window)", enabled: hasOpen, run: () => st().setReviewFull(true) },
  {
    id: "run.start",
    label: "Run the contract",
    shortcut: "Ctrl+Enter",
    keys: (e) => mod(e) && e.key === "Enter",
    enabled: () => hasOpen() && !isRunning(),
    run: () => void startRun(studioStore),
  },
  { id: "run.stop", label: "Stop the run", enabled: isRunning, run: stopRun },
  { id: "endpoints.open", label: "Endpoint profiles…", run: () => st().setEndpointsDialogOpen(true) },
  { id: "run.copy-code", label: "Copy request as code (curl, TypeScript, Python)", enabled: hasOpen, run: () => st().setCodeDialogOpen(true) },
];

/** Deletes a contract (after any confirmation) and offers Undo. */
export function deleteContractNow(key: string): void {
  const s = st();
  const e = s.entries[key];
  s.setDeleteRequest(null);
  if (!e) return;
  s.deleteContract(key);
  s.notify({ message: `Deleted “${e.contract.name}”.`, actionLabel: "Undo", actionCommand: "contract.undo-delete" });
}

function isTextEditingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.closest(".monaco-editor")) return true;
  if (t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(t.type);
}

export function runCommand(id: string): void {
  const c = commands.find((x) => x.id === id);
  if (c && (c.enabled?.() ?? true)) c.run();
}

/** The global shortcut handler; returns true when a command ran. */
export function handleShortcut(e: KeyboardEvent): boolean {
  const c = commands.find((x) => x.keys?.(e));
  if (!c || !(c.enabled?.() ?? true)) return false;
  e.preventDefault();
  c.run();
  return true;
}
