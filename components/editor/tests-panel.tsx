/**
 * Test cases: id, name, variable values and assertions (as JSON for now). JSON that does not
 * parse, or has the wrong shape, is kept as the field's pending text (saved with the draft,
 * counted as an error) while the contract keeps the last value that applied.
 */
import { useRef } from "react";
import type { TestCase } from "../../contracts/index.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { FieldIssues, TextField, inputClass, labelClass } from "../ui/field.tsx";
import { issuesAt, issuesUnder, type FieldIssue } from "../ui/issues.ts";
import type { PanelProps, PendingText } from "./panel-props.ts";
import { useFocusLater } from "../ui/use-focus-later.ts";
import { parseErrorText, usePendingJson } from "./use-pending-json.ts";
import { useFocusRequest } from "./use-focus-request.ts";

function nextId(tests: readonly TestCase[]): string {
  const ids = new Set(tests.map((t) => t.id));
  for (let i = tests.length + 1; ; i++) if (!ids.has(`case-${i}`)) return `case-${i}`;
}

export function TestsPanel({ contract, onChange, onRemove, pending, onPending, issues, focusRequest }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  const focusLater = useFocusLater(ref);
  useFocusRequest(ref, focusRequest);
  const tests = contract.tests;
  const setTest = (i: number, patch: Partial<TestCase>) => onChange((c) => ({ ...c, tests: c.tests.map((t, j) => (j === i ? { ...t, ...patch } : t)) }));
  return (
    <div ref={ref} data-field="tests" className="field space-y-3 rounded-md">
      <div className="flex items-center">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Test cases ({tests.length})</h3>
        <Button
          size="xs"
          variant="primary"
          className="ml-auto"
          onClick={() => {
            onChange((c) => ({ ...c, tests: [...c.tests, { id: nextId(c.tests), name: "", variables: {}, assertions: [] }] }));
            focusLater(`tests[${tests.length}].id`);
          }}
        >
          <span aria-hidden>+</span> Add test case
        </Button>
      </div>
      {tests.length === 0 && (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No test cases yet. Add one with variable values and the assertions its answer must pass.
        </p>
      )}
      {tests.map((t, i) => {
        const path = `tests[${i}]`;
        const n = i + 1;
        return (
          <div key={i} data-field={path} className="field space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <div className="grid grid-cols-[10rem_1fr_auto] items-end gap-2">
              <TextField
                label={`Test ${n} id`}
                path={`${path}.id`}
                mono
                value={t.id}
                issues={issuesAt(issues, `${path}.id`)}
                onChange={(id) => setTest(i, { id })}
              />
              <TextField label={`Test ${n} name`} path={`${path}.name`} value={t.name} onChange={(name) => setTest(i, { name })} />
              <IconButton label={`Remove test case ${n}`} className="mb-1" onClick={() => onRemove("tests", i, `test case ${n} (${t.id})`)}>
                ✕
              </IconButton>
            </div>
            <div className="grid grid-cols-2 gap-2">
              <JsonField
                label={`Test ${n} variables (JSON)`}
                path={`${path}.variables`}
                value={t.variables}
                issues={issuesUnder(issues, `${path}.variables`)}
                shape='an object of variable values, like {"ticket": "…"}'
                isValid={(v) => typeof v === "object" && v !== null && !Array.isArray(v)}
                onChange={(v) => setTest(i, { variables: v as TestCase["variables"] })}
                pending={pending[`${path}.variables`]}
                onPending={(p) => onPending(`${path}.variables`, p)}
              />
              <JsonField
                label={`Test ${n} assertions (JSON)`}
                path={`${path}.assertions`}
                value={t.assertions}
                issues={issuesUnder(issues, `${path}.assertions`)}
                shape="an array of assertions"
                isValid={Array.isArray}
                onChange={(v) => setTest(i, { assertions: v as TestCase["assertions"] })}
                pending={pending[`${path}.assertions`]}
                onPending={(p) => onPending(`${path}.assertions`, p)}
              />
            </div>
            {t.context && (
              <p className="text-xs text-zinc-500">
                Context override: {t.context.replace ? "replaces" : "adds to"} the packet with {t.context.items.length} item(s) (edit in Raw).
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

function JsonField({
  label,
  path,
  value,
  onChange,
  isValid,
  shape,
  issues,
  pending,
  onPending,
}: {
  label: string;
  path: string;
  value: unknown;
  onChange: (v: unknown) => void;
  isValid: (v: unknown) => boolean;
  /** What the value must be, for the error: "an array of assertions". */
  shape: string;
  /** Its error is in `issues` (the store counts it); the text is shown here. */
  issues: readonly FieldIssue[];
  pending: PendingText | undefined;
  onPending: (p: PendingText | null) => void;
}) {
  const { text, setText } = usePendingJson({
    value,
    format: (v) => JSON.stringify(v, null, 2),
    parse: (t) => {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (err) {
        return { ok: false, message: `not valid JSON (${parseErrorText(err)}); the last valid value is used until it parses` };
      }
      return isValid(v) ? { ok: true, value: v } : { ok: false, message: `must be ${shape}; the last valid value is used until it is` };
    },
    onChange,
    pending,
    onPending,
  });
  const id = `${path}-json`;
  return (
    <div data-field={path} className="field rounded-md">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        className={`${inputClass} font-mono text-[12px]`}
        value={text}
        aria-invalid={!!pending || undefined}
        aria-describedby={issues.length ? `${id}-issues` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <FieldIssues issues={issues} id={`${id}-issues`} />
    </div>
  );
}
