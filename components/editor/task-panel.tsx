/** The task: instruction with {{variables}}, its constraints, and the variables it declares. */
import { useMemo, useRef } from "react";
import { findPlaceholders } from "../../contracts/index.ts";
import { Section, TextAreaField } from "../ui/field.tsx";
import { StringListField } from "../ui/string-list-field.tsx";
import { issuesAt, issuesUnder } from "../ui/issues.ts";
import type { PanelProps } from "./panel-props.ts";
import { useFocusRequest } from "./use-focus-request.ts";
import { VariablesEditor } from "./variables-editor.tsx";

export function TaskPanel({ contract, onChange, onRemove, pending, onPending, issues, tokens, focusRequest }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusRequest(ref, focusRequest);
  const { task } = contract;
  const placeholders = useMemo(() => findPlaceholders(task.instruction), [task.instruction]);
  const declared = new Set(contract.variables.map((v) => v.name));
  const used = [...new Set(placeholders.filter((p) => !p.malformed).map((p) => p.name))];

  return (
    <div ref={ref} className="space-y-4">
      <div data-field="task" className="field space-y-3 rounded-md">
        <Section title="Task" tokens={tokens?.task}>
          <TextAreaField
            label="Task instruction"
            path="task.instruction"
            rows={9}
            mono
            value={task.instruction}
            issues={issuesAt(issues, "task.instruction")}
            placeholder="Classify the ticket from {{customer_name}} …"
            hint={
              used.length > 0 ? (
                <span className="flex flex-wrap items-center gap-1">
                  Variables used:
                  {used.map((name) => (
                    <code
                      key={name}
                      className={`rounded px-1 ${declared.has(name) ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" : "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300"}`}
                      title={declared.has(name) ? "declared" : "not declared below"}
                    >
                      {`{{${name}}}`}
                      {!declared.has(name) && " (undeclared)"}
                    </code>
                  ))}
                </span>
              ) : (
                "Markdown. Write {{name}} where a variable's value goes."
              )
            }
            onChange={(instruction) => onChange((c) => ({ ...c, task: { ...c.task, instruction } }))}
          />
          <StringListField
            label="Constraints"
            itemLabel="Constraint"
            addLabel="Add constraint"
            emptyText="No constraints: add limits the answer must respect."
            values={task.constraints}
            path="task.constraints"
            issues={issuesUnder(issues, "task.constraints")}
            onChange={(constraints) => onChange((c) => ({ ...c, task: { ...c.task, constraints } }))}
            onRemove={(i) => onRemove("task.constraints", i, `constraint ${i + 1}`)}
          />
        </Section>
      </div>
      <Section title="Variables">
        <VariablesEditor contract={contract} onChange={onChange} onRemove={onRemove} pending={pending} onPending={onPending} issues={issues} />
      </Section>
    </div>
  );
}
