/**
 * Labelled form fields. Each carries `data-field` (its JSON path) on its wrapper so the
 * preview can highlight and focus it, and shows its own issues inline under the input.
 */
import { useId, type ReactNode } from "react";
import type { FieldIssue } from "./issues.ts";

export const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

export const labelClass = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

export function FieldIssues({ issues, id }: { issues: readonly FieldIssue[]; id?: string }) {
  if (!issues.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs">
      {issues.map((i, n) => (
        <li key={n} className={i.severity === "error" ? "text-red-600 dark:text-red-400" : "text-amber-700 dark:text-amber-400"}>
          <span aria-hidden>{i.severity === "error" ? "✕ " : "⚠ "}</span>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

interface BaseProps {
  label: string;
  path?: string;
  issues?: readonly FieldIssue[];
  hint?: ReactNode;
  hideLabel?: boolean;
  className?: string;
}

function Shell({
  label,
  path,
  issues = [],
  hint,
  hideLabel,
  className = "",
  children,
}: BaseProps & { children: (p: { id: string; describedBy?: string; invalid: boolean }) => ReactNode }) {
  const id = useId();
  const errId = `${id}-issues`;
  return (
    <div data-field={path} className={`field rounded-md ${className}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : `${labelClass} mb-0.5`}>
        {label}
      </label>
      {children({ id, describedBy: issues.length ? errId : undefined, invalid: issues.some((i) => i.severity === "error") })}
      {hint && <p className="mt-0.5 text-xs text-zinc-500">{hint}</p>}
      <FieldIssues issues={issues} id={errId} />
    </div>
  );
}

export function TextField({
  value,
  onChange,
  placeholder,
  mono,
  ...base
}: BaseProps & { value: string; onChange: (v: string) => void; placeholder?: string; mono?: boolean }) {
  return (
    <Shell {...base}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          className={`${inputClass} ${mono ? "font-mono" : ""}`}
          value={value}
          placeholder={placeholder}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Shell>
  );
}

export function NumberField({
  value,
  onChange,
  step,
  ...base
}: BaseProps & { value: number | undefined; onChange: (v: number | undefined) => void; step?: number }) {
  return (
    <Shell {...base}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          step={step}
          className={inputClass}
          value={value ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      )}
    </Shell>
  );
}

export function TextAreaField({
  value,
  onChange,
  rows = 4,
  placeholder,
  mono,
  ...base
}: BaseProps & { value: string; onChange: (v: string) => void; rows?: number; placeholder?: string; mono?: boolean }) {
  return (
    <Shell {...base}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          rows={rows}
          className={`${inputClass} resize-y leading-relaxed [field-sizing:content] ${mono ? "font-mono text-[13px]" : ""}`}
          style={{ minHeight: `${rows * 1.6 + 0.6}em`, maxHeight: "28em" }}
          value={value}
          placeholder={placeholder}
          spellCheck={!mono}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Shell>
  );
}

export function SelectField<T extends string>({
  value,
  onChange,
  options,
  ...base
}: BaseProps & { value: T; onChange: (v: T) => void; options: readonly { value: T; label: string }[] }) {
  return (
    <Shell {...base}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className={inputClass}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  path,
  issues = [],
  className = "",
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  path?: string;
  issues?: readonly FieldIssue[];
  className?: string;
}) {
  const id = useId();
  return (
    <div data-field={path} className={`field rounded-md ${className}`}>
      <div className="flex items-center gap-1.5">
        <input
          id={id}
          type="checkbox"
          className="h-3.5 w-3.5 rounded border-zinc-300 accent-indigo-600"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id} className="text-sm text-zinc-700 dark:text-zinc-300">
          {label}
        </label>
      </div>
      <FieldIssues issues={issues} />
    </div>
  );
}

/** A titled group of fields, with an optional token count. */
export function Section({ title, tokens, children, actions }: { title: string; tokens?: number | null; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-label={title} className="space-y-3 border-b border-zinc-200 pb-4 last:border-b-0 dark:border-zinc-800">
      <div className="flex items-center gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
        {tokens != null && <TokenBadge count={tokens} />}
        <div className="ml-auto flex gap-1">{actions}</div>
      </div>
      {children}
    </section>
  );
}

// One formatter for every count: toLocaleString builds a new one per call (slow × 500 items).
const NUMBER = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => NUMBER.format(n);

export function TokenBadge({ count, label = "tokens" }: { count: number | null | undefined; label?: string }) {
  return (
    <span className="rounded bg-zinc-100 px-1.5 py-px font-mono text-[11px] tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
      {count == null ? "…" : formatCount(count)} {label}
    </span>
  );
}
