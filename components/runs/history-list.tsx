/** Past runs of the open contract, newest first: open one, or run it again. */
import { memo } from "react";
import { Button } from "../ui/button.tsx";
import type { RunStatus } from "./run-view.tsx";

export interface HistoryItem {
  id: string;
  startedAt: number;
  model: string;
  profileName: string;
  status: Exclude<RunStatus, "running">;
  /** null: not validated (failed, stopped, or a text contract). */
  keeps: boolean | null;
  version: string | null;
}

// One formatter for every row: toLocaleString builds a new Intl formatter per call, which adds up
// over a long history rendered while a run starts.
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

interface HistoryListProps {
  items: readonly HistoryItem[];
  openId: string | null;
  onOpen: (id: string) => void;
  onRerun: (id: string) => void;
}

/** Memoized: the Run tab re-renders once per frame while streaming, the history need not. */
export const HistoryList = memo(function HistoryList({ items, openId, onOpen, onRerun }: HistoryListProps) {
  return (
    <section aria-label="Run history" className="border-t border-zinc-200 p-3 dark:border-zinc-800">
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-zinc-500">History</h3>
      {items.length === 0 ? (
        <p className="text-xs text-zinc-500">No runs of this contract yet.</p>
      ) : (
        <ul className="space-y-0.5">
          {items.map((r) => {
            const when = WHEN.format(r.startedAt);
            const verdict = r.keeps === null ? "" : r.keeps ? " · keeps the contract" : " · breaks the contract";
            const status = r.status === "ok" ? "completed" : r.status === "aborted" ? "stopped" : "failed";
            return (
              <li key={r.id} className={`flex items-center gap-2 rounded px-1 ${r.id === openId ? "bg-indigo-50 dark:bg-indigo-950/60" : ""}`}>
                <button
                  type="button"
                  className="min-w-0 flex-1 truncate py-0.5 text-left text-xs hover:underline"
                  aria-label={`Open run of ${when}, ${r.model}, ${status}${verdict}`}
                  aria-current={r.id === openId ? "true" : undefined}
                  onClick={() => onOpen(r.id)}
                >
                  <span className="text-zinc-500">{when}</span> <span className="font-mono">{r.model}</span> · {r.profileName}
                  {r.version && <span className="text-zinc-500"> · v{r.version}</span>}
                  <span className={r.status !== "ok" || r.keeps === false ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}>
                    {" "}
                    · {status}
                    {verdict}
                  </span>
                </button>
                <Button size="xs" variant="ghost" aria-label={`Rerun run of ${when}`} onClick={() => onRerun(r.id)}>
                  Rerun
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
});
