/** The system policy: who the assistant is, its rules, how it refuses, what it may touch. */
import { useRef } from "react";
import type { Contract, Policy } from "../../contracts/index.ts";
import { Section, SelectField, TextAreaField, TextField } from "../ui/field.tsx";
import { StringListField } from "../ui/string-list-field.tsx";
import { issuesAt, issuesUnder } from "../ui/issues.ts";
import type { PanelProps } from "./panel-props.ts";
import { useFocusRequest } from "./use-focus-request.ts";
import { ToolsEditor } from "./tools-editor.tsx";

const VERBOSITY = [
  { value: "concise", label: "Concise" },
  { value: "normal", label: "Normal" },
  { value: "detailed", label: "Detailed" },
] as const;

const CITATIONS = [
  { value: "required", label: "Required: every claim cites a context item" },
  { value: "optional", label: "Optional" },
  { value: "none", label: "None" },
] as const;

export function PolicyPanel({ contract, onChange, onRemove, issues, tokens, focusRequest, pending, onPending }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusRequest(ref, focusRequest);
  const p = contract.policy;
  const setPolicy = <K extends keyof Policy>(key: K, value: Policy[K]) =>
    onChange((c: Contract) => (c.policy[key] === value ? c : { ...c, policy: { ...c.policy, [key]: value } }));
  const list = (key: "rules" | "allowedDomains" | "disallowedDomains" | "groundedClaims" | "humanConfirmation", noun: string) => ({
    values: p[key],
    onChange: (v: string[]) => setPolicy(key, v),
    onRemove: (i: number) => onRemove(`policy.${key}`, i, `${noun} ${i + 1}`),
    path: `policy.${key}`,
    issues: issuesUnder(issues, `policy.${key}`),
  });

  return (
    <div ref={ref} className="space-y-4">
      <Section title="Contract">
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Contract name"
            path="name"
            value={contract.name}
            issues={issuesAt(issues, "name")}
            onChange={(name) => onChange((c) => ({ ...c, name }))}
          />
          <TextField
            label="Contract id"
            path="id"
            mono
            value={contract.id}
            issues={issuesAt(issues, "id")}
            hint={`Exported as ${contract.id || "…"}.contract.json`}
            onChange={(id) => onChange((c) => ({ ...c, id }))}
          />
        </div>
        <TextAreaField
          label="Description"
          path="description"
          rows={2}
          value={contract.description}
          issues={issuesAt(issues, "description")}
          onChange={(description) => onChange((c) => ({ ...c, description }))}
        />
      </Section>
      <div data-field="policy" className="field space-y-4 rounded-md">
        <Section title="System policy" tokens={tokens?.policy}>
          <TextAreaField
            label="Role"
            path="policy.role"
            rows={2}
            value={p.role}
            issues={issuesAt(issues, "policy.role")}
            placeholder="You are the support assistant of …"
            onChange={(v) => setPolicy("role", v)}
          />
          <StringListField
            label="Rules"
            itemLabel="Policy rule"
            addLabel="Add policy rule"
            emptyText="No rules yet: add the behaviours the assistant must follow."
            {...list("rules", "policy rule")}
          />
          <div className="grid grid-cols-2 gap-3">
            <TextField
              label="Tone"
              path="policy.tone"
              value={p.tone}
              issues={issuesAt(issues, "policy.tone")}
              placeholder="calm, precise"
              onChange={(v) => setPolicy("tone", v)}
            />
            <SelectField
              label="Verbosity"
              path="policy.verbosity"
              value={p.verbosity}
              options={VERBOSITY}
              issues={issuesAt(issues, "policy.verbosity")}
              onChange={(v) => setPolicy("verbosity", v)}
            />
          </div>
          <TextAreaField
            label="Refusal style"
            path="policy.refusalStyle"
            rows={2}
            value={p.refusalStyle}
            issues={issuesAt(issues, "policy.refusalStyle")}
            placeholder="Decline in one sentence and offer what you can do instead."
            onChange={(v) => setPolicy("refusalStyle", v)}
          />
        </Section>
        <Section title="Scope">
          <div className="grid grid-cols-2 gap-3">
            <StringListField
              label="Allowed domains"
              itemLabel="Allowed domain"
              addLabel="Add allowed domain"
              emptyText="Any topic."
              {...list("allowedDomains", "allowed domain")}
            />
            <StringListField
              label="Disallowed domains"
              itemLabel="Disallowed domain"
              addLabel="Add disallowed domain"
              emptyText="None."
              {...list("disallowedDomains", "disallowed domain")}
            />
          </div>
          <StringListField
            label="Actions needing human confirmation"
            itemLabel="Human-confirmation action"
            addLabel="Add action"
            emptyText="None: the assistant may propose any action."
            {...list("humanConfirmation", "human-confirmation action")}
          />
        </Section>
        <Section title="Grounding">
          <SelectField
            label="Citations"
            path="policy.citations"
            value={p.citations}
            options={CITATIONS}
            issues={issuesAt(issues, "policy.citations")}
            onChange={(v) => setPolicy("citations", v)}
          />
          <StringListField
            label="Claims that must be grounded in the context"
            itemLabel="Grounded claim"
            addLabel="Add grounded claim"
            emptyText="None required."
            {...list("groundedClaims", "grounded claim")}
          />
          <TextAreaField
            label="Unknown answer (“I don't know”)"
            path="policy.unknownAnswer"
            rows={2}
            value={p.unknownAnswer}
            issues={issuesAt(issues, "policy.unknownAnswer")}
            placeholder="I don't know based on the provided documents."
            onChange={(v) => setPolicy("unknownAnswer", v)}
          />
        </Section>
        <ToolsEditor contract={contract} onChange={onChange} onRemove={onRemove} issues={issues} pending={pending} onPending={onPending} />
      </div>
    </div>
  );
}
