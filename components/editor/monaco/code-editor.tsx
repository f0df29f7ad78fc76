/**
 * A code editor that loads Monaco on first use (a separate chunk): the initial page carries
 * none of it. Component tests mock this module.
 */
import { lazy, Suspense } from "react";
import type { CodeEditorProps } from "./code-editor-props.ts";

const LazyMonaco = lazy(() => import("./monaco-code-editor.tsx").then((m) => ({ default: m.MonacoCodeEditor })));

export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<div className="flex h-full min-h-24 items-center justify-center text-xs text-zinc-500">Loading editor…</div>}>
      <LazyMonaco {...props} />
    </Suspense>
  );
}
