/** Monaco through @monaco-editor/react, configured by load-monaco.ts. Lazily loaded. */
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Editor, type OnMount } from "@monaco-editor/react";
import { bindJsonSchema, monaco } from "./load-monaco.ts";
import type { CodeEditorProps } from "./code-editor-props.ts";

function useDarkMode(): boolean {
  const query = typeof window !== "undefined" ? window.matchMedia?.("(prefers-color-scheme: dark)") : undefined;
  // Only the first render's scheme is passed as `theme`; later changes go to Monaco directly.
  const [dark] = useState(() => query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = (e: MediaQueryListEvent) => monaco.editor.setTheme(e.matches ? "vs-dark" : "vs");
    query.addEventListener("change", on);
    return () => query.removeEventListener("change", on);
  }, [query]);
  return dark;
}

export function MonacoCodeEditor({
  label,
  value,
  onChange,
  language,
  modelPath,
  schema,
  height = "100%",
  onFocusChange,
  onMarkers,
  readOnly,
}: CodeEditorProps) {
  const dark = useDarkMode();
  if (schema) bindJsonSchema({ uri: schema.uri, fileMatch: [modelPath], ...(schema.schema ? { schema: schema.schema } : {}) });
  // onMount runs once: reach the latest handler through a ref, or a blur would run the first
  // render's closure (the Raw editor's stale text) and undo every edit made since.
  const focusChange = useRef(onFocusChange);
  useLayoutEffect(() => {
    focusChange.current = onFocusChange;
  });
  // @monaco-editor/react writes a changed `value` into the editor in a passive effect. A keystroke
  // that lands between React's commit and that effect would be overwritten by the older text
  // (the cursor jumps to the end, the key is lost). So text the editor itself produced is never
  // written back: only values from outside (a panel edit, "Load theirs") reach it.
  const echoes = useRef(new Set<string>());
  const emit = (v: string) => {
    echoes.current.add(v);
    if (echoes.current.size > 64) echoes.current.delete(echoes.current.values().next().value!);
    onChange(v);
  };
  // Read during render on purpose: whether `value` is an echo decides the prop passed down, and
  // the set only ever holds texts the editor emitted (it never drives what is rendered otherwise).
  // eslint-disable-next-line react-hooks/refs
  const external = echoes.current.has(value) ? undefined : value;
  // eslint-disable-next-line react-hooks/refs
  if (external !== undefined) echoes.current.clear();
  const onMount: OnMount = (editor) => {
    editor.onDidFocusEditorText(() => focusChange.current?.(true));
    editor.onDidBlurEditorText(() => focusChange.current?.(false));
    const textarea = editor.getDomNode()?.querySelector("textarea");
    textarea?.setAttribute("aria-label", label);
  };
  return (
    <Editor
      height={height}
      path={modelPath}
      language={language}
      defaultValue={value}
      value={external}
      theme={dark ? "vs-dark" : "vs"}
      onChange={(v) => emit(v ?? "")}
      onMount={onMount}
      onValidate={(markers) =>
        onMarkers?.(
          markers.map((m) => ({ message: m.message, line: m.startLineNumber, column: m.startColumn, severity: m.severity >= 8 ? "error" : "warning" })),
        )
      }
      loading={<div className="p-3 text-xs text-zinc-500">Loading editor…</div>}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        lineNumbersMinChars: 3,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        wordWrap: "on",
        readOnly: readOnly ?? false,
        ariaLabel: label,
        fixedOverflowWidgets: true,
      }}
    />
  );
}
