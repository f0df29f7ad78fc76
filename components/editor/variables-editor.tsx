/** The typed variable declarations: name, type, description, required, default, options, test value. */
import { useRef } from "react";
import type { Contract, Variable, VariableType } from "../../contracts/index.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, SelectField, TextField } from "../ui/field.tsx";
import { issuesAt, issuesUnder, type FieldIssue } from "../ui/issues.ts";
import { StringListField, move } from "../ui/string-list-field.tsx";
import { useFocusLater } from "../ui/use-focus-later.ts";
import type { PanelProps } from "./panel-props.ts";
import { VariableValueInput } from "./variable-value-input.tsx";

const TYPES: readonly { value: VariableType; label: string }[] = [
  { value: "string", label: "string" },
  { value: "number", label: "number" },
  { value: "boolean", label: "boolean" },
  { value: "enum", label: "enum" },
  { value: "json", label: "json" },
];

function nextName(vars: readonly Variable[]): string {
  const names = new Set(vars.map((v) => v.name));
  for (let i = 1; ; i++) if (!names.has(`variable_${i}`)) return `variable_${i}`;
}

/** Changing the type drops values that no longer fit it (they would be errors). */
function retype(v: Variable, type: VariableType): Variable {
  const { default: _d, testValue: _t, options: _o, ...rest } = v;
  return { ...rest, type, ...(type === "enum" ? { options: v.options ?? ["option_a"] } : {}) };
}

export function VariablesEditor({
  contract,
  onChange,
  onRemove,
  pending,
  onPending,
  issues,
}: {
  contract: Contract;
  onChange: (recipe: (c: Contract) => Contract) => void;
  onRemove: PanelProps["onRemove"];
  pending: PanelProps["pending"];
  onPending: PanelProps["onPending"];
  issues: readonly FieldIssue[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const focusLater = useFocusLater(ref);
  const vars = contract.variables;
  const setVar = (i: number, patch: (v: Variable) => Variable) => onChange((c) => ({ ...c, variables: c.variables.map((v, j) => (j === i ? patch(v) : v)) }));
  // Pending JSON text of a variable's values is keyed by its index: it follows a move, and goes with a retype.
  const VALUE_FIELDS = ["default", "testValue"] as const;
  const moveVar = (i: number, j: number) => {
    onChange((c) => ({ ...c, variables: move(c.variables, i, j) }));
    for (const f of VALUE_FIELDS) {
      const a = pending[`variables[${i}].${f}`];
      const b = pending[`variables[${j}].${f}`];
      onPending(`variables[${i}].${f}`, b ?? null);
      onPending(`variables[${j}].${f}`, a ?? null);
    }
  };
  return (
    <div ref={ref} data-field="variables" className="field space-y-2 rounded-md">
      {vars.length === 0 && <p className="text-xs text-zinc-500">No variables declared. Add one for each {"{{name}}"} the instruction uses.</p>}
      {vars.map((v, i) => {
        const path = `variables[${i}]`;
        const n = i + 1;
        return (
          <fieldset key={i} data-field={path} className="field rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <legend className="px-1 font-mono text-xs text-zinc-500">{`{{${v.name}}}`}</legend>
            <div className="grid grid-cols-[1fr_7rem_auto] items-end gap-2">
              <TextField
                label={`Variable ${n} name`}
                path={`${path}.name`}
                mono
                value={v.name}
                issues={issuesAt(issues, `${path}.name`)}
                onChange={(name) => setVar(i, (x) => ({ ...x, name }))}
              />
              <SelectField
                label={`Variable ${n} type`}
                path={`${path}.type`}
                value={v.type}
                options={TYPES}
                onChange={(t) => {
                  setVar(i, (x) => retype(x, t));
                  for (const f of VALUE_FIELDS) onPending(`${path}.${f}`, null);
                }}
              />
              <div className="flex items-center gap-0.5 pb-1">
                <IconButton label={`Move variable ${n} up`} disabled={i === 0} onClick={() => moveVar(i, i - 1)}>
                  ↑
                </IconButton>
                <IconButton label={`Move variable ${n} down`} disabled={i === vars.length - 1} onClick={() => moveVar(i, i + 1)}>
                  ↓
                </IconButton>
                <IconButton label={`Remove variable ${n}`} onClick={() => onRemove("variables", i, `variable ${n} ('${v.name}')`)}>
                  ✕
                </IconButton>
              </div>
            </div>
            <div className="mt-2 grid grid-cols-[1fr_auto_auto] items-end gap-2">
              <TextField
                label={`Variable ${n} description`}
                path={`${path}.description`}
                value={v.description}
                onChange={(description) => setVar(i, (x) => ({ ...x, description }))}
              />
              <CheckboxField
                label="Required"
                path={`${path}.required`}
                checked={v.required}
                onChange={(required) => setVar(i, (x) => ({ ...x, required }))}
                className="pb-1.5"
              />
              {/* Untrusted: the value (a ticket body, a user's text) is delimited in the context packet, not filled into the task. Unticking removes the key, so the file stays as it was. */}
              <CheckboxField
                label="Untrusted (delimit in the context packet)"
                path={`${path}.untrusted`}
                checked={v.untrusted === true}
                onChange={(on) => setVar(i, ({ untrusted: _, ...x }) => (on ? { ...x, untrusted: true } : x))}
                className="pb-1.5"
              />
            </div>
            {v.type === "enum" && (
              // One row per option: an option may contain a comma ("web, phone"), and nothing typed is dropped.
              <StringListField
                className="mt-2"
                label={`Variable ${n} options`}
                itemLabel={`Variable ${n} option`}
                addLabel="Add option"
                emptyText="No options yet: an enum needs at least one."
                singleLine
                values={v.options ?? []}
                path={`${path}.options`}
                issues={issuesUnder(issues, `${path}.options`)}
                onChange={(options) => setVar(i, (x) => ({ ...x, options }))}
                onRemove={(j) => onRemove(`${path}.options`, j, `option ${j + 1} of variable ${n}`)}
              />
            )}
            <div className="mt-2 grid grid-cols-2 gap-2">
              <VariableValueInput
                variable={v}
                label={`Variable ${n} default`}
                path={`${path}.default`}
                value={v.default}
                issues={issuesAt(issues, `${path}.default`)}
                pending={pending[`${path}.default`]}
                onPending={(p) => onPending(`${path}.default`, p)}
                onChange={(d) => setVar(i, ({ default: _old, ...x }) => (d === undefined ? x : { ...x, default: d }))}
              />
              <VariableValueInput
                variable={v}
                label={`Variable ${n} test value`}
                path={`${path}.testValue`}
                value={v.testValue}
                issues={issuesAt(issues, `${path}.testValue`)}
                pending={pending[`${path}.testValue`]}
                onPending={(p) => onPending(`${path}.testValue`, p)}
                onChange={(t) => setVar(i, ({ testValue: _old, ...x }) => (t === undefined ? x : { ...x, testValue: t }))}
              />
            </div>
            <FieldIssues issues={issuesAt(issues, path)} />
          </fieldset>
        );
      })}
      <Button
        size="xs"
        variant="ghost"
        className="text-indigo-700 dark:text-indigo-300"
        onClick={() => {
          onChange((c) => ({ ...c, variables: [...c.variables, { name: nextName(c.variables), type: "string", description: "", required: true }] }));
          focusLater(`variables[${vars.length}].name`);
        }}
      >
        <span aria-hidden>+</span> Add variable
      </Button>
    </div>
  );
}
