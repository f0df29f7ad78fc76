/**
 * Runs slice: per contract (by workspace key), the run its Run tab shows (one under way, or a
 * finished one, just now or opened from the history), and the open contract's history.
 * Everything is keyed by the contract the run belongs to, so opening another contract never
 * shows, reruns or counts a run of the first; several contracts can have a run under way.
 * A live run's `output` grows by one batch per animation frame while streaming
 * (app/features/runs/run-controller.ts batches the deltas), never per token.
 */
import type { StateCreator } from "zustand";
import type { ChatRequest, OutputEnforcement } from "../../contracts/assembly-types.ts";
import type { Output } from "../../contracts/schema/output.ts";
import type { ToolCall } from "../../contracts/client/tool-calls.ts";
import type { RunListing, RunRecord } from "../persistence/run-history.ts";
import type { StudioState } from "./index.ts";

export interface LiveRun {
  id: string;
  /** The workspace key of the contract the run belongs to. */
  contractKey: string;
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
  /** Tool calls as they stream (names and arguments so far); absent until the first fragment. */
  toolCalls?: ToolCall[];
}

/** What a contract's Run tab shows: a run under way, or a finished one. */
export type RunDisplay = { kind: "live"; run: LiveRun } | { kind: "done"; record: RunRecord };

export interface RunsSlice {
  /** By contract key. */
  shownRuns: Record<string, RunDisplay>;
  /** The history of the contract `historyFor` (a contract key), newest first. */
  runHistory: RunRecord[];
  historyFor: string | null;
  /** Records of that history that could not be read back. */
  historySkipped: number;
  codeDialogOpen: boolean;
  beginRun(run: Omit<LiveRun, "output" | "events" | "ttftMs">): void;
  appendRunOutput(contractKey: string, runId: string, text: string): void;
  addRunEvent(contractKey: string, runId: string, message: string): void;
  setRunTtft(contractKey: string, runId: string, ms: number): void;
  /** Replaces the live run's tool calls with this snapshot (the controller batches them per frame). */
  setRunToolCalls(contractKey: string, runId: string, calls: ToolCall[]): void;
  /** Shows the finished record in its contract's Run tab and puts it at the top of that contract's history. */
  finishRun(record: RunRecord): void;
  setRunHistory(contractKey: string, listing: RunListing): void;
  showRecord(record: RunRecord): void;
  setCodeDialogOpen(open: boolean): void;
}

export const createRunsSlice: StateCreator<StudioState, [], [], RunsSlice> = (set) => {
  /** Applies a change to the live run `runId` of a contract, if it is still the one shown. */
  const live = (s: StudioState, key: string, runId: string, change: (r: LiveRun) => Partial<LiveRun>): Partial<StudioState> => {
    const shown = s.shownRuns[key];
    if (shown?.kind !== "live" || shown.run.id !== runId) return {};
    return { shownRuns: { ...s.shownRuns, [key]: { kind: "live", run: { ...shown.run, ...change(shown.run) } } } };
  };
  return {
    shownRuns: {},
    runHistory: [],
    historyFor: null,
    historySkipped: 0,
    codeDialogOpen: false,
    beginRun: (run) =>
      set((s) => ({ shownRuns: { ...s.shownRuns, [run.contractKey]: { kind: "live", run: { ...run, output: "", events: [], ttftMs: null } } } })),
    appendRunOutput: (key, id, text) => set((s) => live(s, key, id, (r) => ({ output: r.output + text }))),
    addRunEvent: (key, id, message) => set((s) => live(s, key, id, (r) => ({ events: [...r.events, message] }))),
    setRunTtft: (key, id, ttftMs) => set((s) => live(s, key, id, () => ({ ttftMs }))),
    setRunToolCalls: (key, id, toolCalls) => set((s) => live(s, key, id, () => ({ toolCalls }))),
    finishRun: (record) =>
      set((s) => {
        const shown = s.shownRuns[record.contractKey];
        // A run finishing in the background does not replace a different run the user opened since.
        const replace = !shown || (shown.kind === "live" && shown.run.id === record.id);
        return {
          ...(replace ? { shownRuns: { ...s.shownRuns, [record.contractKey]: { kind: "done", record } } } : {}),
          ...(s.historyFor === record.contractKey ? { runHistory: [record, ...s.runHistory.filter((r) => r.id !== record.id)] } : {}),
        };
      }),
    setRunHistory: (historyFor, listing) => set({ historyFor, runHistory: listing.records, historySkipped: listing.skipped }),
    showRecord: (record) => set((s) => ({ shownRuns: { ...s.shownRuns, [record.contractKey]: { kind: "done", record } } })),
    setCodeDialogOpen: (codeDialogOpen) => set({ codeDialogOpen }),
  };
};

/** The run the open contract's Run tab shows. */
export const selectShownRun = (s: StudioState): RunDisplay | null => (s.selectedKey ? (s.shownRuns[s.selectedKey] ?? null) : null);

/** The open contract has a run under way. */
export const selectRunning = (s: StudioState): boolean => selectShownRun(s)?.kind === "live";

/** The open contract's history, once it has loaded (never another contract's). */
export const selectOpenHistory = (s: StudioState): RunRecord[] | null => (s.selectedKey !== null && s.historyFor === s.selectedKey ? s.runHistory : null);
