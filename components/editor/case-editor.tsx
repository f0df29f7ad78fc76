/**
 * One test case's form: its variable values (one input per declared variable, typed), its
 * split and tags (when the case format has them), its context override
 * (context-override-editor.tsx), its assertions (a form per type, derived from
 * the assertion schema: assertion-fields.ts) and, read-only, the checks every case gets from
 * the contract itself.
 */
import type { Contract, TestCase } from "../../contracts/index.ts";
import { describeAssertion } from "../../contracts/eval/assertions/registry.ts";
import { impliedAssertions } from "../../contracts/eval/evaluate.ts";
import { AssertionSchema, TestCaseSchema } from "../../contracts/schema/tests.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";
import { issuesUnder, type FieldIssue } from "../ui/issues.ts";
import { assertionForms, newAssertion, paramLabel, typeLabel, type ParamField } from "./assertion-fields.ts";
import type { PendingText } from "./panel-props.ts";
import { VariableValueInput } from "./variable-value-input.tsx";
import { GraderPrompt } from "../suite/grader-prompt.tsx";
import { CaseToolsEditor } from "./case-tools-editor.tsx";
import { ContextOverrideEditor } from "./context-override-editor.tsx";

const FORMS = assertionForms(AssertionSchema);
const SHAPE = TestCaseSchema.shape as Record<string, unknown>;
/** The case format gains split and tags with the evaluation work; the form shows them once it has them. */
export const CASES_HAVE_SPLIT = "split" in SHAPE;
export const CASES_HAVE_TAGS = "tags" in SHAPE;
const SPLITS = ["dev", "holdout", "adversarial"];

/** The checks every case gets from the contract, in the registry's words (issue 8 item 2). */
export function impliedChecks(contract: Contract): string[] {
  return impliedAssertions(contract).map(describeAssertion);
}

type Assertion = TestCase["assertions"][number];

function ParamInput({ field, value, onChange, label }: { field: ParamField; value: unknown; onChange: (v: unknown) => void; label: string }) {
  switch (field.kind) {
    case "boolean":
      return (
        <label className="inline-flex items-center gap-1 text-xs">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
      );
    case "number":
      return (
        <label className={labelClass}>
          {label}
          <input
            type="number"
            className={`${inputClass} w-28`}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          />
        </label>
      );
    case "enum":
      return (
        <label className={labelClass}>
          {label}
          <select className={inputClass} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
            {field.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
      );
    case "strings":
      return (
        <label className={`${labelClass} min-w-32 flex-1`}>
          {label} (one per line)
          <textarea
            rows={2}
            className={inputClass}
            value={Array.isArray(value) ? value.join("\n") : ""}
            onChange={(e) => onChange(e.target.value.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1))}
          />
        </label>
      );
    case "json":
      return (
        <label className={`${labelClass} min-w-32 flex-1`}>
          {label} (JSON)
          <input
            className={`${inputClass} font-mono text-xs`}
            defaultValue={JSON.stringify(value ?? null)}
            onChange={(e) => {
              try {
                onChange(JSON.parse(e.target.value));
              } catch {
                // Not JSON yet: the contract keeps the last value that parsed.
              }
            }}
          />
        </label>
      );
    default:
      return (
        <label className={`${labelClass} min-w-32 flex-1`}>
          {label}
          <input className={inputClass} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />
        </label>
      );
  }
}

function AssertionRow({
  assertion,
  label,
  onChange,
  onRemove,
  issues,
}: {
  assertion: Assertion;
  label: string;
  onChange: (a: Assertion) => void;
  onRemove: () => void;
  issues: readonly FieldIssue[];
}) {
  const form = FORMS.find((f) => f.type === assertion.type);
  const params = assertion as unknown as Record<string, unknown>;
  return (
    <li className="space-y-1 rounded border border-zinc-200 p-1.5 dark:border-zinc-700">
      <div className="flex flex-wrap items-end gap-2">
        {/* A fixed width: sized by its longest option, the type list left the value a sliver at 1024 px. */}
        <label className={`${labelClass} w-40 shrink-0`}>
          {label} type
          <select
            className={inputClass}
            value={assertion.type}
            onChange={(e) => {
              const next = FORMS.find((f) => f.type === e.target.value);
              if (next) onChange(newAssertion(next) as Assertion);
            }}
          >
            {FORMS.map((f) => (
              <option key={f.type} value={f.type}>
                {typeLabel(f.type)}
              </option>
            ))}
          </select>
        </label>
        {form?.fields.map((f) => (
          <ParamInput
            key={f.name}
            field={f}
            label={`${paramLabel(f.name)}`}
            value={params[f.name]}
            onChange={(v) => onChange({ ...params, [f.name]: v } as Assertion)}
          />
        ))}
        <IconButton label={`Remove ${label}`} className="mb-1 ml-auto" onClick={onRemove}>
          ✕
        </IconButton>
      </div>
      {assertion.type === "rubric" && (
        <GraderPrompt
          label={`${label} grader prompt (as it will be sent)`}
          rubric={typeof params.rubric === "string" && params.rubric.trim() ? params.rubric : "(write the rubric above)"}
          task="[the request's user message: the task with this case's values and its context packet]"
          answer="[the answer being graded]"
          model=""
        />
      )}
      {issues.map((i, n) => (
        <p key={n} className="text-xs text-red-600 dark:text-red-400">
          {i.message}
        </p>
      ))}
    </li>
  );
}

