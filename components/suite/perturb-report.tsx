/**
 * The robustness report of a perturbed suite (contracts/eval/perturb/report.ts): the pass
 * rate on style variants beside the originals', per generator, and the cases whose behaviour
 * changes with style, each change in a sentence.
 */
import { PERTURBATION_LABELS } from "../../contracts/eval/perturb/generators.ts";
import type { Rate, RobustnessReport } from "../../contracts/eval/perturb/report.ts";

const pct = (r: Rate) => (r.rate === null ? "n/a" : `${Math.round(r.rate * 1000) / 10}% (${r.passed} of ${r.of})`);

export function PerturbReport({ report, caseName, column }: { report: RobustnessReport; caseName: (id: string) => string; column: string }) {
  return (
    <section aria-label="Perturbation report" className="space-y-2 text-sm">
      <h3 className="font-medium">Robustness to prompt styles · {column}</h3>
      <p>
        {report.cases} {report.cases === 1 ? "case" : "cases"}, {report.variantsPerCase} variants per case ({report.variants} in all)
        {report.skipped.length > 0 && `; ${report.skipped.length} without a text value to vary: ${report.skipped.map(caseName).join(", ")}`}.
      </p>
      <table className="w-full text-left text-xs" aria-label="Pass rates">
        <thead>
          <tr className="text-zinc-500">
            <th scope="col" className="font-normal">
              Written as
            </th>
            <th scope="col" className="font-normal">
              Pass rate
            </th>
            <th scope="col" className="font-normal">
              Cases changed
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-zinc-100 font-medium dark:border-zinc-800">
            <th scope="row">originals</th>
            <td>{pct(report.original)}</td>
            <td />
          </tr>
          <tr className="border-t border-zinc-100 font-medium dark:border-zinc-800">
            <th scope="row">all variants</th>
            <td>{pct(report.perturbed)}</td>
            <td>{report.changed.length}</td>
          </tr>
          {report.byKind.map((k) => (
            <tr key={k.kind} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="font-normal">
                {PERTURBATION_LABELS[k.kind]}
              </th>
              <td>{pct(k.rate)}</td>
              <td>{k.changed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-zinc-500">
        Checks passed (every assertion of every case): originals {pct(report.originalChecks)}, variants {pct(report.perturbedChecks)}.
      </p>
      <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Cases whose behaviour changes with style</h4>
      {report.changed.length === 0 ? (
        <p className="text-xs text-zinc-500">None: every variant behaves as its original.</p>
      ) : (
        <ul aria-label="Cases that change with style" className="space-y-1 text-xs">
          {report.changed.map((c) => (
            <li key={c.caseId}>
              <span className="font-medium">{caseName(c.caseId)}</span>
              <ul className="ml-4 list-disc">
                {c.changes.map((ch) => (
                  <li key={ch.variantId}>{ch.change}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
