/** A value typed by its variable's declared type: text, number, true/false, an option, or JSON. */
import { useEffect, useId, useState } from "react";
import type { Variable } from "../../contracts/index.ts";
import { FieldIssues, inputClass, labelClass } from "../ui/field.tsx";
import type { FieldIssue } from "../ui/issues.ts";

const UNSET = "__unset__";

export function VariableValueInput({
  variable,
  value,
  onChange,
  label,
  path,
  issues,
}: {
  variable: Variable;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  path: string;
  issues: readonly FieldIssue[];
}) {
  const id = useId();
  const control = () => {
    switch (variable.type) {
      case "number":
        return (
          <input
            id={id}
            type="number"
            className={inputClass}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          />
        );
      case "boolean":
      case "enum": {
        const options = variable.type === "boolean" ? ["true", "false"] : (variable.options ?? []);
        const current = value === undefined ? UNSET : String(value);
        return (
          <select
            id={id}
            className={inputClass}
            value={current}
            onChange={(e) => {
              const v = e.target.value;
              onChange(v === UNSET ? undefined : variable.type === "boolean" ? v === "true" : v);
            }}
          >
            <option value={UNSET}>(not set)</option>
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        );
      }
      case "json":
        return <JsonValueInput id={id} value={value} onChange={onChange} />;
      default:
        return (
          <input
            id={id}
            type="text"
            className={inputClass}
            value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
            // A cleared field means "no value" (so a required variable reports itself missing);
            // an empty string on purpose can still be written in Raw.
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          />
        );
    }
  };
  return (
    <div data-field={path} className="field rounded-md">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {control()}
      <FieldIssues issues={issues} />
    </div>
  );
}

/** JSON typed as text: unparsable text stays here with its error; the store keeps the last valid value. */
function JsonValueInput({ id, value, onChange }: { id: string; value: unknown; onChange: (v: unknown) => void }) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value)));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (error) return;
    const shown = value === undefined ? "" : JSON.stringify(value);
    setText((t) => {
      try {
        return t.trim() && JSON.stringify(JSON.parse(t)) === shown ? t : shown;
      } catch {
        return shown;
      }
    });
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <textarea
        id={id}
        rows={2}
        className={`${inputClass} font-mono text-[13px]`}
        value={text}
        aria-invalid={!!error || undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (!t.trim()) {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            const v: unknown = JSON.parse(t);
            setError(null);
            onChange(v);
          } catch (err) {
            setError(`not valid JSON yet: ${err instanceof Error ? err.message : String(err)}`);
          }
        }}
      />
      {error && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>}
    </>
  );
}
