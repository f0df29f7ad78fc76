/**
 * Suites in the app: the thin shell around contracts/eval/suite. It plans from what the Suite
 * tab picked (the open contract, its versions and labels, endpoint/model pairs, cases, repeats,
 * concurrency), stores the plan before anything is sent (so a reload mid-suite can resume it),
 * runs it through the same runCase as Run, stores each finished cell (and its compact summary)
 * as it lands and hands the summaries to the store in batches of one animation frame. Opening
 * a stored suite reads only the summaries (contracts/eval/suite/cell-summary.ts). Cancel aborts what is in flight (the
 * cells already stored stay); Resume runs the cells of a stored plan that are not stored yet.
 *
 * One suite per contract at a time; the API keys come from the endpoints slice (memory) and are
 * never written into the plan or a cell.
 */
import { classifyForSuite, summarizeCell, type CellSummary } from "../../../contracts/eval/suite/cell-summary.ts";
import { planSuite } from "../../../contracts/eval/suite/plan.ts";
import { runSuite } from "../../../contracts/eval/suite/run.ts";
import type { CellResult, EvaluateFn, SendFn, SuitePlan, SuiteProgress, TargetRef } from "../../../contracts/eval/suite/types.ts";
import type { RunCaseIo } from "../../../contracts/run-case/run-case.ts";
import { runCase } from "../../../contracts/run-case/run-case.ts";
import { graderEvaluateOptions, withGrader, type GraderChoice } from "./suite-grader.ts";
import { resultStoreFor, idbSuiteStore, type SuiteRecord, type SuiteStore } from "../../persistence/suite-store.ts";
import type { StudioStore } from "../../store/index.ts";

export interface SuiteRequest {
  contractKey: string;
  targets: TargetRef[];
  /** Endpoint profile id + model ("" = the profile's default). */
  endpoints: { profileId: string; model: string }[];
  caseIds?: string[];
  repeats: number;
  concurrency: number;
  bypassCache: boolean;
  /** Who grades rubric assertions (absent or null: nobody, they fail as "not graded"). */
  grader?: GraderChoice | null;
}

export interface SuiteControllerDeps {
  suites?: SuiteStore;
  io?: RunCaseIo;
  send?: SendFn;
  evaluate?: EvaluateFn;
  /** Batches cell updates (default: the next animation frame). */
  frame?: (cb: () => void) => void;
  now?: () => number;
}

const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === "function" ? (cb) => void requestAnimationFrame(cb) : (cb) => void setTimeout(cb, 16);

/** The progress the stored cells show (the record's own is saved at most once a second, so it lags). */
export function storedProgress(plan: Pick<SuitePlan, "cells">, cells: readonly CellSummary[]): SuiteProgress {
  const planned = new Set(plan.cells.map((c) => c.id));
  const mine = cells.filter((c) => planned.has(c.cellId));
  const answered = (c: CellSummary) => c.run !== null && c.run.status === "ok";
  return {
    total: plan.cells.length,
    done: mine.length,
    passed: mine.filter((c) => c.passed).length,
    failed: mine.filter((c) => !c.passed && answered(c)).length,
    errored: mine.filter((c) => !c.passed && !answered(c)).length,
    cached: mine.filter((c) => c.cached).length,
    resumed: 0,
    inFlight: 0,
    retries: 0,
    elapsedMs: 0,
    etaMs: null,
  };
}

export type SuiteController = ReturnType<typeof createSuiteController>;

