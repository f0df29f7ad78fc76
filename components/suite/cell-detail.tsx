/**
 * One grid cell opened: per repeat, whether it passed, each assertion's outcome with its
 * reason ("from the contract" for the implied ones), what ran (version hash, model, settings),
 * and the raw output one click away. `results` is null while the full cell is being read (the
 * grid holds only summaries).
 */
import type { CellResult } from "../../contracts/eval/suite/types.ts";
import { formatMs, formatUsd } from "../../contracts/format-figures.ts";
import { RubricOutcome } from "./grader-prompt.tsx";

function outcomeLine(r: CellResult): string {
  if (r.notSent) return `Not sent: ${r.notSent.message}`;
  if (!r.run) return "Not sent.";
  if (r.run.status !== "ok") return `Error: ${r.run.error?.title ?? r.run.status}`;
  return r.passed ? "Passed" : "Failed";
}

export function CellDetail({
  caseName,
  columnLabel,
  results,
  onClose,
  grader = null,
  onUseAsReference,
}: {
  caseName: string;
  columnLabel: string;
  results: CellResult[] | null;
  onClose: () => void;
  /** Marks an answer as the case's reference answer (what the dataset export trains on). */
  onUseAsReference?: (result: CellResult) => void;
  /** The suite's rubric grader (its profile's name and the model), null when it had none. */
  grader?: { name: string; model: string } | null;
}) {
  return (
    <section aria-label={`Result of ${caseName} on ${columnLabel}`} className="space-y-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700">
      <div className="flex items-center gap-2">
        <h4 className="font-medium">
          {caseName} <span className="text-zinc-500">on {columnLabel}</span>
        </h4>
        <button type="button" className="ml-auto text-xs text-indigo-700 underline dark:text-indigo-300" onClick={onClose}>
          Close
        </button>
      </div>
      {results === null && <p className="text-xs text-zinc-500">Reading the stored result…</p>}
      {results?.map((r) => (
        <div key={r.cellId} className="space-y-1 border-t border-zinc-100 pt-1 dark:border-zinc-800">
          <p className={r.passed ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
            {results.length > 1 ? `Repeat ${r.repeat + 1}: ` : ""}
            {outcomeLine(r)}
            {r.cached && <span className="ml-2 text-xs text-zinc-500">(from the response cache)</span>}
          </p>
          <ul className="space-y-0.5" aria-label="Assertions">
            {r.assertions.map((a, i) => (
              <li key={i} className={a.pass ? "text-zinc-700 dark:text-zinc-300" : "text-red-700 dark:text-red-400"}>
                <span aria-hidden>{a.pass ? "✓ " : "✗ "}</span>
                <span className="sr-only">{a.pass ? "Passed: " : "Failed: "}</span>
                {a.reason}
                {(a as { source?: unknown }).source === "contract" && <span className="ml-1 text-xs text-zinc-500">(from the contract)</span>}
                {a.type === "rubric" && (
                  <RubricOutcome
                    params={a.params as Record<string, unknown> | undefined}
                    reason={a.reason}
                    costUsd={a.costUsd as number | null | undefined}
                    request={r.run?.request}
                    answer={r.run?.output ?? ""}
                    grader={grader}
                  />
                )}
              </li>
            ))}
            {r.assertions.length === 0 && r.run?.status === "ok" && <li className="text-zinc-500">No assertions.</li>}
          </ul>
          <p className="text-xs text-zinc-500">
            Model {r.run?.model || r.model} · version hash {r.contractHash.slice(0, 12)} · temperature {r.parameters.temperature ?? "default"}
            {r.run && ` · ${formatMs(r.run.timings.latencyMs)}`}
            {r.run?.cost && ` · ${formatUsd(r.run.cost.totalUsd)}`}
            {r.attempts > 1 && ` · ${r.attempts} attempts`}
          </p>
          {onUseAsReference && r.run?.status === "ok" && r.run.output && (
            <button type="button" className="text-xs text-indigo-700 underline dark:text-indigo-300" onClick={() => onUseAsReference(r)}>
              Use as reference answer
            </button>
          )}
          {r.run && (
            <details>
              <summary className="cursor-pointer text-xs text-indigo-700 dark:text-indigo-300">Raw output</summary>
              <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900">
                {r.run.output || r.run.refusal || "(empty)"}
              </pre>
            </details>
          )}
        </div>
      ))}
    </section>
  );
}
