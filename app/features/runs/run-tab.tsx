/** The right pane's Run tab: the live or opened run, and the open contract's history. */
import { useMemo } from "react";
import { HistoryList, type HistoryItem } from "../../../components/runs/history-list.tsx";
import { RunView, type RunViewData } from "../../../components/runs/run-view.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import type { RunDisplay } from "../../store/runs-slice.ts";
import type { RunRecord } from "../../persistence/run-history.ts";
import { startRun } from "./run-controller.ts";

export function viewOf(d: RunDisplay): RunViewData {
  if (d.kind === "live") {
    const r = d.run;
    return {
      status: "running", profileName: r.profileName, model: r.model, startedAt: r.startedAt, outputKind: r.outputKind,
      output: r.output, refusal: null, events: r.events, ttftMs: r.ttftMs, latencyMs: null, totalMs: null, tokensPerSec: null,
      usage: null, usageSource: null, costUsd: null, finishReason: null, attempts: null, validation: null, error: null, bodiesKept: true,
    };
  }
  const r = d.record;
  // A request refused before any answer (an HTTP error, no connection) was not billed: show no usage or cost.
  const billed = r.status === "ok" || r.timings.ttftMs !== null;
  return {
    status: r.status, profileName: r.profileName, model: r.model, startedAt: r.timings.startedAt, outputKind: r.outputKind,
    output: r.response ?? "", refusal: r.refusal, events: r.events, ttftMs: r.timings.ttftMs, latencyMs: r.timings.latencyMs,
    totalMs: r.timings.totalMs, tokensPerSec: r.timings.outputTokensPerSec, usage: billed ? r.usage : null, usageSource: billed ? r.usageSource : null,
    costUsd: billed ? (r.cost?.totalUsd ?? null) : null, finishReason: r.finishReason, attempts: r.attempts, validation: r.validation, error: r.error,
    bodiesKept: r.response !== null,
  };
}

function itemOf(r: RunRecord): HistoryItem {
  return {
    id: r.id, startedAt: r.timings.startedAt, model: r.model, profileName: r.profileName,
    status: r.status, keeps: r.validation && r.outputKind !== "text" ? r.validation.ok : null, version: r.contractVersion,
  };
}

const openRun = (id: string) => {
  const r = studioStore.getState().runHistory.find((x) => x.id === id);
  if (r) studioStore.getState().showRecord(r);
};
const rerunById = (id: string) => {
  const r = studioStore.getState().runHistory.find((x) => x.id === id);
  if (r) rerun(r);
};

function rerun(record: RunRecord) {
  void startRun(studioStore, record.request ? { request: record.request, enforcement: record.parameters.enforcement } : { enforcement: record.parameters.enforcement });
}

export function RunTab() {
  const display = useStudio((s) => s.run);
  const history = useStudio((s) => s.runHistory);
  const historyFor = useStudio((s) => s.historyFor);
  const contractId = useStudio((s) => (s.selectedKey ? (s.entries[s.selectedKey]?.contract.id ?? null) : null));
  const items = useMemo(() => (historyFor === contractId ? history.map(itemOf) : []), [history, historyFor, contractId]);
  const view = useMemo(() => (display ? viewOf(display) : null), [display]);
  const openId = display?.kind === "done" ? display.record.id : null;
  const st = studioStore.getState;

  return (
    <div className="flex min-h-full flex-col">
      <div className="flex-1">
        {view && display ? (
          <RunView
            run={view}
            onCopyCode={() => st().setCodeDialogOpen(true)}
            onRerun={display.kind === "done" ? () => rerun(display.record) : undefined}
            onRetryWith={(enforcement) => void startRun(studioStore, { enforcement })}
          />
        ) : (
          <div className="space-y-2 p-4 text-sm text-zinc-500">
            <p>Choose an endpoint profile and a model in the top bar, then Run (Ctrl/Cmd+Enter). The answer streams in here, with its timings, usage, cost and whether it keeps the output contract.</p>
            <button type="button" className="text-indigo-700 underline dark:text-indigo-300" onClick={() => st().setEndpointsDialogOpen(true)}>
              Set up an endpoint
            </button>
          </div>
        )}
      </div>
      <HistoryList
        items={items}
        openId={openId}
        onOpen={openRun}
        onRerun={rerunById}
      />
    </div>
  );
}
