/**
 * The right pane's Suite tab: set up and run a suite of the open contract, follow it, and read
 * its results (grid, one cell's detail, the comparison of two columns, the injection attacks);
 * the behaviour dashboard is loaded on demand (its charts are not part of the first load).
 * The grid holds cell summaries; an opened cell's full results are read from the store then.
 * The comparison, the attacks and the setup are memoised: a filter change redraws the grid only.
 */
import { lazy, memo, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useState } from "react";
import type { CellResult } from "../../../contracts/eval/suite/types.ts";
import type { TestCase } from "../../../contracts/schema/tests.ts";
import { AttacksView } from "../../../components/suite/attacks-view.tsx";
import { CellDetail } from "../../../components/suite/cell-detail.tsx";
import { ComparisonView } from "../../../components/suite/comparison-view.tsx";
import { ResultsGrid, type CellPick } from "../../../components/suite/results-grid.tsx";
import { SuiteProgressView } from "../../../components/suite/suite-progress.tsx";
import { SuiteSetup, type SuiteChoice, type TargetOption } from "../../../components/suite/suite-setup.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { inputClass, labelClass } from "../../../components/ui/field.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { selectOpenSuite } from "../../store/suite-slice.ts";
import { compareInWorker, type Comparison } from "../../workers/compare-client.ts";
import { buildGrid, drawnRows, filterRows, NO_FILTER, type GridFilter } from "../../../components/suite/grid-model.ts";
import { suiteControllerFor } from "./suite-controller.ts";
import { PerturbSection, type PerturbRequest } from "./perturb-section.tsx";
import { withReference } from "../../../contracts/dataset/export.ts";
import { graderLabel } from "./suite-grader.ts";
import { ProposeFix } from "../generate/propose-fix.tsx";

const Comparison_ = memo(ComparisonView);
const Attacks = memo(AttacksView);
const Setup = memo(SuiteSetup);

const loadDashboard = () => import("./dashboard-tab.tsx").then((m) => ({ default: m.DashboardTab }));
const Dashboard = lazy(loadDashboard);
const Traffic = lazy(() => import("../traffic/traffic-tab.tsx").then((m) => ({ default: m.TrafficTab })));
const Dataset = lazy(() => import("../dataset/dataset-tab.tsx").then((m) => ({ default: m.DatasetTab })));
const VIEW_LABELS = { results: "Suite results", dashboard: "Behaviour dashboard", production: "Production log", dataset: "Dataset" } as const;

/** A case's split and tags, read loosely (the case format owns them). */
export function caseSplit(t: TestCase): string {
  const s = (t as { split?: unknown }).split;
  return typeof s === "string" && s ? s : "dev";
}
export function caseTags(t: TestCase): string[] {
  const tags = (t as { tags?: unknown }).tags;
  return Array.isArray(tags) ? tags.filter((x): x is string => typeof x === "string") : [];
}

/** The case has a model-graded rubric assertion (it needs a grader to pass). */
export const hasRubric = (t: TestCase) => t.assertions.some((a) => a.type === "rubric");

export function SuiteTab() {
  const [view, setView] = useState<keyof typeof VIEW_LABELS>("results");
  // The dashboard's code (charts) is fetched once the tab has settled, so opening it does not wait for the network.
  useEffect(() => {
    const t = setTimeout(() => void loadDashboard().catch(() => {}), 1500);
    return () => clearTimeout(t);
  }, []);
  return (
    <div className="space-y-2 p-2">
      <div role="group" aria-label="Suite view" className="flex gap-1">
        {(Object.keys(VIEW_LABELS) as (keyof typeof VIEW_LABELS)[]).map((v) => (
          <Button key={v} size="xs" variant={view === v ? "primary" : "secondary"} aria-pressed={view === v} onClick={() => setView(v)}>
            {VIEW_LABELS[v]}
          </Button>
        ))}
      </div>
      {view === "results" ? (
        <SuiteResults />
      ) : (
        <Suspense fallback={<p className="text-sm text-zinc-500">Loading…</p>}>
          {view === "dashboard" ? <Dashboard /> : view === "production" ? <Traffic /> : <Dataset />}
        </Suspense>
      )}
    </div>
  );
}

