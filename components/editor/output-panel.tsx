/** The output contract: a JSON Schema, a list of sections, or free text; plus model defaults. */
import { useRef } from "react";
import type { Contract, ModelSettings, Output, OutputKind, Section as OutSection } from "../../contracts/index.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, NumberField, Section, TextAreaField, TextField } from "../ui/field.tsx";
import { issuesAt, issuesUnder } from "../ui/issues.ts";
import { move } from "../ui/string-list-field.tsx";
import { JsonSchemaEditor } from "./json-schema-editor.tsx";
import type { PanelProps } from "./panel-props.ts";
import { useFocusLater } from "../ui/use-focus-later.ts";
import { useFocusRequest } from "./use-focus-request.ts";

const KINDS: readonly { value: OutputKind; label: string; hint: string }[] = [
  { value: "json_schema", label: "JSON Schema", hint: "structured output, validated" },
  { value: "sections", label: "Sections", hint: "headed markdown sections" },
  { value: "text", label: "Free text", hint: "described in words" },
];

function initialOutput(kind: OutputKind, examples: string[]): Output {
  switch (kind) {
    case "json_schema":
      return {
        kind,
        name: "answer",
        strict: true,
        examples,
        schema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false },
      };
    case "sections":
      return { kind, examples, sections: [{ heading: "Summary", required: true, description: "" }] };
    case "text":
      return { kind, examples, description: "" };
  }
}

