/**
 * One run: status, retries as they happen, the explained error (with json_object and
 * prompt-only retries when the endpoint refused json_schema), the verdict against the output
 * contract with each violation's path, the metrics, and the answer.
 */
import type { OutputValidation } from "../../contracts/validate-output.ts";
import type { Usage } from "../../contracts/client/stream.ts";
import { Button } from "../ui/button.tsx";
import { EndpointErrorView, type ExplainedError } from "../endpoints/endpoint-error.tsx";
import { RunOutput } from "./run-output.tsx";
import { ConfidenceView } from "./confidence-view.tsx";
import type { TokenLogprob } from "../../contracts/confidence/logprobs.ts";
import { ToolCallsView } from "./tool-calls-view.tsx";
import type { ToolCall } from "../../contracts/client/tool-calls.ts";
import { formatCount, formatMs as ms, formatRate, formatUsd } from "../../contracts/format-figures.ts";

export type RunStatus = "running" | "ok" | "failed" | "aborted";

export interface RunViewData {
  status: RunStatus;
  profileName: string;
  model: string;
  startedAt: number;
  outputKind: "text" | "sections" | "json_schema";
  output: string;
  refusal: string | null;
  events: readonly string[];
  ttftMs: number | null;
  latencyMs: number | null;
  totalMs: number | null;
  tokensPerSec: number | null;
  usage: Usage | null;
  usageSource: "endpoint" | "estimated" | null;
  costUsd: number | null;
  finishReason: string | null;
  attempts: number | null;
  validation: OutputValidation | null;
  error: (ExplainedError & { jsonSchemaUnsupported?: boolean }) | null;
  /** False for a metrics-only run from the history: no bodies were kept. */
  bodiesKept: boolean;
  /** The request asked for logprobs (model settings). */
  logprobsAsked?: boolean;
  /** The answer's token logprobs; null when asked and none came back; undefined when not asked or still running. */
  logprobs?: readonly TokenLogprob[] | null;
  /** The answer's tool calls (as they stream, while running). */
  toolCalls?: readonly ToolCall[];
}

export interface RunViewProps {
  run: RunViewData;
  onRerun?: () => void;
  onCopyCode?: () => void;
  onRetryWith?: (enforcement: "json_object" | "prompt_only") => void;
}

