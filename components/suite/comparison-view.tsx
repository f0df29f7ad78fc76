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
/** −33, +5, 0: points with a real minus sign, as every other change here. */
const signedPoints = (x: number) => {
  const p = Math.round(x * 100);
  return p === 0 ? "0" : `${p > 0 ? "+" : "−"}${Math.abs(p)}`;
};
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
                ` · ${repeated ? "change in the share of repeats that passed" : "change"} ${signedPoints(s.delta.estimate)} points (95% interval ${signedPoints(s.delta.lower)} to ${signedPoints(s.delta.upper)})`}
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
      <div className="mt-1">
        <table aria-label={`Measures, ${splitName(split)}`} className="w-full border-collapse">
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
      <table aria-label={`Repeats, ${splitName(split)}`} className="mt-1 w-full border-collapse">
        <thead className="bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className={th}>
              Over the repeats
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
          <tr>
            <th scope="row" className={`${td} text-left font-normal`}>
              Cases that passed all {m.k} times (pass^{m.k})
            </th>
            <td className={`${td} tabular-nums`}>{m.passHatK.before}</td>
            <td className={`${td} tabular-nums`}>{m.passHatK.after}</td>
            <td className={`${td} tabular-nums`}>{m.passHatK.change}</td>
          </tr>
          <tr>
            <th scope="row" className={`${td} text-left font-normal`}>
              Cases that passed at least once in {m.k} (pass@{m.k})
            </th>
            <td className={`${td} tabular-nums`}>{m.passAtK.before}</td>
            <td className={`${td} tabular-nums`}>{m.passAtK.after}</td>
            <td className={`${td} tabular-nums`}>{m.passAtK.change}</td>
          </tr>
          <tr className={m.flaky.before || m.flaky.after ? "text-amber-800 dark:text-amber-300" : ""}>
            <th scope="row" className={`${td} text-left font-normal`}>
              Flaky cases (their repeats disagree: some passed, some failed)
            </th>
            <td className={`${td} tabular-nums`}>{m.flaky.before}</td>
            <td className={`${td} tabular-nums`}>{m.flaky.after}</td>
            <td className={`${td} tabular-nums`}>
              {m.flaky.after === m.flaky.before ? "no change" : `${m.flaky.after > m.flaky.before ? "+" : "−"}${Math.abs(m.flaky.after - m.flaky.before)}`}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="mt-1 max-h-72 overflow-auto">
        <table aria-label={`Pass rate per case, ${splitName(split)}`} className="w-full border-collapse">
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
