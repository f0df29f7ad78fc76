/**
 * Review of generated test cases before they join the contract: each draft with what it
 * covers, its variables and its checks, to accept or reject one by one; the ones the model got
 * wrong are listed with why they were dropped, and the coverage targets no draft covers.
 */
import type { CaseDraft, DroppedCase } from "../../contracts/generate/cases-parse.ts";
import { describeAssertion } from "../../contracts/eval/assertions/registry.ts";
import { Button } from "../ui/button.tsx";

export type Decision = "accept" | "reject";

export interface CaseDraftsReviewProps {
  drafts: readonly CaseDraft[];
  dropped: readonly DroppedCase[];
  uncovered: readonly string[];
  decisions: Readonly<Record<string, Decision>>;
  onDecide: (id: string, decision: Decision) => void;
}

export function CaseDraftsReview({ drafts, dropped, uncovered, decisions, onDecide }: CaseDraftsReviewProps) {
  return (
    <div className="space-y-3 text-sm">
      <ul aria-label="Generated cases" className="space-y-2">
        {drafts.map((d) => {
          const t = d.testCase;
          const decision = decisions[t.id];
          return (
            <li
              key={t.id}
              aria-label={`Draft ${t.id}`}
              className={`rounded-md border p-2 ${decision === "accept" ? "border-emerald-400 bg-emerald-50/60 dark:border-emerald-800 dark:bg-emerald-950/30" : decision === "reject" ? "border-zinc-200 opacity-60 dark:border-zinc-700" : "border-zinc-200 dark:border-zinc-700"}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-xs font-semibold">{t.id}</code>
                <span>{t.name}</span>
                <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{t.split}</span>
                <span className="ml-auto flex gap-1">
                  <Button
                    size="xs"
                    variant={decision === "accept" ? "primary" : "secondary"}
                    aria-pressed={decision === "accept"}
                    onClick={() => onDecide(t.id, "accept")}
                  >
                    Accept {t.id}
                  </Button>
                  <Button
                    size="xs"
                    variant={decision === "reject" ? "danger" : "secondary"}
                    aria-pressed={decision === "reject"}
                    onClick={() => onDecide(t.id, "reject")}
                  >
                    Reject {t.id}
                  </Button>
                </span>
              </div>
              {d.covers.length > 0 && <p className="mt-1 text-xs text-zinc-500">Covers: {d.covers.join(", ")}</p>}
              <p className="mt-1 break-all font-mono text-xs text-zinc-700 dark:text-zinc-300">{JSON.stringify(t.variables)}</p>
              {t.assertions.length > 0 && (
                <ul className="mt-1 list-disc pl-5 text-xs">
                  {t.assertions.map((a, i) => (
                    <li key={i}>{describeAssertion(a)}</li>
                  ))}
                </ul>
              )}
              {d.notes.map((n) => (
                <p key={n} className="mt-1 text-xs text-amber-800 dark:text-amber-300">
                  ⚠ {n}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
      {dropped.length > 0 && (
        <section
          aria-label="Dropped cases"
          className="rounded-md border border-red-300 bg-red-50 p-2 text-xs text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100"
        >
          <p className="font-semibold">
            {dropped.length === 1 ? "1 case the model wrote was not usable" : `${dropped.length} cases the model wrote were not usable`} and will not be added:
          </p>
          <ul className="mt-1 space-y-0.5">
            {dropped.map((d) => (
              <li key={d.index}>
                #{d.index + 1}
                {d.id ? ` (${d.id})` : ""}: {d.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {uncovered.length > 0 && (
        <p role="note" className="text-xs text-amber-800 dark:text-amber-300">
          No usable case covers: {uncovered.join(", ")}.
        </p>
      )}
    </div>
  );
}
