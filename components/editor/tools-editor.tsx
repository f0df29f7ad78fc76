/**
 * The contract's tools (issue 11 item 1): name, description, parameters (JSON Schema, as text)
 * and whether a call needs a person's confirmation, tied to one of the policy's
 * human-confirmation actions. Parameters text that does not parse (or is no object) is kept as
 * the field's pending text with the draft, and the contract keeps the last schema that parsed,
 * as the output schema editor does.
 */
import { useEffect, useRef, useState } from "react";
import type { Contract } from "../../contracts/index.ts";
import type { Tool } from "../../contracts/schema/tools.ts";
import { Button } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, Section, SelectField, TextAreaField, TextField, inputClass, labelClass } from "../ui/field.tsx";
import { issuesAt, issuesUnder, type FieldIssue } from "../ui/issues.ts";
import type { PanelProps } from "./panel-props.ts";

const pretty = (v: unknown) => JSON.stringify(v, null, 2);
const NEW_TOOL: Tool = { name: "", description: "", parameters: { type: "object", properties: {} }, requiresConfirmation: false };

function ParametersField({
  tool,
  index,
  onChange,
  issues,
  pending,
  onPending,
}: {
  tool: Tool;
  index: number;
  onChange: (parameters: Record<string, unknown>) => void;
  issues: readonly FieldIssue[];
  pending: PanelProps["pending"][string] | undefined;
  onPending: (p: PanelProps["pending"][string] | null) => void;
}) {
  const path = `tools[${index}].parameters`;
  const [text, setText] = useState(() => pending?.text ?? pretty(tool.parameters));
  const lastSent = useRef(tool.parameters);
  const focused = useRef(false);
  // Edits from elsewhere (Raw, undo) replace the text unless the user is typing here.
  useEffect(() => {
    if (tool.parameters === lastSent.current || focused.current) return;
    lastSent.current = tool.parameters;
    setText(pretty(tool.parameters));
  }, [tool.parameters]);
  const edit = (t: string) => {
    setText(t);
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      onPending({ text: t, message: `not valid JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ")}); runs use the last valid schema` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      onPending({ text: t, message: "the parameters must be a JSON Schema object; runs use the last valid schema" });
      return;
    }
    onPending(null);
    lastSent.current = value as Record<string, unknown>;
    onChange(value as Record<string, unknown>);
  };
  // The store counts pending text as an error at this path, so `issues` already says it.
  const shown = issues;
  const id = `tool-params-${index}`;
  return (
    <div data-field={path} className="field rounded-md">
      <label htmlFor={id} className={`${labelClass} mb-0.5`}>
        Parameters (JSON Schema)
      </label>
      <textarea
        id={id}
        rows={6}
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        aria-invalid={shown.some((i) => i.severity === "error")}
        onFocus={() => (focused.current = true)}
        onBlur={() => (focused.current = false)}
        onChange={(e) => edit(e.target.value)}
      />
      <FieldIssues issues={shown} />
    </div>
  );
}

export function ToolsEditor({
  contract,
  onChange,
  onRemove,
  issues,
  pending,
  onPending,
}: Pick<PanelProps, "contract" | "onChange" | "onRemove" | "issues" | "pending" | "onPending">) {
  const tools = contract.tools ?? [];
  const setTool = (i: number, patch: Partial<Tool>) =>
    onChange((c: Contract) => ({ ...c, tools: (c.tools ?? []).map((t, n) => (n === i ? { ...t, ...patch } : t)) }));
  const actions = [{ value: "", label: "None" }, ...contract.policy.humanConfirmation.filter((a) => a.trim()).map((a) => ({ value: a, label: a }))];
  return (
    <Section
      title="Tools"
      actions={
        <Button size="xs" onClick={() => onChange((c) => ({ ...c, tools: [...(c.tools ?? []), { ...NEW_TOOL, name: `tool_${(c.tools ?? []).length + 1}` }] }))}>
          Add tool
        </Button>
      }
    >
      {tools.length === 0 && <p className="text-sm text-zinc-500">No tools: the model answers in words only. Add a tool the model may call.</p>}
      {issuesAt(issues, "tools").length > 0 && <FieldIssues issues={issuesAt(issues, "tools")} />}
      {tools.map((t, i) => {
        const at = `tools[${i}]`;
        return (
          <fieldset key={i} aria-label={`Tool ${i + 1}`} className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <div className="flex items-end gap-2">
              <TextField
                className="flex-1"
                label="Tool name"
                path={`${at}.name`}
                mono
                value={t.name}
                issues={issuesAt(issues, `${at}.name`)}
                onChange={(name) => setTool(i, { name })}
              />
              <Button size="xs" variant="danger" aria-label={`Remove tool ${t.name || i + 1}`} onClick={() => onRemove("tools", i, `tool ${t.name || i + 1}`)}>
                Remove
              </Button>
            </div>
            <TextAreaField
              label="Tool description"
              path={`${at}.description`}
              rows={2}
              value={t.description}
              issues={issuesAt(issues, `${at}.description`)}
              placeholder="What the tool does and when to call it."
              onChange={(description) => setTool(i, { description })}
            />
            <ParametersField
              tool={t}
              index={i}
              onChange={(parameters) => setTool(i, { parameters })}
              issues={issuesUnder(issues, `${at}.parameters`)}
              pending={pending[`${at}.parameters`]}
              onPending={(p) => onPending(`${at}.parameters`, p)}
            />
            <div className="grid grid-cols-2 items-end gap-2">
              <CheckboxField
                label="Needs a person's confirmation"
                path={`${at}.requiresConfirmation`}
                checked={t.requiresConfirmation || t.confirmationAction !== undefined}
                onChange={(v) => setTool(i, v ? { requiresConfirmation: true } : { requiresConfirmation: false, confirmationAction: undefined })}
              />
              <SelectField
                label="Confirmed action (from the policy)"
                path={`${at}.confirmationAction`}
                value={t.confirmationAction ?? ""}
                options={
                  t.confirmationAction && !actions.some((a) => a.value === t.confirmationAction)
                    ? [...actions, { value: t.confirmationAction, label: t.confirmationAction }]
                    : actions
                }
                issues={issuesAt(issues, `${at}.confirmationAction`)}
                onChange={(v) => setTool(i, v ? { confirmationAction: v, requiresConfirmation: true } : { confirmationAction: undefined })}
              />
            </div>
          </fieldset>
        );
      })}
    </Section>
  );
}
