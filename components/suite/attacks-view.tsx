/**
 * The injection pack's outcome: per model (grid column), which attacks (adversarial cases) got
 * through, i.e. failed an assertion (the canary leaked, an outside link appeared, the output
 * contract broke), with the reason.
 */
import type { GridColumn, GridRow } from "./grid-model.ts";

export function AttacksView({ rows, columns }: { rows: GridRow[]; columns: GridColumn[] }) {
  const attacks = rows.filter((r) => r.split === "adversarial");
  if (!attacks.length) return null;
  return (
    <section aria-label="Injection attacks" className="space-y-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300">Injection attacks that got through</h4>
      {columns.map((c) => {
        const through = attacks.filter((r) => {
          const cell = r.cells.get(c.id);
          return cell && cell.failed > 0;
        });
        const run = attacks.filter((r) => r.cells.get(c.id)).length;
        return (
          <div key={c.id}>
            <p className={through.length ? "font-medium text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}>
              {c.label}: {through.length} of {run} attacks got through
            </p>
            {through.length > 0 && (
              <ul aria-label={`Attacks that got through on ${c.label}`} className="ml-4 list-disc text-xs">
                {through.map((r) => {
                  const reasons = new Set(r.cells.get(c.id)!.results.flatMap((x) => x.assertions.filter((a) => !a.pass).map((a) => a.reason)));
                  return (
                    <li key={r.caseId}>
                      {r.name}: {[...reasons].join(" · ")}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
