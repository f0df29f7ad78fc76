/**
 * The production-log report: the behaviour figures of the imported records (the same ones the
 * dashboard shows for runs), the malformed lines by number, and, when the bodies were kept, a
 * pick list to turn chosen records into holdout cases. Presentational: the import and the
 * adding of cases belong to app/features/traffic.
 */
import { useMemo, useState } from "react";
import { formatMs, formatUsd } from "../../contracts/format-figures.ts";
import type { KeptRecord, RateFigure, TrafficReport } from "../../contracts/traffic/import.ts";
import { Button } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";

const pct = (r: RateFigure | null) =>
  !r || r.rate === null
    ? "n/a"
    : `${(r.rate * 100).toFixed(1)}% (${r.count} of ${r.of}${r.interval ? `, 95% CI ${(r.interval.lower * 100).toFixed(1)}–${(r.interval.upper * 100).toFixed(1)}%` : ""})`;

const FILTERS = {
  all: { label: "all kept records", test: () => true },
  matched: { label: "matched to the task", test: (k: KeptRecord) => k.match.task },
  refusal: { label: "refusals", test: (k: KeptRecord) => k.metrics.refusal },
  unknown: { label: `"I don't know" answers`, test: (k: KeptRecord) => k.metrics.unknown },
  schema: { label: "schema failures", test: (k: KeptRecord) => k.metrics.schemaOk === false },
  unmatched: { label: "not matched", test: (k: KeptRecord) => !k.match.task },
} as const;
type FilterKey = keyof typeof FILTERS;

function matchLabel(k: KeptRecord): string {
  if (k.match.task && k.match.system) return k.verified ? "this contract (verified)" : "this contract";
  if (k.match.task) return "task only (another system message)";
  if (k.match.system) return "system only";
  return "not matched";
}

export function TrafficReportView({ report, fileName, onAddCases }: { report: TrafficReport; fileName: string; onAddCases: (records: KeptRecord[]) => void }) {
  const f = report.figures;
  const [filter, setFilter] = useState<FilterKey>("matched");
  const [picked, setPicked] = useState<Set<number>>(() => new Set());
  const shown = useMemo(() => report.kept.filter(FILTERS[filter].test), [report, filter]);
  const rows: [string, string][] = [
    ["Lines read", String(f.lines)],
    ["Records", String(f.records)],
    ["Malformed lines", String(f.malformed)],
    ["Matched to this contract (task and system)", `${f.matched.both} of ${f.records}`],
    ["Task template only (another system message)", String(f.matched.task - f.matched.both)],
    ["Not matched", String(f.matched.none)],
    ["Schema adherence", f.adherence ? pct(f.adherence) : "n/a (free-text output)"],
    ["Refusal rate", pct(f.refusal)],
    [`"I don't know" rate`, pct(f.unknown)],
    [
      "Latency p50 / p95 / p99",
      f.latencyMs ? `${formatMs(f.latencyMs.p50)} / ${formatMs(f.latencyMs.p95)} / ${formatMs(f.latencyMs.p99)} (${f.latencyMs.n} recorded)` : "not recorded",
    ],
    [
      "Cost p50 / p95 / total",
      f.costUsd ? `${formatUsd(f.costUsd.p50)} / ${formatUsd(f.costUsd.p95)} / ${formatUsd(f.costUsd.total)} (${f.costUsd.n} recorded)` : "not recorded",
    ],
    ["Tokens p50 / p95", f.tokens ? `${f.tokens.p50} / ${f.tokens.p95}` : "not recorded"],
    ["Models", f.models.map((m) => `${m.model} (${m.records})`).join(", ") || "none"],
  ];
  const toggle = (line: number, on: boolean) =>
    setPicked((old) => {
      const next = new Set(old);
      if (on) next.add(line);
      else next.delete(line);
      return next;
    });
  return (
    <section aria-label="Production log report" className="space-y-3 text-sm">
      <h3 className="font-medium">
        {fileName}: {f.records} records
      </h3>
      <table className="w-full text-left text-xs" aria-label="Behaviour figures">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-0.5 pr-2 font-normal text-zinc-500">
                {k}
              </th>
              <td className="py-0.5">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.errors.length > 0 && (
        <details open={report.errors.length <= 5}>
          <summary className="cursor-pointer text-red-700 dark:text-red-400">
            {f.malformed} malformed {f.malformed === 1 ? "line" : "lines"} skipped
          </summary>
          <ul aria-label="Malformed lines" className="mt-1 space-y-0.5 text-xs">
            {report.errors.map((e) => (
              <li key={e.line}>
                Line {e.line}: {e.message}
              </li>
            ))}
            {f.malformed > report.errors.length && <li className="text-zinc-500">… and {f.malformed - report.errors.length} more</li>}
          </ul>
        </details>
      )}
      {report.keep === "metrics" ? (
        <p className="text-xs text-zinc-500">
          Reduced to metrics: no request or answer text was kept. Import again keeping the bodies to turn records into cases.
        </p>
      ) : (
        <div className="space-y-2">
          <div className="flex flex-wrap items-end gap-2">
            <label className={labelClass}>
              Show
              <select className={inputClass} value={filter} onChange={(e) => setFilter(e.target.value as FilterKey)}>
                {Object.entries(FILTERS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v.label}
                  </option>
                ))}
              </select>
            </label>
            <Button size="xs" onClick={() => setPicked(new Set(shown.map((k) => k.metrics.line)))} disabled={!shown.length}>
              Pick all shown ({shown.length})
            </Button>
            <Button size="xs" onClick={() => setPicked(new Set())} disabled={!picked.size}>
              Clear
            </Button>
            <Button
              variant="primary"
              className="ml-auto"
              disabled={!picked.size}
              onClick={() => {
                onAddCases(report.kept.filter((k) => picked.has(k.metrics.line)));
                setPicked(new Set());
              }}
            >
              Add {picked.size} as holdout {picked.size === 1 ? "case" : "cases"}
            </Button>
          </div>
          {report.notKept > 0 && (
            <p className="text-xs text-zinc-500">
              The first {report.kept.length} records are kept with their text; {report.notKept} more count in the figures only.
            </p>
          )}
          <ul aria-label="Records" className="max-h-96 space-y-1 overflow-auto">
            {shown.slice(0, 500).map((k) => (
              <li key={k.metrics.line} className="rounded border border-zinc-100 p-1 dark:border-zinc-800">
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    checked={picked.has(k.metrics.line)}
                    onChange={(e) => toggle(k.metrics.line, e.target.checked)}
                    aria-label={`Pick line ${k.metrics.line}`}
                  />
                  <span className="min-w-0 flex-1">
                    <span className="font-medium">Line {k.metrics.line}</span>
                    <span className="ml-2 text-xs text-zinc-500">
                      {matchLabel(k)}
                      {k.metrics.model ? ` · ${k.metrics.model}` : ""}
                      {k.metrics.latencyMs !== null ? ` · ${formatMs(k.metrics.latencyMs)}` : ""}
                    </span>
                    <span className="block truncate font-mono text-xs">{k.answer || "(empty answer)"}</span>
                    {k.notes.length > 0 && <span className="block text-xs text-amber-700 dark:text-amber-400">{k.notes.join(" · ")}</span>}
                  </span>
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="text-xs text-zinc-500">No kept record is {FILTERS[filter].label}.</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
