/**
 * The output JSON Schema in Monaco, validated as a JSON Schema (draft-07 meta-schema, shipped
 * with the JSON service). Text that does not parse stays here with its error; the store keeps
 * the last schema that parsed.
 */
import { useEffect, useRef, useState } from "react";
import { CodeEditor } from "./monaco/code-editor.tsx";
import type { CodeMarker } from "./monaco/code-editor-props.ts";
import { FieldIssues } from "../ui/field.tsx";
import type { FieldIssue } from "../ui/issues.ts";

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function JsonSchemaEditor({
  schema,
  onChange,
  issues,
  modelPath,
}: {
  schema: Record<string, unknown>;
  onChange: (schema: Record<string, unknown>) => void;
  issues: readonly FieldIssue[];
  modelPath: string;
}) {
  const [text, setText] = useState(() => pretty(schema));
  const [parseError, setParseError] = useState<string | null>(null);
  const [markers, setMarkers] = useState<CodeMarker[]>([]);
  const focused = useRef(false);
  const lastSent = useRef<Record<string, unknown>>(schema);

  // Edits from elsewhere (Raw, undo, another contract) replace the text unless the user is typing here.
  useEffect(() => {
    if (schema === lastSent.current || focused.current) return;
    lastSent.current = schema;
    setText(pretty(schema));
    setParseError(null);
  }, [schema]);

  const edit = (t: string) => {
    setText(t);
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      setParseError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      setParseError("a JSON Schema must be an object");
      return;
    }
    setParseError(null);
    lastSent.current = value as Record<string, unknown>;
    onChange(value as Record<string, unknown>);
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
      {parseError && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{parseError} (the preview uses the last valid schema)</p>}
      {!parseError && markers.length > 0 && (
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
