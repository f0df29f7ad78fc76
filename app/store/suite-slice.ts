/**
 * Suite slice: per contract (by workspace key), the suite its Suite tab shows: the stored record
 * (plan and status), the finished cells so far, the live progress, and whether it runs now.
 * The cells are compact summaries (contracts/eval/suite/cell-summary.ts): the full cells stay in
 * IndexedDB until one is opened. Cells arrive in batches (app/features/suite/suite-controller.ts appends at most once per
 * animation frame), so a 500-cell suite costs one render per frame, not one per cell.
 * `interrupted`: the record says "running" but nothing runs in this tab (a reload mid-suite):
 * the tab offers Resume.
 */
import type { StateCreator } from "zustand";
import type { CellSummary } from "../../contracts/eval/suite/cell-summary.ts";
import type { SuiteProgress } from "../../contracts/eval/suite/types.ts";
import type { SuiteRecord, ViewedSuite } from "../persistence/suite-store.ts";
import type { StudioState } from "./index.ts";

export interface SuiteView {
  /** A running suite's full record, or a stored one as read for the view. */
  record: ViewedSuite;
  cells: CellSummary[];
  progress: SuiteProgress | null;
  running: boolean;
  /** Why the last start failed (plan errors as `path: sentence`). */
  errors: string[];
}

export interface SuiteSlice {
  suites: Record<string, SuiteView>;
  /** Plan errors of the open contract's last attempt to start, when nothing could be planned. */
  suitePlanErrors: Record<string, string[]>;
  showSuite(contractKey: string, record: ViewedSuite, cells: CellSummary[], running: boolean): void;
  appendSuiteCells(contractKey: string, suiteId: string, cells: CellSummary[], progress: SuiteProgress | null): void;
  setSuiteProgress(contractKey: string, suiteId: string, progress: SuiteProgress): void;
  finishSuite(contractKey: string, record: SuiteRecord): void;
  setSuitePlanErrors(contractKey: string, errors: string[]): void;
}

export const createSuiteSlice: StateCreator<StudioState, [], [], SuiteSlice> = (set) => {
  const change = (s: StudioState, key: string, suiteId: string, f: (v: SuiteView) => Partial<SuiteView>): Partial<StudioState> => {
    const v = s.suites[key];
    if (!v || v.record.id !== suiteId) return {};
    return { suites: { ...s.suites, [key]: { ...v, ...f(v) } } };
  };
  return {
    suites: {},
    suitePlanErrors: {},
    showSuite: (key, record, cells, running) =>
      set((s) => ({
        suites: { ...s.suites, [key]: { record, cells, progress: record.progress, running, errors: [] } },
        suitePlanErrors: { ...s.suitePlanErrors, [key]: [] },
      })),
    appendSuiteCells: (key, suiteId, cells, progress) =>
      set((s) =>
        change(s, key, suiteId, (v) => {
          // A resumed cell may replace an errored one of the same id.
          const ids = new Set(cells.map((c) => c.cellId));
          const kept = v.cells.some((c) => ids.has(c.cellId)) ? v.cells.filter((c) => !ids.has(c.cellId)) : v.cells;
          return { cells: kept.concat(cells), ...(progress ? { progress } : {}) };
        }),
      ),
    setSuiteProgress: (key, suiteId, progress) => set((s) => change(s, key, suiteId, () => ({ progress }))),
    finishSuite: (key, record) => set((s) => change(s, key, record.id, () => ({ record, running: false, progress: record.progress }))),
    setSuitePlanErrors: (key, errors) => set((s) => ({ suitePlanErrors: { ...s.suitePlanErrors, [key]: errors } })),
  };
};

export const selectOpenSuite = (s: StudioState): SuiteView | null => (s.selectedKey ? (s.suites[s.selectedKey] ?? null) : null);
