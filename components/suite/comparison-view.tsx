/**
 * Two columns of the grid compared on the same cases (contracts/eval/compare.ts does the
 * statistics): per split, the verdict sentence first, the pass rates with their 95% intervals,
 * then regressions (passed before, fail now) highlighted and fixes; after them what repeats
 * say (pass^k, pass@k, flaky cases) and every other measure with its change
 * (comparison-model.ts words them). The "all splits" section shows them open; each split's
 * own are one click away.
 */
import type { compareTargets, SplitComparison } from "../../contracts/eval/compare.ts";
import type { Interval } from "../../contracts/eval/stats.ts";
import { metricRows, repeatsModel, verdictSentence, type Tone } from "./comparison-model.ts";

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
      {comparison.splits.map((s) => {
        const repeated = s.before.repeats > 1 || s.after.repeats > 1;
        return (
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
              Verdict: {verdictSentence(s.verdict, beforeLabel, afterLabel)}
            </p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Pass rate: {beforeLabel} {rateText(s.beforePassRate)} → {afterLabel} {rateText(s.afterPassRate)} over {s.pairedCases} paired cases
              {repeated && " (a case passes when every repeat passed)"}
              {s.delta &&
                ` · change ${s.delta.estimate >= 0 ? "+" : "−"}${Math.abs(Math.round(s.delta.estimate * 100))} points (95% interval ${Math.round(s.delta.lower * 100)} to ${Math.round(s.delta.upper * 100)})`}
            </p>
            {s.regressions.length > 0 && (
              <ul aria-label={`Regressions (${s.split})`} className="space-y-1">
                {s.regressions.map((r) => (
                  <li key={r.caseId} data-change="regression" className="rounded border-l-4 border-red-600 bg-red-50 px-2 py-1 dark:bg-red-950">
                    <strong>Regression:</strong> {caseName(r.caseId)} passed on {beforeLabel}, fails on {afterLabel}
                    {repeated && ` (repeats passed: ${pct(r.beforeRate)} → ${pct(r.afterRate)})`}
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
                    {repeated && ` (repeats passed: ${pct(r.beforeRate)} → ${pct(r.afterRate)})`}
                  </li>
                ))}
              </ul>
            )}
            {s.regressions.length === 0 && s.fixes.length === 0 && <p className="text-xs text-zinc-500">No case changed between the two.</p>}
            <Repeats split={s} beforeLabel={beforeLabel} afterLabel={afterLabel} caseName={caseName} />
            <Measures split={s} beforeLabel={beforeLabel} afterLabel={afterLabel} />
          </section>
        );
      })}
    </div>
  );
}

const TONE: Record<Tone, string> = {
  better: "text-emerald-700 dark:text-emerald-400",
  worse: "text-red-700 dark:text-red-400",
  neutral: "text-zinc-800 dark:text-zinc-200",
  none: "text-zinc-500",
};

const splitName = (s: SplitComparison) => (s.split === "all" ? "all splits" : `${s.split} split`);
const th = "px-1.5 py-0.5 text-left font-medium";
const td = "px-1.5 py-0.5 align-top";

/** Schema adherence, refusal and "I don't know" rates, errors, latency, tokens and cost: both sides and the change. */
function Measures({ split, beforeLabel, afterLabel }: { split: SplitComparison; beforeLabel: string; afterLabel: string }) {
  const rows = metricRows(split);
  return (
    <details open={split.split === "all"} className="text-xs">
      <summary className="cursor-pointer font-medium text-zinc-700 dark:text-zinc-300">Other measures ({splitName(split)})</summary>
      <div className="mt-1 overflow-x-auto">
        <table aria-label={`Measures, ${splitName(split)}`} className="w-full min-w-[28rem] border-collapse">
          <thead className="bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className={th}>
                Measure
              </th>
              <th scope="col" className={th}>
                {beforeLabel}
              </th>
              <th scope="col" className={th}>
                {afterLabel}
              </th>
              <th scope="col" className={th}>
                Change
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((r) => (
              <tr key={r.key} data-metric={r.key}>
                <th scope="row" className={`${td} text-left font-normal`}>
                  {r.label}
                </th>
                <td className={`${td} tabular-nums`}>{r.before}</td>
                <td className={`${td} tabular-nums`}>{r.after}</td>
                <td className={`${td} tabular-nums ${TONE[r.tone]}`} data-tone={r.tone}>
                  {r.change}
                  {r.word && `, ${r.word}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** With repeats: pass^k, pass@k, flaky cases and each case's pass rate on both sides. */
function Repeats({
  split,
  beforeLabel,
  afterLabel,
  caseName,
}: {
  split: SplitComparison;
  beforeLabel: string;
  afterLabel: string;
  caseName: (id: string) => string;
}) {
  const m = repeatsModel(split);
  if (!m) return null;
  const flakyTotal = m.cases.filter((c) => c.beforeFlaky || c.afterFlaky).length;
  return (
    <details open={split.split === "all"} className="text-xs">
      <summary className="cursor-pointer font-medium text-zinc-700 dark:text-zinc-300">
        Repeats: each case ran {m.k} times ({splitName(split)}){flakyTotal > 0 && `, ${flakyTotal} flaky`}
      </summary>
      <ul aria-label={`Repeats, ${splitName(split)}`} className="mt-1 space-y-0.5">
        <li>
          Passed all {m.k} times (pass^{m.k}): {beforeLabel} {m.passHatK.before} → {afterLabel} {m.passHatK.after} ({m.passHatK.change})
        </li>
        <li>
          Passed at least once in {m.k} (pass@{m.k}): {beforeLabel} {m.passAtK.before} → {afterLabel} {m.passAtK.after} ({m.passAtK.change})
        </li>
        <li className={m.flaky.before || m.flaky.after ? "text-amber-800 dark:text-amber-300" : ""}>
          Flaky cases (their repeats disagree: some passed, some failed): {beforeLabel} {m.flaky.before} → {afterLabel} {m.flaky.after}
        </li>
      </ul>
      <div className="mt-1 max-h-72 overflow-auto">
        <table aria-label={`Pass rate per case, ${splitName(split)}`} className="w-full min-w-[24rem] border-collapse">
          <thead className="sticky top-0 bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className={th}>
                Case
              </th>
              <th scope="col" className={th}>
                {beforeLabel}
              </th>
              <th scope="col" className={th}>
                {afterLabel}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {m.cases.map((c) => (
              <tr key={c.caseId} data-flaky={c.beforeFlaky || c.afterFlaky ? "true" : undefined}>
                <th scope="row" className={`${td} text-left font-normal`}>
                  {caseName(c.caseId)}
                </th>
                <td className={`${td} tabular-nums`}>
                  {c.before}
                  {c.beforeFlaky && <FlakyBadge />}
                </td>
                <td className={`${td} tabular-nums`}>
                  {c.after}
                  {c.afterFlaky && <FlakyBadge />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function FlakyBadge() {
  return <span className="ml-1 rounded bg-amber-100 px-1 text-[11px] font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">flaky</span>;
}