export function CaseEditor({
  contract,
  testCase,
  index,
  onChange,
  issues,
  pending,
  onPending,
}: {
  contract: Contract;
  testCase: TestCase;
  index: number;
  onChange: (patch: Partial<TestCase>) => void;
  issues: readonly FieldIssue[];
  pending: Record<string, PendingText>;
  onPending: (path: string, p: PendingText | null) => void;
}) {
  const path = `tests[${index}]`;
  const n = index + 1;
  const loose = testCase as TestCase & { split?: string; tags?: string[] };
  return (
    <div className="space-y-2">
      {(CASES_HAVE_SPLIT || CASES_HAVE_TAGS) && (
        <div className="flex flex-wrap items-end gap-2">
          {CASES_HAVE_SPLIT && (
            <label className={labelClass}>
              Test {n} split
              <select className={inputClass} value={loose.split ?? "dev"} onChange={(e) => onChange({ split: e.target.value } as Partial<TestCase>)}>
                {SPLITS.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
          )}
          {CASES_HAVE_TAGS && (
            <label className={`${labelClass} min-w-32 flex-1`}>
              Test {n} tags (comma-separated)
              <input
                className={inputClass}
                value={(loose.tags ?? []).join(", ")}
                onChange={(e) =>
                  onChange({
                    tags: e.target.value
                      .split(",")
                      .map((t) => t.trim())
                      .filter(Boolean),
                  } as Partial<TestCase>)
                }
              />
            </label>
          )}
        </div>
      )}
      {contract.variables.length > 0 && (
        <fieldset className="grid grid-cols-2 gap-2">
          <legend className={labelClass}>Test {n} variable values</legend>
          {contract.variables.map((v) => (
            <VariableValueInput
              key={v.name}
              variable={v}
              label={`Test ${n} ${v.name}`}
              path={`${path}.variables.${v.name}`}
              value={testCase.variables[v.name]}
              issues={issuesUnder(issues, `${path}.variables.${v.name}`)}
              pending={pending[`${path}.variables.${v.name}`]}
              onPending={(p) => onPending(`${path}.variables.${v.name}`, p)}
              onChange={(value) => {
                const variables = { ...testCase.variables };
                if (value === undefined) delete variables[v.name];
                else variables[v.name] = value;
                onChange({ variables });
              }}
            />
          ))}
        </fieldset>
      )}
      <ContextOverrideEditor contract={contract} testCase={testCase} index={index} issues={issues} onChange={(context) => onChange({ context })} />
      <CaseToolsEditor
        contract={contract}
        testCase={testCase}
        index={index}
        issues={issues}
        pending={pending[`${path}.tools.results`]}
        onPending={(p) => onPending(`${path}.tools.results`, p)}
        onChange={(tools) => onChange({ tools })}
      />
      <div>
        <h4 className={labelClass}>Test {n} assertions</h4>
        <ul className="space-y-1" aria-label={`Test ${n} assertions`}>
          {testCase.assertions.map((a, j) => (
            <AssertionRow
              key={j}
              assertion={a}
              label={`Test ${n} assertion ${j + 1}`}
              issues={issuesUnder(issues, `${path}.assertions[${j}]`)}
              onChange={(next) => onChange({ assertions: testCase.assertions.map((x, k) => (k === j ? next : x)) })}
              onRemove={() => onChange({ assertions: testCase.assertions.filter((_, k) => k !== j) })}
            />
          ))}
        </ul>
        <Button
          size="xs"
          className="mt-1"
          onClick={() => onChange({ assertions: [...testCase.assertions, newAssertion(FORMS.find((f) => f.type === "contains") ?? FORMS[0]!) as Assertion] })}
        >
          <span aria-hidden>+</span> Add assertion to test {n}
        </Button>
      </div>
      <div>
        <h4 className={labelClass}>From the contract (every case, read-only)</h4>
        <ul className="ml-4 list-disc text-xs text-zinc-600 dark:text-zinc-400" aria-label={`Test ${n} checks from the contract`}>
          {impliedChecks(contract).map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
