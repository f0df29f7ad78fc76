/**
 * Test cases: id, name, and a form per case (case-editor.tsx): variable values, context, assertions by
 * type, the checks implied by the contract. Duplicate copies a case under a fresh id.
 */
import { useRef, useState } from "react";
import type { TestCase } from "../../contracts/index.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { TextField } from "../ui/field.tsx";
import { issuesAt } from "../ui/issues.ts";
import { CaseEditor } from "./case-editor.tsx";
import { CaseTools } from "./case-tools.tsx";
import type { PanelProps } from "./panel-props.ts";
import { useFocusLater } from "../ui/use-focus-later.ts";
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
  const [added, setAdded] = useState<string | null>(null);
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
            onChange((c) => ({ ...c, tests: [...c.tests, { id: nextId(c.tests), name: "", split: "dev", tags: [], variables: {}, assertions: [] }] }));
            focusLater(`tests[${tests.length}].id`);
          }}
        >
          <span aria-hidden>+</span> Add test case
        </Button>
      </div>
      <CaseTools
        contract={contract}
        onAdd={(cases, what) => {
          onChange((c) => ({ ...c, tests: [...c.tests, ...cases] }));
          setAdded(`Added ${what}.`);
        }}
      />
      {added && (
        <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          {added}
        </p>
      )}
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
            <div className="grid grid-cols-[10rem_1fr_auto_auto] items-end gap-2">
              <TextField
                label={`Test ${n} id`}
                path={`${path}.id`}
                mono
                value={t.id}
                issues={issuesAt(issues, `${path}.id`)}
                onChange={(id) => setTest(i, { id })}
              />
              <TextField label={`Test ${n} name`} path={`${path}.name`} value={t.name} onChange={(name) => setTest(i, { name })} />
              <Button
                size="xs"
                className="mb-1"
                aria-label={`Duplicate test case ${n}`}
                onClick={() => {
                  onChange((c) => ({ ...c, tests: [...c.tests.slice(0, i + 1), { ...structuredClone(t), id: nextId(c.tests) }, ...c.tests.slice(i + 1)] }));
                  focusLater(`tests[${i + 1}].id`);
                }}
              >
                Duplicate
              </Button>
              <IconButton label={`Remove test case ${n}`} className="mb-1" onClick={() => onRemove("tests", i, `test case ${n} (${t.id})`)}>
                ✕
              </IconButton>
            </div>
            <CaseEditor
              contract={contract}
              testCase={t}
              index={i}
              onChange={(patch) => setTest(i, patch)}
              issues={issues}
              pending={pending}
              onPending={onPending}
            />
          </div>
        );
      })}
    </div>
  );
}
