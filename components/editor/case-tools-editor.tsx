/**
 * A test case's tools (issue 11 item 1): the mock result each tool returns in the one
 * follow-up turn (a JSON object by tool name; a string value is sent as written), and the tools
 * a person has confirmed in the case's scenario (the confirmation step; schema/tools.ts).
 * Shown only when the contract declares tools. Text that does not parse is kept as pending.
 */
import { useState } from "react";
import type { Contract, TestCase } from "../../contracts/index.ts";
import type { CaseTools } from "../../contracts/schema/tools.ts";
import { FieldIssues, inputClass, labelClass } from "../ui/field.tsx";
import { issuesUnder, type FieldIssue } from "../ui/issues.ts";
import type { PendingText } from "./panel-props.ts";

const EMPTY: CaseTools = { results: {}, confirmed: [] };

export function CaseToolsEditor({
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
  onChange: (tools: CaseTools | undefined) => void;
  issues: readonly FieldIssue[];
  pending: PendingText | undefined;
  onPending: (p: PendingText | null) => void;
}) {
  const tools = testCase.tools ?? EMPTY;
  const [text, setText] = useState(() => pending?.text ?? (Object.keys(tools.results).length ? JSON.stringify(tools.results, null, 2) : ""));
  if (!contract.tools?.length) return null;
  const n = index + 1;
  const path = `tests[${index}].tools`;
  const set = (next: CaseTools) => onChange(Object.keys(next.results).length || next.confirmed.length ? next : undefined);
  const edit = (t: string) => {
    setText(t);
    if (!t.trim()) {
      onPending(null);
      return set({ ...tools, results: {} });
    }
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      return onPending({
        text: t,
        message: `not valid JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ")}); runs use the last valid results`,
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return onPending({ text: t, message: 'write an object by tool name, e.g. {"lookup_order": {"status": "shipped"}}' });
    onPending(null);
    set({ ...tools, results: value as Record<string, unknown> });
  };
  const id = `case-tools-${index}`;
  return (
    <fieldset className="space-y-2" data-field={path}>
      <legend className={labelClass}>Test {n} tools</legend>
      <div data-field={`${path}.results`}>
        <label htmlFor={id} className={`${labelClass} mb-0.5`}>
          Test {n} mock tool results (JSON by tool name)
        </label>
        <textarea
          id={id}
          rows={3}
          spellCheck={false}
          className={`${inputClass} font-mono text-xs`}
          placeholder={`{"${contract.tools[0]!.name}": {"status": "ok"}}`}
          value={text}
          onChange={(e) => edit(e.target.value)}
        />
        <p className="mt-0.5 text-xs text-zinc-500">When the model calls one of these tools, its result is sent back once and the next answer is judged.</p>
      </div>
      <label className={labelClass}>
        Test {n} tools a person has confirmed (comma-separated)
        <input
          className={inputClass}
          value={tools.confirmed.join(", ")}
          onChange={(e) =>
            set({
              ...tools,
              confirmed: e.target.value
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
      <FieldIssues issues={issuesUnder(issues, path)} />
    </fieldset>
  );
}
