/** A section's text diff in Monaco's diff editor, loaded on first use (a separate chunk). Tests mock this module. */
import { lazy, Suspense } from "react";

export interface TextDiffProps {
  label: string;
  original: string;
  modified: string;
  language: "json" | "markdown" | "plaintext";
  height?: number;
}

const LazyDiff = lazy(() => import("./monaco-diff-editor.tsx").then((m) => ({ default: m.MonacoDiffEditor })));

export function TextDiff(props: TextDiffProps) {
  return (
    <Suspense fallback={<div className="flex h-24 items-center justify-center text-xs text-zinc-500">Loading diff…</div>}>
      <div role="group" aria-label={props.label} className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-700">
        <LazyDiff {...props} />
      </div>
    </Suspense>
  );
}
