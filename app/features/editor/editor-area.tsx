/** The centre pane: the contract's editor tabs, bound to the store. */
import { lazy, Suspense, useCallback, useDeferredValue, useRef, useState, type ComponentType } from "react";
import type { Contract } from "../../../contracts/index.ts";
import { PolicyPanel } from "../../../components/editor/policy-panel.tsx";
import { TaskPanel } from "../../../components/editor/task-panel.tsx";
import { ContextPanel } from "../../../components/editor/context-panel.tsx";
import { OutputPanel } from "../../../components/editor/output-panel.tsx";
import { RawEditor } from "../../../components/editor/raw-editor.tsx";
import type { PanelProps } from "../../../components/editor/panel-props.ts";
import { TabList, tabPanelProps, type TabSpec } from "../../../components/ui/tabs.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import type { EditorTab } from "../../store/editor-slice.ts";
import { issuesByTab, selectIssues, selectSectionTokens } from "../assembly/selectors.ts";
import { useFieldLink } from "./field-link.ts";

// The Tests tab (case editor, context overrides, case tools, exports, generation) is a chunk of
// its own, fetched when the tab is first opened: the first screen is the Policy tab.
// Shown while it loads; the e2e helper that opens a tab waits until this text is gone.
const PANEL_LOADING = "Loading the tab…";
const TestsWithGeneration = lazy(() => import("../generate/generate-cases.tsx").then((m) => ({ default: m.TestsWithGeneration })));

const NO_PENDING: PanelProps["pending"] = Object.freeze({});
const LABELS: Record<EditorTab, string> = { policy: "Policy", task: "Task", context: "Context", output: "Output", tests: "Tests", raw: "Raw" };
const PANELS: Partial<Record<EditorTab, ComponentType<PanelProps>>> = {
  policy: PolicyPanel,
  task: TaskPanel,
  context: ContextPanel,
  output: OutputPanel,
  tests: TestsWithGeneration,
};

function tabTokens(tab: EditorTab, sections: Record<string, number> | null): number | null {
  if (!sections) return null;
  if (tab === "context") return Object.entries(sections).reduce((n, [k, v]) => (k.startsWith("context") ? n + v : n), 0);
  if (tab === "policy" || tab === "task" || tab === "output") return sections[tab] ?? 0;
  return null;
}

export function EditorArea() {
  const key = useStudio((s) => s.selectedKey);
  const contract = useStudio((s) => (s.selectedKey ? (s.entries[s.selectedKey]?.contract ?? null) : null));
  const tab = useStudio((s) => s.editorTab);
  const issues = useDeferredValue(useStudio(selectIssues));
  const sections = useDeferredValue(useStudio(selectSectionTokens));
  const focusRequest = useStudio((s) => s.focusRequest);
  const ref = useRef<HTMLDivElement>(null);
  useFieldLink(ref);
  // Raw stays mounted once opened, so text that does not parse yet survives a tab switch.
  const [rawOpened, setRawOpened] = useState<string | null>(null);
  if (tab === "raw" && key && rawOpened !== key) setRawOpened(key);

  const onChange = useCallback((recipe: (c: Contract) => Contract) => {
    const s = studioStore.getState();
    if (s.selectedKey) s.updateContract(s.selectedKey, recipe);
  }, []);
  const onRaw = useCallback((c: Contract) => onChange(() => c), [onChange]);
  const onRemove = useCallback<PanelProps["onRemove"]>((listPath, index, label) => {
    const s = studioStore.getState();
    if (s.selectedKey) s.removeListItem(s.selectedKey, listPath, index, label);
  }, []);
  const onPending = useCallback<PanelProps["onPending"]>((path, pending) => {
    const s = studioStore.getState();
    if (s.selectedKey) s.setPending(s.selectedKey, path, pending);
  }, []);
  const pending = useStudio((s) => (s.selectedKey ? s.entries[s.selectedKey]?.pending : undefined)) ?? NO_PENDING;

  if (!contract || !key)
    return (
      <div className="flex h-full items-center justify-center p-8 text-center text-sm text-zinc-500">
        No contract is open. Create one with “New contract”, or import a .contract.json file.
      </div>
    );

  const errorsByTab = issuesByTab(issues);
  const tabs: TabSpec<EditorTab>[] = (Object.keys(LABELS) as EditorTab[]).map((id) => {
    const t = tabTokens(id, sections);
    const errs = errorsByTab[id];
    return {
      id,
      label: LABELS[id],
      badge:
        t != null || errs ? (
          <span className="flex items-center gap-1">
            {t != null && <span className="font-mono text-[10px] tabular-nums text-zinc-400">{t.toLocaleString("en-US")}</span>}
            {errs > 0 && <span className="h-1.5 w-1.5 rounded-full bg-red-500" />}
          </span>
        ) : undefined,
    };
  });
  const Panel = PANELS[tab];
  const panelFocus = focusRequest && tab !== "raw" ? focusRequest : null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <TabList
        label="Contract editor"
        prefix="editor"
        tabs={tabs}
        selected={tab}
        onSelect={(t) => studioStore.getState().setEditorTab(t)}
        className="shrink-0 border-b border-zinc-200 px-2 dark:border-zinc-800"
      />
      <div ref={ref} className="min-h-0 flex-1 overflow-hidden">
        {Panel && (
          <div {...tabPanelProps("editor", tab)} className="h-full overflow-auto p-4 focus:outline-none">
            <div className="mx-auto max-w-3xl">
              <Suspense fallback={<p className="text-sm text-zinc-500">{PANEL_LOADING}</p>}>
                <Panel
                  key={key}
                  contract={contract}
                  onChange={onChange}
                  onRemove={onRemove}
                  pending={pending}
                  onPending={onPending}
                  issues={issues}
                  tokens={sections}
                  focusRequest={panelFocus}
                />
              </Suspense>
            </div>
          </div>
        )}
        {rawOpened === key && (
          <div {...tabPanelProps("editor", "raw")} hidden={tab !== "raw"} className="h-full p-3">
            <RawEditor key={key} contract={contract} onValidContract={onRaw} />
          </div>
        )}
      </div>
    </div>
  );
}