export function OutputPanel({ contract, onChange, onRemove, pending, onPending, issues, tokens, focusRequest }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusRequest(ref, focusRequest);
  // Switching kind and back restores what was there (for this session).
  const previous = useRef<Partial<Record<OutputKind, Output>>>({});
  const out = contract.output;
  const setOutput = (recipe: (o: Output) => Output) => onChange((c) => ({ ...c, output: recipe(c.output) }));
  const switchKind = (kind: OutputKind) => {
    if (kind === out.kind) return;
    previous.current[out.kind] = out;
    // The schema editor goes away with its kind; an error for text nobody can see would only confuse.
    onPending("output.schema", null);
    setOutput((o) => previous.current[kind] ?? initialOutput(kind, o.examples));
  };
  const setModel = <K extends keyof ModelSettings>(key: K, value: ModelSettings[K]) =>
    onChange((c: Contract) => {
      const { [key]: _old, ...rest } = c.model;
      return { ...c, model: (value === undefined ? rest : { ...rest, [key]: value }) as ModelSettings };
    });

  return (
    <div ref={ref} className="space-y-4">
      <div data-field="output" className="field space-y-3 rounded-md">
        <Section title="Output contract" tokens={tokens?.output}>
          <fieldset data-field="output.kind" className="field rounded-md">
            <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Output kind</legend>
            <div className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-600">
              {KINDS.map((k) => (
                <label
                  key={k.value}
                  title={k.hint}
                  className={`cursor-pointer rounded px-3 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${out.kind === k.value ? "bg-indigo-600 text-white" : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
                >
                  <input
                    type="radio"
                    name="output-kind"
                    className="sr-only"
                    value={k.value}
                    checked={out.kind === k.value}
                    onChange={() => switchKind(k.value)}
                  />
                  {k.label}
                </label>
              ))}
            </div>
          </fieldset>

          {out.kind === "json_schema" && (
            <>
              <div className="grid grid-cols-[1fr_auto] items-end gap-3">
                <TextField
                  label="Schema name"
                  path="output.name"
                  mono
                  value={out.name}
                  issues={issuesAt(issues, "output.name")}
                  onChange={(name) => setOutput((o) => ({ ...o, name }))}
                />
                <CheckboxField
                  label="Strict (the endpoint enforces the schema)"
                  path="output.strict"
                  checked={out.strict}
                  onChange={(strict) => setOutput((o) => ({ ...o, strict }))}
                  className="pb-1.5"
                />
              </div>
              <JsonSchemaEditor
                schema={out.schema}
                modelPath={`inmemory://studio/${contract.id || "contract"}.output-schema.json`}
                issues={issuesUnder(issues, "output.schema")}
                pending={pending["output.schema"]}
                onPending={(p) => onPending("output.schema", p)}
                onChange={(schema) => setOutput((o) => (o.kind === "json_schema" ? { ...o, schema } : o))}
              />
            </>
          )}

          {out.kind === "sections" && (
            <SectionsEditor
              sections={out.sections}
              issues={issues}
              onChange={(sections) => setOutput((o) => (o.kind === "sections" ? { ...o, sections } : o))}
              onRemove={(i) => onRemove("output.sections", i, `section ${i + 1}`)}
            />
          )}

          {out.kind === "text" && (
            <TextAreaField
              label="Output description"
              path="output.description"
              rows={5}
              value={out.description}
              issues={issuesAt(issues, "output.description")}
              placeholder="A short, friendly answer in plain prose, at most three paragraphs."
              onChange={(description) => setOutput((o) => (o.kind === "text" ? { ...o, description } : o))}
            />
          )}
        </Section>
      </div>
      <div data-field="model" className="field rounded-md">
        <Section title="Model defaults">
          <div className="grid grid-cols-3 gap-3">
            <TextField
              label="Default model"
              path="model.model"
              mono
              value={contract.model.model}
              issues={issuesAt(issues, "model.model")}
              placeholder="gpt-4o-mini"
              onChange={(v) => setModel("model", v)}
              className="col-span-3"
            />
            <NumberField
              label="Temperature"
              path="model.temperature"
              step={0.1}
              value={contract.model.temperature}
              issues={issuesAt(issues, "model.temperature")}
              onChange={(v) => setModel("temperature", v)}
            />
            <NumberField
              label="Top p"
              path="model.top_p"
              step={0.05}
              value={contract.model.top_p}
              issues={issuesAt(issues, "model.top_p")}
              onChange={(v) => setModel("top_p", v)}
            />
            <NumberField
              label="Max tokens"
              path="model.max_tokens"
              step={1}
              value={contract.model.max_tokens}
              issues={issuesAt(issues, "model.max_tokens")}
              onChange={(v) => setModel("max_tokens", v)}
            />
            {/* Logprobs let the Run tab shade the tokens the model was unsure of and rate each JSON field. */}
            <CheckboxField
              label="Request logprobs (confidence per token)"
              path="model.logprobs"
              checked={contract.model.logprobs === true}
              issues={issuesAt(issues, "model.logprobs")}
              onChange={(v) => setModel("logprobs", v ? true : undefined)}
              className="col-span-2 self-end pb-1.5"
            />
            <NumberField
              label="Top logprobs"
              path="model.top_logprobs"
              step={1}
              value={contract.model.top_logprobs}
              issues={issuesAt(issues, "model.top_logprobs")}
              onChange={(v) => setModel("top_logprobs", v)}
            />
          </div>
        </Section>
      </div>
    </div>
  );
}

function SectionsEditor({
  sections,
  onChange,
  onRemove,
  issues,
}: {
  sections: OutSection[];
  onChange: (s: OutSection[]) => void;
  onRemove: (index: number) => void;
  issues: PanelProps["issues"];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const focusLater = useFocusLater(ref);
  const set = (i: number, patch: Partial<OutSection>) => onChange(sections.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <div ref={ref} data-field="output.sections" className="field space-y-2 rounded-md">
      {sections.length === 0 && <p className="text-xs text-zinc-500">No sections: add the headings the answer must contain.</p>}
      {sections.map((s, i) => {
        const path = `output.sections[${i}]`;
        const n = i + 1;
        return (
          <div key={i} data-field={path} className="field rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <div className="grid grid-cols-[1fr_auto_auto] items-end gap-2">
              <TextField
                label={`Section ${n} heading`}
                path={`${path}.heading`}
                value={s.heading}
                issues={issuesAt(issues, `${path}.heading`)}
                onChange={(heading) => set(i, { heading })}
              />
              <CheckboxField label="Required" path={`${path}.required`} checked={s.required} onChange={(required) => set(i, { required })} className="pb-1.5" />
              <div className="flex pb-1">
                <IconButton label={`Move section ${n} up`} disabled={i === 0} onClick={() => onChange(move(sections, i, i - 1))}>
                  ↑
                </IconButton>
                <IconButton label={`Move section ${n} down`} disabled={i === sections.length - 1} onClick={() => onChange(move(sections, i, i + 1))}>
                  ↓
                </IconButton>
                <IconButton label={`Remove section ${n}`} onClick={() => onRemove(i)}>
                  ✕
                </IconButton>
              </div>
            </div>
            <TextAreaField
              className="mt-2"
              label={`Section ${n} description`}
              path={`${path}.description`}
              rows={2}
              value={s.description}
              onChange={(description) => set(i, { description })}
            />
          </div>
        );
      })}
      <FieldIssues issues={issuesAt(issues, "output.sections")} />
      <Button
        size="xs"
        variant="ghost"
        className="text-indigo-700 dark:text-indigo-300"
        onClick={() => {
          onChange([...sections, { heading: "", required: true, description: "" }]);
          focusLater(`output.sections[${sections.length}].heading`);
        }}
      >
        <span aria-hidden>+</span> Add section
      </Button>
    </div>
  );
}