export function createSuiteController(store: StudioStore, deps: SuiteControllerDeps = {}) {
  let suites = deps.suites ?? null;
  const suiteStore = () => (suites ??= idbSuiteStore());
  const running = new Map<string, AbortController>();
  const frame = deps.frame ?? nextFrame;
  const now = deps.now ?? Date.now;

  const run = async (contractKey: string, record: SuiteRecord, loaded: CellResult[]): Promise<SuiteRecord> => {
    const controller = new AbortController();
    running.set(contractKey, controller);
    const s = store.getState();
    // Refusal and "I don't know" in each target's own policy, as the comparison and the CLI judge them.
    const classify = classifyForSuite(record.plan);
    const summary = (c: CellResult) => summarizeCell(c, contractKey, classify);
    s.showSuite(contractKey, { ...record, status: "running" }, loaded.map(summary), true);
    const db = suiteStore();
    const apiKeys: Record<string, string | undefined> = {};
    for (const e of record.plan.endpoints) apiKeys[e.profile.id] = store.getState().apiKeys[e.profile.id] || undefined;

    let batch: CellResult[] = [];
    let latest: SuiteProgress | null = null;
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const cells = batch;
      batch = [];
      if (cells.length) store.getState().appendSuiteCells(contractKey, record.id, cells.map(summary), latest);
      else if (latest) store.getState().setSuiteProgress(contractKey, record.id, latest);
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      frame(flush);
    };
    let lastSaved = 0;
    try {
      const outcome = await runSuite(
        record.plan,
        {
          send: deps.send ?? runCase,
          // Absent: the runner's default, evaluateAssertions (the case's assertions and the contract's).
          ...(deps.evaluate ? { evaluate: deps.evaluate } : {}),
          store: resultStoreFor(db, contractKey, loaded, classify),
          ...(record.plan.options.bypassCache ? {} : { cache: db.cache }),
          ...(deps.io ? { io: deps.io } : {}),
          apiKeys,
          // The plan's rubric grader, its key from memory like the endpoints' (a resume grades with the same one).
          evaluateOptions: graderEvaluateOptions(
            record.plan,
            store.getState().apiKeys,
            deps.io,
            controller.signal,
            record.plan.options.bypassCache ? undefined : db.cache,
          ),
        },
        {
          signal: controller.signal,
          onEvent: (e) => {
            latest = e.progress;
            if (e.type === "cell_done" && !e.resumed) {
              batch.push(e.result);
              // The record's progress is what an interrupted suite shows after a reload.
              if (now() - lastSaved > 1000) {
                lastSaved = now();
                void db.saveSuite({ ...record, status: "running", progress: e.progress, updatedAt: now() }).catch(() => {});
              }
            }
            schedule();
          },
        },
      );
      flush();
      const done: SuiteRecord = { ...record, status: outcome.status, progress: outcome.progress, updatedAt: now() };
      await db.saveSuite(done).catch(() => store.getState().notify({ message: "The suite could not be saved (browser storage unavailable)." }));
      store.getState().finishSuite(contractKey, done);
      // Packs its summaries now, so the next open of this suite reads one record.
      void db.summariesOf(record.id).catch(() => {});
      return done;
    } finally {
      running.delete(contractKey);
    }
  };

  /** Plans and runs a suite of the contract; resolves when it finished or was cancelled (null when it could not be planned). */
  const start = async (req: SuiteRequest): Promise<SuiteRecord | null> => {
    const s = store.getState();
    const entry = s.entries[req.contractKey];
    if (!entry || running.has(req.contractKey)) return null;
    const endpoints = req.endpoints.flatMap(({ profileId, model }) => {
      const profile = s.profiles.find((p) => p.id === profileId);
      return profile ? [{ profile, model }] : [];
    });
    const planned = planSuite({
      contract: entry.contract,
      targets: req.targets,
      endpoints,
      ...(req.caseIds ? { caseIds: req.caseIds } : {}),
      repeats: req.repeats,
      options: { concurrency: req.concurrency, bypassCache: req.bypassCache },
      now: now(),
    });
    if (!planned.ok) {
      s.setSuitePlanErrors(
        req.contractKey,
        planned.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
      );
      return null;
    }
    const plan: SuitePlan = withGrader(planned.value, s.profiles, req.grader);
    const record: SuiteRecord = {
      version: 1,
      id: plan.id,
      contractKey: req.contractKey,
      createdAt: plan.createdAt,
      updatedAt: now(),
      status: "running",
      plan,
      progress: null,
    };
    // Stored before the first request: a reload from here on can resume it.
    await suiteStore().saveSuite(record);
    return run(req.contractKey, record, []);
  };

  /** Runs the cells of a stored suite that have no stored result yet. */
  const resume = async (contractKey: string, suiteId: string): Promise<SuiteRecord | null> => {
    if (running.has(contractKey)) return null;
    const db = suiteStore();
    const record = await db.getSuite(suiteId);
    if (!record) return null;
    const { cells } = await db.cellsOf(suiteId);
    return run(contractKey, record, cells);
  };

  const cancel = (contractKey: string): void => running.get(contractKey)?.abort();
  const isRunning = (contractKey: string): boolean => running.has(contractKey);

  /** Shows the contract's latest suite (as stored) in its Suite tab, once per contract opened (a second call while it reads joins the first). */
  const loading = new Map<string, Promise<void>>();
  const load = (contractKey: string): Promise<void> => {
    let p = loading.get(contractKey);
    if (!p) {
      p = loadLatest(contractKey).finally(() => loading.delete(contractKey));
      loading.set(contractKey, p);
    }
    return p;
  };
  const loadLatest = async (contractKey: string): Promise<void> => {
    if (running.has(contractKey) || store.getState().suites[contractKey]) return;
    const db = suiteStore();
    const id = await db.latestSuiteId(contractKey);
    if (!id) return;
    // The plan and the cells' summaries are read at once (the full cells only when one is opened).
    const [latest, { summaries: cells }] = await Promise.all([db.viewSuite(id), db.summariesOf(id)]);
    if (!latest) return;
    if (running.has(contractKey) || store.getState().suites[contractKey]) return;
    store.getState().showSuite(contractKey, latest.status === "running" ? { ...latest, progress: storedProgress(latest.plan, cells) } : latest, cells, false);
  };

  return { start, resume, cancel, isRunning, load, store: suiteStore };
}

const controllers = new WeakMap<StudioStore, SuiteController>();

export function suiteControllerFor(store: StudioStore, deps?: SuiteControllerDeps): SuiteController {
  let c = controllers.get(store);
  if (!c || deps) {
    c = createSuiteController(store, deps);
    controllers.set(store, c);
  }
  return c;
}
