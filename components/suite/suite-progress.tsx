/** A suite under way (or interrupted): a progress bar with counts and time left, Cancel or Resume. */
import type { SuiteProgress } from "../../contracts/eval/suite/types.ts";
import { formatUsd } from "../../contracts/format-figures.ts";
import { Button } from "../ui/button.tsx";

export function timeLeft(ms: number | null): string {
  if (ms === null) return "estimating time left…";
  if (ms < 1000) return "less than a second left";
  const s = Math.round(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

/** " · cost $0.012 (answers $0.010, grading $0.002)", or "" while nothing was priced. */
export function costText(p: Pick<SuiteProgress, "costUsd" | "gradingCostUsd">): string {
  const answers = p.costUsd ?? 0;
  const grading = p.gradingCostUsd ?? 0;
  if (answers + grading <= 0) return "";
  return grading > 0
    ? ` · cost ${formatUsd(answers + grading)} (answers ${formatUsd(answers)}, grading ${formatUsd(grading)})`
    : ` · cost ${formatUsd(answers)}`;
}

export function SuiteProgressView({
  progress,
  total,
  running,
  interrupted,
  onCancel,
  onResume,
}: {
  progress: SuiteProgress | null;
  total: number;
  running: boolean;
  interrupted: boolean;
  onCancel: () => void;
  onResume: () => void;
}) {
  const done = progress?.done ?? 0;
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="space-y-1 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700">
      <div className="flex items-center gap-2">
        <div
          role="progressbar"
          aria-label="Suite progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${total} cells`}
          className="h-2 flex-1 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${pct}%` }} />
        </div>
        {running && (
          <Button size="xs" variant="danger" onClick={onCancel}>
            Cancel suite
          </Button>
        )}
        {interrupted && (
          <Button size="xs" variant="primary" onClick={onResume}>
            Resume suite
          </Button>
        )}
      </div>
      <p role="status" className="text-xs text-zinc-600 dark:text-zinc-400" data-suite-state={running ? "running" : interrupted ? "interrupted" : "idle"}>
        {done} of {total} cells · {progress?.passed ?? 0} passed · {progress?.failed ?? 0} failed · {progress?.errored ?? 0} errors
        {progress && progress.cached > 0 && ` · ${progress.cached} from cache`}
        {progress && progress.resumed > 0 && ` · ${progress.resumed} resumed`}
        {progress && costText(progress)}
        {running && ` · ${timeLeft(progress?.etaMs ?? null)}`}
        {interrupted && " · interrupted (the page was reloaded): resume to run the rest"}
      </p>
    </div>
  );
}
