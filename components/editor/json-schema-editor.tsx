/**
 * The output JSON Schema in Monaco, validated as a JSON Schema (draft-07 meta-schema, shipped
 * with the JSON service). Text that does not parse is the field's pending text: kept with the
 * draft (saved, restored on reload) and counted as an error (shown through `issues`), while the
 * contract keeps the last schema that parsed.
 */
import { useEffect, useRef, useState } from "react";
import { CodeEditor } from "./monaco/code-editor.tsx";
import type { CodeMarker } from "./monaco/code-editor-props.ts";
import { FieldIssues } from "../ui/field.tsx";
import type { FieldIssue } from "../ui/issues.ts";
import type { PendingText } from "./panel-props.ts";

const pretty = (v: unknown) => JSON.stringify(v, null, 2);
/** JSON.parse quotes the text around the error, newlines included: one line reads better. */
const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");

export function JsonSchemaEditor({
  schema,
  onChange,
  issues,
  modelPath,
  pending,
  onPending,
}: {
  schema: Record<string, unknown>;
  onChange: (schema: Record<string, unknown>) => void;
  /** Includes the pending text's error, which the store counts. */
  issues: readonly FieldIssue[];
  modelPath: string;
  pending: PendingText | undefined;
  onPending: (p: PendingText | null) => void;
}) {
  const [text, setText] = useState(() => pending?.text ?? pretty(schema));
  const [markers, setMarkers] = useState<CodeMarker[]>([]);
  const focused = useRef(false);
  const lastSent = useRef<Record<string, unknown>>(schema);

  // Edits from elsewhere (Raw, undo, another contract) replace the text unless the user is typing here.
  useEffect(() => {
    if (schema === lastSent.current || focused.current) return;
    lastSent.current = schema;
    setText(pretty(schema));
    if (pending) onPending(null);
  }, [schema]); // eslint-disable-line react-hooks/exhaustive-deps

  const edit = (t: string) => {
    setText(t);
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      onPending({ text: t, message: `not valid JSON (${oneLine(e)}); the preview and runs use the last valid schema` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      onPending({ text: t, message: "a JSON Schema must be an object; the preview and runs use the last valid schema" });
      return;
    }
    lastSent.current = value as Record<string, unknown>;
    onChange(value as Record<string, unknown>);
    onPending(null);
  };

  return (
    <div data-field="output.schema" className="field rounded-md">
      <span id="output-schema-label" className="mb-0.5 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Output JSON Schema
      </span>
      <div className="h-80 overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        <CodeEditor
          label="Output JSON Schema"
          language="json"
          modelPath={modelPath}
          schema={{ uri: "http://json-schema.org/draft-07/schema#" }}
          value={text}
          onChange={edit}
          onMarkers={setMarkers}
          onFocusChange={(f) => {
            focused.current = f;
          }}
        />
      </div>
      {!pending && markers.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-amber-700 dark:text-amber-400">
          {markers.slice(0, 8).map((m, i) => (
            <li key={i}>
              line {m.line}: {m.message}
            </li>
          ))}
        </ul>
      )}
      <FieldIssues issues={issues} />
    </div>
  );
}
