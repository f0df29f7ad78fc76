/** A value typed by its variable's declared type: text, number, true/false, an option, or JSON. */
import { useId, useState } from "react";
import type { Variable } from "../../contracts/index.ts";
import { FieldIssues, inputClass, labelClass } from "../ui/field.tsx";
import type { FieldIssue } from "../ui/issues.ts";
import type { PendingText } from "./panel-props.ts";
import { parseErrorText, usePendingJson } from "./use-pending-json.ts";

const UNSET = "__unset__";

export function VariableValueInput({
  variable,
  value,
  onChange,
  label,
  path,
  issues,
  pending,
  onPending,
}: {
  variable: Variable;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  path: string;
  /** With `onPending`, includes the pending text's error (the store counts it). */
  issues: readonly FieldIssue[];
  /** JSON text that does not parse yet, kept with the draft; without `onPending` it stays in this field only. */
  pending?: PendingText;
  onPending?: (p: PendingText | null) => void;
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
        return onPending ? (
          <PendingJsonValueInput id={id} value={value} onChange={onChange} pending={pending} onPending={onPending} />
        ) : (
          <JsonValueInput id={id} value={value} onChange={onChange} />
        );
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

const showJson = (v: unknown) => (v === undefined ? "" : JSON.stringify(v));

/** JSON typed as text whose unparsable text is kept with the draft (its error comes through `issues`). */
function PendingJsonValueInput({
  id,
  value,
  onChange,
  pending,
  onPending,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  pending: PendingText | undefined;
  onPending: (p: PendingText | null) => void;
}) {
  const { text, setText } = usePendingJson({
    value,
    format: showJson,
    parse: (t) => {
      // Cleared means "no value", as for the other types.
      if (!t.trim()) return { ok: true, value: undefined };
      try {
        return { ok: true, value: JSON.parse(t) as unknown };
      } catch (err) {
        return { ok: false, message: `not valid JSON (${parseErrorText(err)}); the last valid value is used until it parses` };
      }
    },
    onChange,
    pending,
    onPending,
  });
  return (
    <textarea
      id={id}
      rows={2}
      className={`${inputClass} font-mono text-[13px]`}
      value={text}
      aria-invalid={!!pending || undefined}
      onChange={(e) => setText(e.target.value)}
    />
  );
}

/** Whether `text` parses to the JSON that `shown` is. */
function meansSame(text: string, shown: string): boolean {
  try {
    return !!text.trim() && JSON.stringify(JSON.parse(text)) === shown;
  } catch {
    return false;
  }
}

/** JSON typed as text: unparsable text stays here with its error; the store keeps the last valid value. */
function JsonValueInput({ id, value, onChange }: { id: string; value: unknown; onChange: (v: unknown) => void }) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value)));
  const [error, setError] = useState<string | null>(null);
  // A value changed from elsewhere (undo, the raw editor) replaces the text, unless the text is
  // unparsable (kept with its error) or already means that value (kept as typed, spacing and all).
  // Adjusted while rendering, when the value changes, instead of in an effect a frame later.
  const [seenValue, setSeenValue] = useState(value);
  if (value !== seenValue) {
    setSeenValue(value);
    if (!error) {
      const shown = value === undefined ? "" : JSON.stringify(value);
      if (!meansSame(text, shown)) setText(shown);
    }
  }
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
