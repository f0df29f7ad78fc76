/** Errors and warnings, each with its path; choosing one opens the field it belongs to. */
import type { FieldIssue } from "../ui/issues.ts";

export function IssuesList({ issues, onSelectField }: { issues: readonly FieldIssue[]; onSelectField: (path: string) => void }) {
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return (
    <section aria-label="Issues" className="space-y-1">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
        Issues{" "}
        <span className={errors ? "text-red-600" : "text-zinc-400"}>
          {errors} error{errors === 1 ? "" : "s"}
        </span>
        ,{" "}
        <span className={warnings ? "text-amber-600" : "text-zinc-400"}>
          {warnings} warning{warnings === 1 ? "" : "s"}
        </span>
      </h3>
      {issues.length === 0 ? (
        <p className="text-xs text-zinc-500">No problems: the request below is what will be sent.</p>
      ) : (
        <ul className="space-y-0.5">
          {issues.map((i, n) => (
            <li key={n}>
              <button
                type="button"
                onClick={() => onSelectField(i.path)}
                className="flex w-full items-start gap-1.5 rounded px-1 py-0.5 text-left text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                <span aria-hidden className={i.severity === "error" ? "text-red-600" : "text-amber-600"}>
                  {i.severity === "error" ? "✕" : "⚠"}
                </span>
                <span className="sr-only">{i.severity}: </span>
                <span>
                  <code className="font-mono text-zinc-600 dark:text-zinc-400">{i.path}</code>: {i.message}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