const STATUS: Record<RunStatus, { label: string; cls: string }> = {
  running: { label: "Running…", cls: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" },
  ok: { label: "Completed", cls: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" },
  failed: { label: "Failed", cls: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200" },
  aborted: { label: "Stopped", cls: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200" },
};

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

function Metric({ term, value, hint }: { term: string; value: string; hint?: string }) {
  return (
    <div className="rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-800/60">
      <dt className="text-[11px] text-zinc-500">{term}</dt>
      <dd className="font-mono text-sm tabular-nums" title={hint}>
        {value}
      </dd>
    </div>
  );
}

/** "Retrying in 1.0 s (429, attempt 1 of 2)" as it reads once the run is over. */
export function pastRetry(event: string): string {
  const m = /^Retrying in (.+?) \((.+), attempt \d+ of \d+\)$/.exec(event);
  return m ? `${m[2]}, waited ${m[1]}` : event;
}

export function RunMetrics({ run }: { run: RunViewData }) {
  const est = run.usageSource === "estimated";
  const tag = run.usageSource ? (est ? " (estimated)" : " (reported)") : "";
  const retried = run.status !== "running" && run.events.length > 0;
  return (
    <div>
      <RunMetricsList run={run} tag={tag} />
      {retried && (
        <p role="note" aria-label="Retries" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Retried {run.events.length === 1 ? "once" : `${run.events.length} times`} ({run.events.map(pastRetry).join("; ")}).
        </p>
      )}
    </div>
  );
}

function RunMetricsList({ run, tag }: { run: RunViewData; tag: string }) {
  return (
    <dl aria-label="Run metrics" className="grid grid-cols-4 gap-1.5">
      <Metric term="Time to first token" value={ms(run.ttftMs)} />
      <Metric term="Total latency" value={ms(run.totalMs)} hint={run.latencyMs != null ? `last attempt ${ms(run.latencyMs)}` : undefined} />
      <Metric
        term="Tokens/s"
        value={formatRate(run.tokensPerSec, run.usage?.completionTokens)}
        hint={
          run.tokensPerSec != null && formatRate(run.tokensPerSec, run.usage?.completionTokens) === "—"
            ? "Too short a stretch of streaming to measure a rate"
            : undefined
        }
      />
      <Metric term="Finish reason" value={run.finishReason ?? "—"} />
      <Metric term={`Input tokens${tag}`} value={run.usage ? formatCount(run.usage.promptTokens) : "—"} />
      <Metric term={`Output tokens${tag}`} value={run.usage ? formatCount(run.usage.completionTokens) : "—"} />
      <Metric term="Cost" value={formatUsd(run.costUsd)} hint="From the profile's prices" />
      <Metric term="Attempts" value={run.attempts == null ? "—" : String(run.attempts)} />
    </dl>
  );
}

export function ValidationView({ validation, kind }: { validation: OutputValidation; kind: RunViewData["outputKind"] }) {
  // A text answer has no shape to keep, but it can still be cut off (finish_reason length).
  if (kind === "text" && validation.ok) return null;
  return (
    <section
      aria-label="Validation"
      className={`rounded-md border px-3 py-2 text-sm ${validation.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-100" : "border-red-400 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"}`}
    >
      <p className="text-base font-semibold">{validation.ok ? "✓ Keeps the contract" : "✕ Breaks the contract"}</p>
      {validation.violations.length > 0 && (
        <ul aria-label="Violations" className="mt-1 space-y-0.5">
          {validation.violations.map((v, i) => (
            <li key={i}>
              <code className="rounded bg-white/70 px-1 font-mono text-xs dark:bg-black/30">{v.path}</code> {v.message}
            </li>
          ))}
        </ul>
      )}
      {validation.warnings.map((w) => (
        <p key={w} className="mt-1 text-xs text-amber-800 dark:text-amber-300">
          ⚠ {w}
        </p>
      ))}
    </section>
  );
}

export function RunView({ run, onRerun, onCopyCode, onRetryWith }: RunViewProps) {
  const s = STATUS[run.status];
  return (
    <div className="space-y-3 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <span role="status" aria-label="Run status" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${s.cls}`}>
          {s.label}
        </span>
        <span className="truncate text-xs text-zinc-500">
          {run.profileName} · <span className="font-mono">{run.model}</span> · {TIME.format(run.startedAt)}
        </span>
        <span className="ml-auto flex gap-1">
          {onCopyCode && (
            <Button size="xs" onClick={onCopyCode}>
              Copy as code
            </Button>
          )}
          {onRerun && run.status !== "running" && (
            <Button size="xs" onClick={onRerun}>
              Rerun
            </Button>
          )}
        </span>
      </div>
      {/* "Retrying in 1.0 s" is true only while the run is under way; afterwards the metrics say it in the past tense. */}
      {run.status === "running" && run.events.length > 0 && (
        <ul role="log" aria-label="Retries" className="space-y-0.5 text-xs text-amber-800 dark:text-amber-300">
          {run.events.map((e, i) => (
            <li key={i}>↻ {e}</li>
          ))}
        </ul>
      )}
      {run.error && run.error.title !== "Stopped" && (
        <EndpointErrorView error={run.error}>
          {run.error.jsonSchemaUnsupported && onRetryWith && (
            <div className="flex gap-2 pt-1">
              <Button size="xs" onClick={() => onRetryWith("json_object")}>
                Retry with json_object
              </Button>
              <Button size="xs" onClick={() => onRetryWith("prompt_only")}>
                Retry prompt-only
              </Button>
            </div>
          )}
        </EndpointErrorView>
      )}
      {run.status === "aborted" && <p className="text-xs text-amber-700 dark:text-amber-400">Stopped: the partial answer is kept below.</p>}
      {run.validation && <ValidationView validation={run.validation} kind={run.outputKind} />}
      {run.refusal && (
        <p
          role="note"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          The model refused: {run.refusal}
        </p>
      )}
      <RunMetrics run={run} />
      {run.bodiesKept ? (
        <>
          {run.toolCalls && <ToolCallsView calls={run.toolCalls} streaming={run.status === "running"} />}
          <RunOutput text={run.output} streaming={run.status === "running"} kind={run.outputKind} />
          {run.status === "ok" && <ConfidenceView text={run.output} logprobs={run.logprobs} asked={run.logprobsAsked === true} />}
        </>
      ) : (
        <p className="text-sm text-zinc-500">This run's profile keeps metrics only: the request and the answer were not stored.</p>
      )}
    </div>
  );
}
