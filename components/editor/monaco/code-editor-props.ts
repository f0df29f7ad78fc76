export interface CodeMarker {
  message: string;
  line: number;
  column: number;
  severity: "error" | "warning";
}

export interface CodeEditorProps {
  /** Accessible name of the editor. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  language: "json" | "markdown";
  /** The model's URI (e.g. `inmemory://studio/raw.contract.json`); also how a schema matches it. */
  modelPath: string;
  /** A JSON Schema to validate and complete against (`schema` omitted: one the service ships). */
  schema?: { uri: string; schema?: unknown };
  height?: string | number;
  readOnly?: boolean;
  onFocusChange?: (focused: boolean) => void;
  onMarkers?: (markers: CodeMarker[]) => void;
}
