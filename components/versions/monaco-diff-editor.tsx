/**
 * Monaco's side-by-side diff editor, read-only. Loaded lazily through text-diff.tsx, and uses the
 * one local Monaco that load-monaco.ts configures (never a CDN, never a second copy).
 */
import { useLayoutEffect, useRef } from "react";
import { DiffEditor } from "@monaco-editor/react";
import { monaco } from "../editor/monaco/load-monaco.ts";
import type { TextDiffProps } from "./text-diff.tsx";

const dark = () => typeof window !== "undefined" && (window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false);

type DiffWidget = Parameters<NonNullable<Parameters<typeof DiffEditor>[0]["onMount"]>>[0];

export function MonacoDiffEditor({ label, original, modified, language, height = 260 }: TextDiffProps) {
  const widget = useRef<DiffWidget | null>(null);
  /*
   * @monaco-editor/react 4.7 disposes the two text models before the diff widget that still
   * shows them, and Monaco reports "TextModel got disposed before DiffEditorWidget model got
   * reset" on every close. So the library keeps the models (keepCurrent…Model) and this
   * cleanup, which React runs before the library's own (a layout effect of the parent), resets
   * the widget first and then disposes them; the library then disposes the widget.
   */
  useLayoutEffect(
    () => () => {
      const w = widget.current;
      widget.current = null;
      const models = w?.getModel();
      if (!w || !models) return;
      w.setModel(null);
      models.original.dispose();
      models.modified.dispose();
    },
    [],
  );
  return (
    <DiffEditor
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      height={height}
      original={original}
      modified={modified}
      language={language}
      theme={dark() ? "vs-dark" : "vs"}
      loading={<div className="p-3 text-xs text-zinc-500">Loading diff…</div>}
      onMount={(editor) => {
        widget.current = editor;
        editor.getModifiedEditor().getDomNode()?.querySelector("textarea")?.setAttribute("aria-label", `${label} (after)`);
        editor.getOriginalEditor().getDomNode()?.querySelector("textarea")?.setAttribute("aria-label", `${label} (before)`);
        void monaco; // keeps the configured module (loader.config) in this chunk
      }}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        minimap: { enabled: false },
        fontSize: 12,
        lineNumbersMinChars: 3,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: "on",
        diffWordWrap: "on",
        ariaLabel: label,
      }}
    />
  );
}
