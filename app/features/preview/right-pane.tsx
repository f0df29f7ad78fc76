/** The right pane: Preview, Run, Suite, Review and Diff. */
import { lazy, Suspense, useCallback, useDeferredValue, useMemo } from "react";
import { PreviewPane } from "../../../components/preview/preview-pane.tsx";
import { TabList, tabPanelProps, type TabSpec } from "../../../components/ui/tabs.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import type { SideTab } from "../../store/editor-slice.ts";
import { selectIssues, selectOutcome, selectPreviewCurrent } from "../assembly/selectors.ts";
import { describePromptCount, selectPromptCount } from "../assembly/server-count.ts";

// Only Preview is on the first screen: the other tabs are chunks of their own, fetched when
// opened. The Suite tab carries the runner, grid and statistics; Run the answer's Markdown
// (marked, DOMPurify), confidence and tool-call views; Review and Diff their views.
const SuiteTab = lazy(() => import("../suite/suite-tab.tsx").then((m) => ({ default: m.SuiteTab })));
const RunTab = lazy(() => import("../runs/run-tab.tsx").then((m) => ({ default: m.RunTab })));
const ReviewTab = lazy(() => import("../versions/review-tab.tsx").then((m) => ({ default: m.ReviewTab })));
const DiffTab = lazy(() => import("../versions/diff-tab.tsx").then((m) => ({ default: m.DiffTab })));

const TABS: TabSpec<SideTab>[] = [
  { id: "preview", label: "Preview" },
  { id: "run", label: "Run" },
  { id: "suite", label: "Suite" },
  { id: "review", label: "Review" },
  { id: "diff", label: "Diff" },
];

const COMING: Record<Exclude<SideTab, "preview" | "suite">, string> = {
  run: "Runs arrive with endpoint profiles: choose an endpoint and model in the top bar, then Run (Ctrl/Cmd+Enter).",
  review: "The review view shows a published version as a readable behaviour spec. Publish a version to review it.",
  diff: "Diff compares two versions section by section. Publish at least two versions to compare them.",
};

export function RightPane() {
  const tab = useStudio((s) => s.sideTab);
  // Deferred: rendering a megabyte of request text is interruptible, so typing stays fluid.
  const liveOutcome = useStudio(selectOutcome);
  const liveIssues = useStudio(selectIssues);
  const outcome = useDeferredValue(liveOutcome);
  const issues = useDeferredValue(liveIssues);
  // "Up to date": what is drawn is the assembly of the open draft's current revision. Tests
  // (and anyone reading the preview) wait on this, not on time.
  const assembledCurrent = useStudio(selectPreviewCurrent);
  const current = assembledCurrent && outcome === liveOutcome && issues === liveIssues;
  const encoding = useStudio((s) => s.encoding);
  const count = useStudio(selectPromptCount);
  const promptCount = useMemo(() => (count ? { tokens: count.tokens, basis: count.basis, note: describePromptCount(count) } : null), [count]);
  const busy = useStudio((s) => s.assembling);
  const hasContract = useStudio((s) => s.selectedKey !== null);
  const highlight = useStudio((s) => s.highlight);
  const wide = useStudio((s) => s.rightWide);
  const onHoverField = useCallback((p: string | null) => studioStore.getState().setHighlight(p, "preview"), []);
  const onSelectField = useCallback((p: string) => studioStore.getState().focusField(p), []);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex shrink-0 items-end border-b border-zinc-200 px-2 dark:border-zinc-800">
        <TabList label="Request and results" prefix="side" tabs={TABS} selected={tab} onSelect={(t) => studioStore.getState().setSideTab(t)} />
        <Button variant="ghost" size="xs" className="mb-1 ml-auto" aria-pressed={wide} onClick={() => studioStore.getState().toggleRightWide()}>
          {wide ? "Narrow" : "Widen"}
        </Button>
      </div>
      <div
        {...tabPanelProps("side", tab)}
        aria-busy={tab === "preview" ? !current : undefined}
        data-preview={tab === "preview" ? (current ? "current" : "stale") : undefined}
        className="min-h-0 flex-1 overflow-auto focus:outline-none"
      >
        {tab === "preview" ? (
          <PreviewPane
            result={outcome?.result ?? null}
            failure={outcome?.failure ?? null}
            issues={issues}
            encoding={encoding}
            onEncodingChange={(e) => studioStore.getState().setEncoding(e)}
            busy={busy}
            hasContract={hasContract}
            promptCount={promptCount}
            highlight={highlight}
            onHoverField={onHoverField}
            onSelectField={onSelectField}
          />
        ) : tab === "run" ? (
          <Suspense fallback={<p className="p-4 text-sm text-zinc-500">Loading the Run tab…</p>}>
            <RunTab />
          </Suspense>
        ) : tab === "suite" ? (
          <Suspense fallback={<p className="p-4 text-sm text-zinc-500">Loading the Suite tab…</p>}>
            <SuiteTab />
          </Suspense>
        ) : tab === "review" ? (
          <Suspense fallback={<p className="p-4 text-sm text-zinc-500">Loading the Review tab…</p>}>
            <ReviewTab />
          </Suspense>
        ) : tab === "diff" ? (
          <Suspense fallback={<p className="p-4 text-sm text-zinc-500">Loading the Diff tab…</p>}>
            <DiffTab />
          </Suspense>
        ) : (
          <p className="p-4 text-sm text-zinc-500">{COMING[tab]}</p>
        )}
      </div>
    </div>
  );
}
