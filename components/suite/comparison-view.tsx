/**
 * Two columns of the grid compared on the same cases (contracts/eval/compare.ts does the
 * statistics): per split, the verdict sentence first, then regressions (passed before, fail
 * now) highlighted, fixes, and the pass rates with their 95% intervals.
 */
import type { compareTargets } from "../../contracts/eval/compare.ts";
import type { Interval } from "../../contracts/eval/stats.ts";

type Comparison = ReturnType<typeof compareTargets>;

const pct = (x: number) => `${Math.round(x * 100)}%`;
export function rateText(i: Interval | null): string {
  return i ? `${pct(i.estimate)} (95% interval ${pct(i.lower)}–${pct(i.upper)})` : "no answers";
}

export function ComparisonView({
  comparison,
  beforeLabel,
  afterLabel,
  caseName,
}: {
  comparison: Comparison;
  beforeLabel: string;
  afterLabel: string;
  caseName: (id: string) => string;
}) {
  return (
    <div className="space-y-3">
      {comparison.splits.map((s) => (
        <section
          key={s.split}
          aria-label={`Comparison, ${s.split === "all" ? "all splits" : `${s.split} split`}`}
          className="space-y-1 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700"
        >
          <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300">
            {s.split === "all" ? "All splits" : `${s.split} split`}
          </h4>
          <p
            data-verdict={s.verdict.kind}
            className={`font-medium ${s.verdict.kind === "worse" ? "text-red-700 dark:text-red-400" : s.verdict.kind === "better" ? "text-emerald-700 dark:text-emerald-400" : ""}`}
          >
            Verdict: {afterLabel} is {s.verdict.text} than {beforeLabel}.
          </p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Pass rate: {beforeLabel} {rateText(s.beforePassRate)} → {afterLabel} {rateText(s.afterPassRate)} over {s.pairedCases} paired cases
            {s.delta &&
              ` · change ${s.delta.estimate >= 0 ? "+" : "−"}${Math.abs(Math.round(s.delta.estimate * 100))} points (95% interval ${Math.round(s.delta.lower * 100)} to ${Math.round(s.delta.upper * 100)})`}
          </p>
          {s.regressions.length > 0 && (
            <ul aria-label={`Regressions (${s.split})`} className="space-y-1">
              {s.regressions.map((r) => (
                <li key={r.caseId} data-change="regression" className="rounded border-l-4 border-red-600 bg-red-50 px-2 py-1 dark:bg-red-950">
                  <strong>Regression:</strong> {caseName(r.caseId)} passed on {beforeLabel}, fails on {afterLabel}
                  {r.reasons.length > 0 && <span className="block text-xs text-red-800 dark:text-red-300">{r.reasons.join(" · ")}</span>}
                </li>
              ))}
            </ul>
          )}
          {s.fixes.length > 0 && (
            <ul aria-label={`Fixes (${s.split})`} className="space-y-1">
              {s.fixes.map((r) => (
                <li key={r.caseId} data-change="fix" className="rounded border-l-4 border-emerald-600 bg-emerald-50 px-2 py-1 dark:bg-emerald-950">
                  <strong>Fix:</strong> {caseName(r.caseId)} failed on {beforeLabel}, passes on {afterLabel}
                </li>
              ))}
            </ul>
          )}
          {s.regressions.length === 0 && s.fixes.length === 0 && <p className="text-xs text-zinc-500">No case changed between the two.</p>}
        </section>
      ))}
    </div>
  );
}
