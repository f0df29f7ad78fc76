/** An editable list of strings: add, remove, move up and down. Each row is labelled. */
import { FieldIssues, inputClass, labelClass } from "./field.tsx";
import { Button, IconButton } from "./button.tsx";
import { issuesAt, type FieldIssue } from "./issues.ts";

export interface StringListFieldProps {
  /** The group's label, e.g. "Policy rules". */
  label: string;
  /** One row's label, numbered: "Policy rule 1". */
  itemLabel: string;
  /** The noun for the add button: "Add policy rule". */
  addLabel: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  path: string;
  issues?: readonly FieldIssue[];
  placeholder?: string;
  emptyText?: string;
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

export function StringListField({ label, itemLabel, addLabel, values, onChange, path, issues = [], placeholder, emptyText }: StringListFieldProps) {
  return (
    <fieldset data-field={path} className="field rounded-md">
      <legend className={`${labelClass} mb-1`}>{label}</legend>
      {values.length === 0 && <p className="mb-1 text-xs text-zinc-500">{emptyText ?? "None yet."}</p>}
      <ol className="space-y-1">
        {values.map((v, i) => {
          const rowPath = `${path}[${i}]`;
          const rowIssues = issuesAt(issues, rowPath);
          return (
            <li key={i} data-field={rowPath} className="field rounded-md">
              <div className="flex items-start gap-1">
                <span className="w-5 shrink-0 pt-1.5 text-right font-mono text-[11px] text-zinc-400" aria-hidden>
                  {i + 1}
                </span>
                <textarea
                  rows={1}
                  className={`${inputClass} resize-none [field-sizing:content]`}
                  aria-label={`${itemLabel} ${i + 1}`}
                  value={v}
                  placeholder={placeholder}
                  aria-invalid={rowIssues.some((x) => x.severity === "error") || undefined}
                  onChange={(e) => onChange(values.map((x, j) => (j === i ? e.target.value : x)))}
                />
                <IconButton label={`Move ${itemLabel.toLowerCase()} ${i + 1} up`} disabled={i === 0} onClick={() => onChange(move(values, i, i - 1))}>
                  ↑
                </IconButton>
                <IconButton
                  label={`Move ${itemLabel.toLowerCase()} ${i + 1} down`}
                  disabled={i === values.length - 1}
                  onClick={() => onChange(move(values, i, i + 1))}
                >
                  ↓
                </IconButton>
                <IconButton label={`Remove ${itemLabel.toLowerCase()} ${i + 1}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>
                  ✕
                </IconButton>
              </div>
              <div className="pl-6">
                <FieldIssues issues={rowIssues} />
              </div>
            </li>
          );
        })}
      </ol>
      <FieldIssues issues={issuesAt(issues, path)} />
      <Button size="xs" variant="ghost" className="mt-1 text-indigo-700 dark:text-indigo-300" onClick={() => onChange([...values, ""])}>
        <span aria-hidden>+</span> {addLabel}
      </Button>
    </fieldset>
  );
}
