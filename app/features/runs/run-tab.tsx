/** The right pane's Run tab: the live or opened run, and the open contract's history. */
import { useMemo } from "react";
import { HistoryList, type HistoryItem } from "../../../components/runs/history-list.tsx";
import { RunView, type RunViewData } from "../../../components/runs/run-view.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import { selectOpenHistory, selectShownRun, type RunDisplay } from "../../store/runs-slice.ts";
import type { RunRecord } from "../../persistence/run-history.ts";
import { startRun } from "./run-controller.ts";

export function viewOf(d: RunDisplay): RunViewData {
  if (d.kind === "live") {
    const r = d.run;
    return {
      status: "running",
      profileName: r.profileName,
      model: r.model,
      startedAt: r.startedAt,
      outputKind: r.outputKind,
      output: r.output,
      refusal: null,
      events: r.events,
      ttftMs: r.ttftMs,
      latencyMs: null,
      totalMs: null,
      tokensPerSec: null,
      usage: null,
      usageSource: null,
      costUsd: null,
      finishReason: null,
      attempts: null,
      validation: null,
      error: null,
      bodiesKept: true,
      ...(r.toolCalls ? { toolCalls: r.toolCalls } : {}),
    };
  }
  const r = d.record;
  // A request refused before any answer (an HTTP error, no connection) was not billed: show no usage or cost.
  const billed = r.status === "ok" || r.timings.ttftMs !== null;
  return {
    status: r.status,
    profileName: r.profileName,
    model: r.model,
    startedAt: r.timings.startedAt,
    outputKind: r.outputKind,
    output: r.response ?? "",
    refusal: r.refusal,
    events: r.events,
    ttftMs: r.timings.ttftMs,
    latencyMs: r.timings.latencyMs,
    totalMs: r.timings.totalMs,
    tokensPerSec: r.timings.outputTokensPerSec,
    usage: billed ? r.usage : null,
    usageSource: billed ? r.usageSource : null,
    costUsd: billed ? (r.cost?.totalUsd ?? null) : null,
    finishReason: r.finishReason,
    attempts: r.attempts,
    validation: r.validation,
    error: r.error,
    bodiesKept: r.response !== null,
    logprobsAsked: r.request?.logprobs === true,
    logprobs: r.logprobs,
    ...(r.toolCalls ? { toolCalls: r.toolCalls } : {}),
  };
}

function itemOf(r: RunRecord): HistoryItem {
  // A text contract has nothing to keep but a whole answer: say only when it broke (cut off).
  const keeps = r.verdict === "broken" ? false : r.verdict === "kept" && r.outputKind !== "text" ? true : null;
  return { id: r.id, startedAt: r.timings.startedAt, model: r.model, profileName: r.profileName, status: r.status, keeps, version: r.contractVersion };
}

/** A run of the open contract's history (never another contract's). */
const openHistoryRecord = (id: string) => selectOpenHistory(studioStore.getState())?.find((x) => x.id === id);
const openRun = (id: string) => {
  const r = openHistoryRecord(id);
  if (r) studioStore.getState().showRecord(r);
};
const rerunById = (id: string) => {
  const r = openHistoryRecord(id);
  if (r) rerun(r);
};

/** Reruns a record in the contract it belongs to, filed under its content hash. */
function rerun(record: RunRecord) {
  void startRun(studioStore, { rerun: record });
}

const NO_ITEMS: HistoryItem[] = [];

export function RunTab() {
  const display = useStudio(selectShownRun);
  const history = useStudio(selectOpenHistory);
  const skipped = useStudio((s) => (selectOpenHistory(s) ? s.historySkipped : 0));
  const items = useMemo(() => (history ? history.map(itemOf) : NO_ITEMS), [history]);
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
            onRetryWith={(enforcement) =>
              void startRun(studioStore, { enforcement, contractKey: display.kind === "live" ? display.run.contractKey : display.record.contractKey })
            }
          />
        ) : (
          <div className="space-y-2 p-4 text-sm text-zinc-500">
            <p>
              Choose an endpoint profile and a model in the top bar, then Run (Ctrl/Cmd+Enter). The answer streams in here, with its timings, usage, cost and
              whether it keeps the output contract.
            </p>
            <button type="button" className="text-indigo-700 underline dark:text-indigo-300" onClick={() => st().setEndpointsDialogOpen(true)}>
              Set up an endpoint
            </button>
          </div>
        )}
      </div>
      {skipped > 0 && (
        <p role="note" className="px-3 pt-2 text-xs text-amber-800 dark:text-amber-300">
          {skipped === 1 ? "1 stored run could not be read and is not listed." : `${skipped} stored runs could not be read and are not listed.`}
        </p>
      )}
      <HistoryList items={items} openId={openId} onOpen={openRun} onRerun={rerunById} />
    </div>
  );
}
