/**
 * Runs slice: the run shown in the Run tab (live, or a past one opened from the history) and
 * the open contract's history. `run.output` grows by one batch per animation frame while
 * streaming (app/features/runs/run-controller.ts batches the deltas), never per token.
 */
import type { StateCreator } from "zustand";
import type { ChatRequest, OutputEnforcement } from "../../contracts/assembly-types.ts";
import type { Output } from "../../contracts/schema/output.ts";
import type { RunRecord } from "../persistence/run-history.ts";
import type { StudioState } from "./index.ts";

export interface LiveRun {
  id: string;
  contractId: string;
  profileName: string;
  model: string;
  outputKind: Output["kind"];
  enforcement: OutputEnforcement;
  request: ChatRequest;
  startedAt: number;
  output: string;
  events: string[];
  ttftMs: number | null;
}

/** What the Run tab shows: a run under way, or a finished one (just now or from the history). */
export type RunDisplay = { kind: "live"; run: LiveRun } | { kind: "done"; record: RunRecord };

export interface RunsSlice {
  run: RunDisplay | null;
  runHistory: RunRecord[];
  /** Which contract id runHistory belongs to. */
  historyFor: string | null;
  codeDialogOpen: boolean;
  beginRun(run: Omit<LiveRun, "output" | "events" | "ttftMs">): void;
  appendRunOutput(text: string): void;
  addRunEvent(message: string): void;
  setRunTtft(ms: number): void;
  /** Shows the finished record and puts it at the top of the history. */
  finishRun(record: RunRecord): void;
  setRunHistory(contractId: string, records: RunRecord[]): void;
  showRecord(record: RunRecord | null): void;
  setCodeDialogOpen(open: boolean): void;
}

export const createRunsSlice: StateCreator<StudioState, [], [], RunsSlice> = (set) => {
  const live = (s: StudioState, change: (r: LiveRun) => Partial<LiveRun>): Partial<StudioState> =>
    s.run?.kind === "live" ? { run: { kind: "live", run: { ...s.run.run, ...change(s.run.run) } } } : {};
  return {
    run: null,
    runHistory: [],
    historyFor: null,
    codeDialogOpen: false,
    beginRun: (run) => set({ run: { kind: "live", run: { ...run, output: "", events: [], ttftMs: null } } }),
    appendRunOutput: (text) => set((s) => live(s, (r) => ({ output: r.output + text }))),
    addRunEvent: (message) => set((s) => live(s, (r) => ({ events: [...r.events, message] }))),
    setRunTtft: (ttftMs) => set((s) => live(s, () => ({ ttftMs }))),
    finishRun: (record) =>
      set((s) => ({
        run: { kind: "done", record },
        runHistory: s.historyFor === record.contractId ? [record, ...s.runHistory.filter((r) => r.id !== record.id)] : s.runHistory,
      })),
    setRunHistory: (historyFor, runHistory) => set({ historyFor, runHistory }),
    showRecord: (record) => set({ run: record ? { kind: "done", record } : null }),
    setCodeDialogOpen: (codeDialogOpen) => set({ codeDialogOpen }),
  };
};

export const selectRunning = (s: StudioState): boolean => s.run?.kind === "live";