function SuiteResults() {
  const entry = useStudio(selectSelectedEntry);
  const key = useStudio((s) => s.selectedKey);
  const suite = useStudio(selectOpenSuite);
  const profiles = useStudio((s) => s.profiles);
  const planErrors = useStudio((s) => (s.selectedKey ? s.suitePlanErrors[s.selectedKey] : undefined));
  const controller = suiteControllerFor(studioStore);
  const [filter, setFilter] = useState<GridFilter>(NO_FILTER);
  const [pick, setPick] = useState<CellPick | null>(null);
  const [perturb, setPerturb] = useState<PerturbRequest | null>(null);
  // Perturb runs the chosen cases and their style variants on the first picked version and endpoint.
  const onPerturb = (c: SuiteChoice) => {
    const target = c.targets[0];
    const endpoint = c.endpoints[0];
    const tests = studioStore.getState().entries[key ?? ""]?.contract.tests ?? [];
    const ids = tests.filter((t) => (!c.split || caseSplit(t) === c.split) && (!c.tag || caseTags(t).includes(c.tag))).map((t) => t.id);
    if (!key || !target || !endpoint) return;
    const label =
      target.kind === "draft" ? "Draft" : target.kind === "version" ? target.version : target.kind === "label" ? target.label : target.hash.slice(0, 12);
    setPerturb({ contractKey: key, target, targetLabel: label, endpoint, caseIds: ids, concurrency: c.concurrency });
  };
  const markReference = (r: { caseId: string; model: string; run: { output: string; model: string } | null }) => {
    if (!key || !r.run) return;
    const answer = r.run.output;
    const source = `suite result, ${r.run.model || r.model}`;
    studioStore.getState().updateContract(key, (c) => ({ ...c, tests: c.tests.map((t) => (t.id === r.caseId ? withReference(t, answer, source) : t)) }));
    studioStore.getState().notify({ message: `This answer is now the reference answer of ${r.caseId}.` });
  };
  const [sides, setSides] = useState<{ before: string; after: string } | null>(null);

  // A layout effect, not an effect: an effect runs only after the tab's first paint, and the
  // stored suite can be read while the browser paints (load is idempotent).
  useLayoutEffect(() => {
    if (key) void controller.load(key).catch(() => {});
  }, [key, controller]);

  const contract = entry?.contract ?? null;
  const targets = useMemo<TargetOption[]>(() => {
    if (!contract) return [];
    const out: TargetOption[] = [{ key: "draft", label: "Draft", ref: { kind: "draft" } }];
    for (const v of contract.history?.versions ?? []) out.push({ key: `v:${v.version}`, label: v.version, ref: { kind: "version", version: v.version } });
    for (const [label, version] of Object.entries(contract.history?.labels ?? {}))
      out.push({ key: `l:${label}`, label: `${label} (${version})`, ref: { kind: "label", label } });
    return out;
  }, [contract]);
  const tests = useMemo(() => contract?.tests ?? [], [contract]);
  const splits = useMemo(() => [...new Set(tests.map(caseSplit))], [tests]);
  const tags = useMemo(() => [...new Set(tests.flatMap(caseTags))].sort(), [tests]);
  const casesFor = useCallback(
    (split: string, tag: string) => tests.filter((t) => (!split || caseSplit(t) === split) && (!tag || caseTags(t).includes(tag))),
    [tests],
  );
  const caseCount = useCallback((split: string, tag: string) => casesFor(split, tag).length, [casesFor]);
  const rubricCount = useCallback((split: string, tag: string) => casesFor(split, tag).filter(hasRubric).length, [casesFor]);
  const profileOptions = useMemo(() => profiles.map((p) => ({ id: p.id, name: p.name, defaultModel: p.defaultModel })), [profiles]);

  const grid = useMemo(() => (suite ? buildGrid(suite.record.plan, suite.cells) : null), [suite]);
  const rows = useMemo(() => (grid ? drawnRows(filterRows(grid.rows, filter)) : []), [grid, filter]);
  const columns = grid?.columns ?? [];
  const before = columns.find((c) => c.id === sides?.before) ?? columns[0];
  const after = columns.find((c) => c.id === sides?.after) ?? columns[1];
  // The comparison (a bootstrap over every paired case) is computed in a worker, so opening
  // 10,000 results never waits for it or stalls the grid.
  const [computed, setComputed] = useState<{ cells: unknown; pair: string; value: Comparison } | null>(null);
  const pair = before && after ? `${before.id}\n${after.id}` : "";
  useEffect(() => {
    if (!suite || !before || !after || before.id === after.id || suite.running) return;
    let live = true;
    const cells = suite.cells;
    const suiteId = suite.record.id;
    const store = controller.store();
    void compareInWorker(
      { suiteId, plan: suite.record.plan, load: async () => (await store.cellsOf(suiteId)).cells },
      { targetId: before.targetId, endpointId: before.endpointId },
      { targetId: after.targetId, endpointId: after.endpointId },
    ).then((value) => live && setComputed({ cells, pair, value }));
    return () => {
      live = false;
    };
  }, [suite, before, after, pair, controller]);
  // Shown only while it is the comparison of what the grid shows now.
  const comparison = computed && suite && computed.cells === suite.cells && computed.pair === pair && !suite.running ? computed.value : null;
  const rowsById = useMemo(() => new Map(grid?.rows.map((r) => [r.caseId, r])), [grid]);
  const caseName = useCallback((id: string) => rowsById.get(id)?.name ?? id, [rowsById]);

  // The opened cell's full results (raw output, every reason, what ran), read when it is opened.
  const pickedCell = pick ? rowsById.get(pick.caseId)?.cells.get(pick.columnId) : undefined;
  const [detail, setDetail] = useState<{ cell: unknown; results: CellResult[] } | null>(null);
  useEffect(() => {
    if (!pickedCell || !suite) return;
    let live = true;
    void controller
      .store()
      .cellsById(
        suite.record.id,
        pickedCell.results.map((r) => r.cellId),
      )
      .then((results) => live && setDetail({ cell: pickedCell, results }))
      .catch(() => live && setDetail({ cell: pickedCell, results: [] }));
    return () => {
      live = false;
    };
  }, [pickedCell, suite, controller]);

  const onRun = useCallback(
    (c: SuiteChoice) => {
      if (!key) return;
      setPick(null);
      void controller.start({
        contractKey: key,
        targets: c.targets,
        endpoints: c.endpoints,
        caseIds: casesFor(c.split, c.tag).map((t) => t.id),
        repeats: c.repeats,
        concurrency: c.concurrency,
        bypassCache: c.bypassCache,
        grader: c.grader,
      });
    },
    [key, controller, casesFor, setPick],
  );

  if (!entry || !key) return <p className="text-sm text-zinc-500">Open a contract to run its test cases as a suite.</p>;
  const running = suite?.running ?? false;
  const interrupted = !!suite && !suite.running && suite.record.status === "running";
  const pickedRow = pick && rowsById.get(pick.caseId);
  const pickedCol = pick && columns.find((c) => c.id === pick.columnId);

  return (
    <div className="space-y-3">
      {tests.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-3 text-sm text-zinc-500 dark:border-zinc-700">
          No test cases yet. Add some in the Tests tab (or import them, or add the injection pack), then run them here against versions and models.
        </p>
      ) : (
        <Setup
          key={key}
          targets={targets}
          profiles={profileOptions}
          splits={splits}
          tags={tags}
          caseCount={caseCount}
          rubricCount={rubricCount}
          disabled={running}
          onRun={onRun}
          onPerturb={onPerturb}
        />
      )}
      {perturb && <PerturbSection key={JSON.stringify(perturb)} request={perturb} onClose={() => setPerturb(null)} />}
      {planErrors && planErrors.length > 0 && (
        <ul role="alert" className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {planErrors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {suite && grid && (
        <>
          <SuiteProgressView
            progress={suite.progress}
            total={suite.record.plan.cells.length}
            running={running}
            interrupted={interrupted}
            onCancel={() => controller.cancel(key)}
            onResume={() => void controller.resume(key, suite.record.id)}
          />
          <div className="flex flex-wrap items-end gap-2 text-sm" role="group" aria-label="Result filters">
            <label className="inline-flex items-center gap-1">
              <input type="checkbox" checked={filter.failedOnly} onChange={(e) => setFilter({ ...filter, failedOnly: e.target.checked })} />
              Failed only
            </label>
            <label className={labelClass}>
              Show split
              <select className={inputClass} value={filter.split} onChange={(e) => setFilter({ ...filter, split: e.target.value })}>
                <option value="">all splits</option>
                {grid.splits.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            {grid.tags.length > 0 && (
              <label className={labelClass}>
                Show tag
                <select className={inputClass} value={filter.tag} onChange={(e) => setFilter({ ...filter, tag: e.target.value })}>
                  <option value="">any tag</option>
                  {grid.tags.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <ResultsGrid columns={columns} rows={rows} selected={pick} onPick={setPick} />
          {!running && <ProposeFix cells={suite.cells} />}
          {pick && pickedRow && pickedCol && pickedCell && (
            <CellDetail
              caseName={pickedRow.name}
              columnLabel={pickedCol.label}
              onUseAsReference={markReference}
              grader={graderLabel(suite.record.plan)}
              results={detail?.cell === pickedCell ? detail.results : null}
              onClose={() => setPick(null)}
            />
          )}
          <Attacks rows={grid.rows} columns={columns} />
          {columns.length >= 2 && before && after && (
            <section aria-label="Comparison" className="space-y-2">
              <div className="flex flex-wrap items-end gap-2">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Compare</h3>
                <label className={labelClass}>
                  Before
                  <select className={inputClass} value={before.id} onChange={(e) => setSides({ before: e.target.value, after: after.id })}>
                    {columns.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className={labelClass}>
                  After
                  <select className={inputClass} value={after.id} onChange={(e) => setSides({ before: before.id, after: e.target.value })}>
                    {columns.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {comparison ? (
                <Comparison_ comparison={comparison} beforeLabel={before.label} afterLabel={after.label} caseName={caseName} />
              ) : (
                <p className="text-xs text-zinc-500">{running ? "The comparison appears when the suite has finished." : "Pick two different columns."}</p>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}
