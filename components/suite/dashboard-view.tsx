/**
 * The behaviour dashboard, for people who do not think in tokens: per version or per model,
 * how often answers passed their checks, kept the promised format, refused, said "I don't
 * know" or failed, how long they took and what they cost, each as a small bar chart.
 */
import type { Interval, Percentiles } from "../../contracts/eval/stats.ts";
import { formatMs, formatUsd } from "../../contracts/format-figures.ts";
import { BarChart, type Bar } from "./bar-chart.tsx";

/** One bar group of the dashboard: a version or a model, over its stored runs and cells (built in app/features/suite/dashboard-data.ts). */
export interface DashboardRow {
  key: string;
  count: number;
  answered: number;
  passRate: Interval | null;
  schemaAdherence: Interval | null;
  refusalRate: Interval | null;
  idkRate: Interval | null;
  errorRate: Interval | null;
  latencyMs: Percentiles;
  tokensPerAnswer: number | null;
  costPerAnswer: number | null;
  totalCost: number | null;
  /** Answers that called a tool, and of those, answers with a bad call (contracts/eval/tool-rates.ts); absent without tools. */
  toolCallRate?: Interval | null;
  toolErrorRate?: Interval | null;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function rateBars(rows: DashboardRow[], pick: (r: DashboardRow) => DashboardRow["passRate"]): Bar[] {
  return rows.map((r) => {
    const i = pick(r);
    return i ? { label: r.key, value: i.estimate, lower: i.lower, upper: i.upper, text: pct(i.estimate) } : { label: r.key, value: null, text: "no data" };
  });
}

export function DashboardView({ rows, by, total }: { rows: DashboardRow[]; by: "version" | "model"; total: number }) {
  if (!rows.length) return <p className="text-sm text-zinc-500">Nothing measured yet: run the contract (Run) or a suite, and its answers are counted here.</p>;
  const lat = Math.max(0, ...rows.map((r) => r.latencyMs.p99 ?? 0));
  const cost = Math.max(0, ...rows.map((r) => r.costPerAnswer ?? 0));
  const size = Math.max(0, ...rows.map((r) => r.tokensPerAnswer ?? 0));
  const whisker = "The thin line is the range the true rate is 95% likely to be in.";
  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-500">
        {total} answers, by {by}.
      </p>
      <div className="grid gap-2">
        <BarChart title="Passed every check" help={whisker} max={1} bars={rateBars(rows, (r) => r.passRate)} />
        <BarChart
          title="Answers in the promised format"
          help="The answer matched the output the contract promises."
          max={1}
          bars={rateBars(rows, (r) => r.schemaAdherence)}
        />
        <BarChart title="Refused to answer" max={1} bars={rateBars(rows, (r) => r.refusalRate)} />
        <BarChart title={`Said "I don't know"`} max={1} bars={rateBars(rows, (r) => r.idkRate)} />
        <BarChart
          title="Failed to get an answer"
          help="The endpoint returned an error or the request could not be sent."
          max={1}
          bars={rateBars(rows, (r) => r.errorRate)}
        />
        {rows.some((r) => r.toolCallRate) && (
          <>
            <BarChart
              title="Called a tool"
              help="Answers in which the model called at least one of the contract's tools."
              max={1}
              bars={rateBars(rows, (r) => r.toolCallRate ?? null)}
            />
            <BarChart
              title="Tool errors"
              help="Of the answers that called a tool: an unknown tool, arguments that break its schema, or a call the policy forbids (before a person's confirmation)."
              max={1}
              bars={rateBars(rows, (r) => r.toolErrorRate ?? null)}
            />
          </>
        )}
        <BarChart
          title="Time to answer"
          help="Typical answer (half are faster); the slowest 1 in 20 take at least the second figure."
          max={lat}
          bars={rows.map((r) => ({
            label: r.key,
            value: r.latencyMs.p50,
            ...(r.latencyMs.p50 !== null && r.latencyMs.p95 !== null ? { lower: r.latencyMs.p50, upper: r.latencyMs.p95 } : {}),
            text: `${formatMs(r.latencyMs.p50)} typical, ${formatMs(r.latencyMs.p95)} slow`,
          }))}
        />
        <BarChart
          title="Cost per answer"
          help="What the endpoint charges for one question and its answer, from the prices in its profile."
          max={cost}
          bars={rows.map((r) => ({ label: r.key, value: r.costPerAnswer, text: r.costPerAnswer === null ? "no prices set" : formatUsd(r.costPerAnswer) }))}
        />
        <BarChart
          title="Size of each exchange"
          help="Text sent and received, in tokens (a token is about three quarters of a word); it drives cost and time."
          max={size}
          bars={rows.map((r) => ({
            label: r.key,
            value: r.tokensPerAnswer,
            text: r.tokensPerAnswer === null ? "—" : `${Math.round(r.tokensPerAnswer)} tokens`,
          }))}
        />
      </div>
    </div>
  );
}
