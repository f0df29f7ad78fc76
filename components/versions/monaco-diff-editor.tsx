/**
 * Monaco's side-by-side diff editor, read-only. Loaded lazily through text-diff.tsx, and uses the
 * one local Monaco that load-monaco.ts configures (never a CDN, never a second copy).
 */
import { DiffEditor } from "@monaco-editor/react";
import { monaco } from "../editor/monaco/load-monaco.ts";
import type { TextDiffProps } from "./text-diff.tsx";

const dark = () => typeof window !== "undefined" && (window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false);

export function MonacoDiffEditor({ label, original, modified, language, height = 260 }: TextDiffProps) {
  return (
    <DiffEditor
      height={height}
      original={original}
      modified={modified}
      language={language}
      theme={dark() ? "vs-dark" : "vs"}
      loading={<div className="p-3 text-xs text-zinc-500">Loading diff…</div>}
      onMount={(editor) => {
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
