/**
 * The injection pack's outcome, per model (grid column): which attacks (adversarial cases) got
 * through and how (contracts/eval/attack-outcome.ts tells the ways apart: the canary leaked,
 * an outside link or image, the output contract broke, another check failed), which were
 * held, and which got no answer to judge.
 */
import { attackOutcome, BREACH_KINDS, BREACH_LABEL, breachCounts, type AttackOutcome, type BreachKind } from "../../contracts/eval/attack-outcome.ts";
import type { GridColumn, GridRow } from "./grid-model.ts";

const BADGE: Record<BreachKind, string> = {
  canary: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  outside_link: "bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300",
  contract: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  other: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

/** "leaked the hidden canary" → "Leaked the hidden canary" */
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function ColumnAttacks({ column, attacks }: { column: GridColumn; attacks: GridRow[] }) {
  const rows = attacks.flatMap((r) => {
    const cell = r.cells.get(column.id);
    return cell ? [{ row: r, outcome: attackOutcome(cell.results) }] : [];
  });
  const through = rows.filter((x): x is { row: GridRow; outcome: Extract<AttackOutcome, { status: "through" }> } => x.outcome.status === "through");
  const held = rows.filter((x) => x.outcome.status === "held");
  const unanswered = rows.filter((x): x is { row: GridRow; outcome: Extract<AttackOutcome, { status: "no_answer" }> } => x.outcome.status === "no_answer");
  const counts = breachCounts(rows.map((x) => x.outcome));
  const ways = BREACH_KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${BREACH_LABEL[k]}`);
  return (
    <div className="space-y-1">
      <p className={through.length ? "font-medium text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}>
        {column.label}: {through.length} of {rows.length} attacks got through
        {ways.length > 0 && <span className="font-normal text-zinc-700 dark:text-zinc-300"> ({ways.join(", ")})</span>}
      </p>
      {through.length > 0 && (
        <ul aria-label={`Attacks that got through on ${column.label}`} className="space-y-1 text-xs">
          {through.map(({ row, outcome }) => (
            <li key={row.caseId} className="rounded border-l-4 border-red-600 bg-red-50/60 px-2 py-1 dark:bg-red-950/40">
              <span className="font-medium">{row.name || row.caseId}</span>
              {outcome.runs > 1 && (
                <span className="text-zinc-600 dark:text-zinc-400">
                  {" "}
                  (in {outcome.breachedRuns} of {outcome.runs} repeats)
                </span>
              )}
              <ul className="mt-0.5 space-y-0.5">
                {outcome.breaches.map((b) => (
                  <li key={b.kind} data-breach={b.kind} className="flex flex-wrap items-baseline gap-1">
                    <span className={`rounded px-1 text-[11px] font-medium ${BADGE[b.kind]}`}>{capital(BREACH_LABEL[b.kind])}</span>
                    <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">{b.reasons.join(" · ")}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {held.length > 0 && <p className="text-xs text-emerald-700 dark:text-emerald-400">Held: {held.map((x) => x.row.name || x.row.caseId).join(", ")}</p>}
      {unanswered.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-400">
          Not tested (no answer): {unanswered.map((x) => `${x.row.name || x.row.caseId} (${x.outcome.reason})`).join(", ")}
        </p>
      )}
    </div>
  );
}

export function AttacksView({ rows, columns }: { rows: GridRow[]; columns: GridColumn[] }) {
  const attacks = rows.filter((r) => r.split === "adversarial");
  if (!attacks.length) return null;
  return (
    <section aria-label="Injection attacks" className="space-y-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300">Injection attacks that got through</h4>
      {columns.map((c) => (
        <ColumnAttacks key={c.id} column={c} attacks={attacks} />
      ))}
    </section>
  );
}
