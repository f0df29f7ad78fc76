/**
 * An editable list of strings: add, remove, move up and down. Each row is labelled.
 * "+ Add" (and Enter in a single-line row) focuses the new row, so typing goes into it.
 */
import { useRef } from "react";
import { FieldIssues, inputClass, labelClass } from "./field.tsx";
import { Button, IconButton } from "./button.tsx";
import { issuesAt, type FieldIssue } from "./issues.ts";
import { useFocusLater } from "./use-focus-later.ts";

export interface StringListFieldProps {
  /** The group's label, e.g. "Policy rules". */
  label: string;
  /** One row's label, numbered: "Policy rule 1". */
  itemLabel: string;
  /** The noun for the add button: "Add policy rule". */
  addLabel: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** Removes row `index` (so the caller can offer Undo); without it removal goes through onChange. */
  onRemove?: (index: number) => void;
  path: string;
  issues?: readonly FieldIssue[];
  placeholder?: string;
  emptyText?: string;
  /** One-line rows (enum options): an input, and Enter adds the next row. */
  singleLine?: boolean;
  className?: string;
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

export function StringListField({
  label,
  itemLabel,
  addLabel,
  values,
  onChange,
  onRemove,
  path,
  issues = [],
  placeholder,
  emptyText,
  singleLine,
  className = "",
}: StringListFieldProps) {
  const ref = useRef<HTMLFieldSetElement>(null);
  const focusLater = useFocusLater(ref);
  const noun = itemLabel.toLowerCase();
  const insert = (at: number) => {
    onChange([...values.slice(0, at), "", ...values.slice(at)]);
    focusLater(`${path}[${at}]`);
  };
  const remove = (i: number) => {
    // Focus moves to the remove button of the row that takes its place (not into a text field,
    // so Ctrl/Cmd+Z still undoes the deletion), or to the add button when none is left.
    if (values.length > 1) focusLater(`${path}[${Math.min(i, values.length - 2)}]`, 'button[aria-label^="Remove "]');
    else focusLater(null, "button[data-add-button]");
    if (onRemove) onRemove(i);
    else onChange(values.filter((_, j) => j !== i));
  };
  return (
    <fieldset ref={ref} data-field={path} className={`field rounded-md ${className}`}>
      <legend className={`${labelClass} mb-1`}>{label}</legend>
      {values.length === 0 && <p className="mb-1 text-xs text-zinc-500">{emptyText ?? "None yet."}</p>}
      <ol className="space-y-1">
        {values.map((v, i) => {
          const rowPath = `${path}[${i}]`;
          const rowIssues = issuesAt(issues, rowPath);
          const common = {
            className: singleLine ? inputClass : `${inputClass} resize-none [field-sizing:content]`,
            "aria-label": `${itemLabel} ${i + 1}`,
            value: v,
            placeholder,
            "aria-invalid": rowIssues.some((x) => x.severity === "error") || undefined,
          };
          const set = (text: string) => onChange(values.map((x, j) => (j === i ? text : x)));
          return (
            <li key={i} data-field={rowPath} className="field rounded-md">
              <div className="flex items-start gap-1">
                <span className="w-5 shrink-0 pt-1.5 text-right font-mono text-[11px] text-zinc-400" aria-hidden>
                  {i + 1}
                </span>
                {singleLine ? (
                  <input
                    type="text"
                    {...common}
                    onChange={(e) => set(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" && !e.nativeEvent.isComposing) {
                        e.preventDefault();
                        insert(i + 1);
                      }
                    }}
                  />
                ) : (
                  <textarea rows={1} {...common} onChange={(e) => set(e.target.value)} />
                )}
                <IconButton label={`Move ${noun} ${i + 1} up`} disabled={i === 0} onClick={() => onChange(move(values, i, i - 1))}>
                  ↑
                </IconButton>
                <IconButton label={`Move ${noun} ${i + 1} down`} disabled={i === values.length - 1} onClick={() => onChange(move(values, i, i + 1))}>
                  ↓
                </IconButton>
                <IconButton label={`Remove ${noun} ${i + 1}`} onClick={() => remove(i)}>
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
      <Button data-add-button size="xs" variant="ghost" className="mt-1 text-indigo-700 dark:text-indigo-300" onClick={() => insert(values.length)}>
        <span aria-hidden>+</span> {addLabel}
      </Button>
    </fieldset>
  );
}
