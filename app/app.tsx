/** The shell: top bar and three panes (contracts, editor, request), dialogs and shortcuts. */
import { useEffect, useState, type DragEvent } from "react";
import { TopBar } from "../components/workspace/top-bar.tsx";
import { CommandPalette } from "../components/workspace/command-palette.tsx";
import { ImportDialog } from "../components/workspace/import-dialog.tsx";
import { NoticeBar } from "../components/workspace/notice-bar.tsx";
import { studioStore, useStudio } from "./store/index.ts";
import { commands, handleShortcut, runCommand } from "./commands.ts";
import { EditorArea } from "./features/editor/editor-area.tsx";
import { RightPane } from "./features/preview/right-pane.tsx";
import { LeftPane } from "./features/workspace/left-pane.tsx";
import { importFile, importPendingAsCopy, importPendingAsReplacement } from "./features/import-export/import-export.ts";
import { selectErrorCount, selectTotalTokens } from "./features/assembly/selectors.ts";
import { VersionsOverlays } from "./features/versions/versions-overlays.tsx";
import { describePromptCount, selectPromptCount } from "./features/assembly/server-count.ts";
import { useVersionText } from "./features/versions/version-indicator.ts";
import { EndpointRunControls, EndpointsDialogHost, selectEstimatedCost } from "./features/endpoints/endpoint-controls.tsx";
import { CodeDialogHost } from "./features/runs/code-dialog-host.tsx";

function Header() {
  const name = useStudio((s) => (s.selectedKey ? (s.entries[s.selectedKey]?.contract.name ?? null) : null));
  const history = useStudio((s) => (s.selectedKey ? s.entries[s.selectedKey]?.contract.history : undefined));
  const localTokens = useStudio(selectTotalTokens);
  const count = useStudio(selectPromptCount);
  const errors = useStudio(selectErrorCount);
  const saved = useStudio((s) => s.saved);
  const costUsd = useStudio(selectEstimatedCost);
  const versionText = useVersionText();
  const labels = history ? Object.entries(history.labels).map(([n, v]) => ({ name: n, version: String(v) })) : [];
  return (
    <TopBar
      name={name}
      version={versionText}
      labels={labels}
      tokens={count?.tokens ?? localTokens}
      tokensBasis={count?.basis ?? null}
      tokensNote={count ? describePromptCount(count) : undefined}
      costUsd={costUsd}
      errors={errors}
      saved={saved}
      onOpenPalette={() => runCommand("palette.open")}
    >
      <EndpointRunControls />
    </TopBar>
  );
}

/** The palette's entries: the enabled commands, then every contract, opened by name or id. */
const OPEN_PREFIX = "open-contract:";
function Palette() {
  const s = studioStore.getState();
  const contracts = s.order.flatMap((key) => {
    const c = s.entries[key]?.contract;
    return c ? [{ id: `${OPEN_PREFIX}${key}`, label: `Open contract: ${c.name || "(unnamed)"}`, keywords: c.id }] : [];
  });
  return (
    <CommandPalette
      commands={[...commands.filter((c) => c.id !== "palette.open" && (c.enabled?.() ?? true)), ...contracts]}
      onRun={(id) => (id.startsWith(OPEN_PREFIX) ? s.selectContract(id.slice(OPEN_PREFIX.length)) : runCommand(id))}
      onClose={() => s.setPaletteOpen(false)}
    />
  );
}

function Overlays() {
  const palette = useStudio((s) => s.paletteOpen);
  const dialog = useStudio((s) => s.importDialog);
  const notice = useStudio((s) => s.notice);
  const s = studioStore.getState;
  return (
    <>
      {palette && <Palette />}
      {dialog?.kind === "errors" && <ImportDialog kind="errors" fileName={dialog.fileName} errors={dialog.errors} onClose={() => s().setImportDialog(null)} />}
      {dialog?.kind === "conflict" && (
        <ImportDialog
          kind="conflict"
          fileName={dialog.fileName}
          contractId={dialog.contract.id}
          onImportCopy={() => importPendingAsCopy(studioStore)}
          onReplace={() => importPendingAsReplacement(studioStore)}
          onClose={() => s().setImportDialog(null)}
        />
      )}
      <EndpointsDialogHost />
      <CodeDialogHost />
      <VersionsOverlays />
      {notice && (
        <NoticeBar
          key={notice.id}
          message={notice.message}
          actionLabel={notice.actionLabel}
          onAction={notice.actionCommand ? () => runCommand(notice.actionCommand!) : undefined}
          onDismiss={() => s().dismissNotice()}
        />
      )}
    </>
  );
}

/*
 * Three panes that hold from 1024 px up: below xl (1280 px) the contract list is narrower and
 * the editor keeps a larger share, so its six tabs fit beside the request pane; the tab lists
 * wrap rather than scroll a tab out of sight (see TabList).
 */
const GRID = "grid-cols-[14rem_minmax(0,1.25fr)_minmax(0,1fr)] xl:grid-cols-[15rem_minmax(0,1.15fr)_minmax(0,1fr)]";
const GRID_WIDE = "grid-cols-[14rem_minmax(0,1fr)_minmax(0,1.4fr)] xl:grid-cols-[15rem_minmax(0,1fr)_minmax(0,1.6fr)]";

export function App() {
  const hydrated = useStudio((s) => s.hydrated);
  const wide = useStudio((s) => s.rightWide);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleShortcut(e);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void importFile(studioStore, file);
  };

  return (
    <div
      className="flex h-screen flex-col bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      {/* The first stop for keyboard users: past the top bar and the contract list. */}
      <a
        href="#editor"
        className="sr-only rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("editor")?.focus();
        }}
      >
        Skip to editor
      </a>
      <Header />
      {!hydrated ? (
        <p role="status" className="p-6 text-sm text-zinc-500">
          Loading your workspace…
        </p>
      ) : (
        <div className={`grid min-h-0 flex-1 ${wide ? GRID_WIDE : GRID}`}>
          <aside aria-label="Contracts" className="min-h-0 border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <LeftPane />
          </aside>
          <main
            id="editor"
            tabIndex={-1}
            aria-label="Editor"
            className="min-h-0 bg-white outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 dark:bg-zinc-900/40"
          >
            <EditorArea />
          </main>
          <section aria-label="Request preview" className="min-h-0 border-l border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <RightPane />
          </section>
        </div>
      )}
      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-30 flex items-center justify-center border-4 border-dashed border-indigo-400 bg-indigo-50/70 text-lg font-medium text-indigo-800 dark:bg-indigo-950/70 dark:text-indigo-200">
          Drop a .contract.json file to import it
        </div>
      )}
      <Overlays />
    </div>
  );
}
