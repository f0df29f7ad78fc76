/** The top bar: contract name and version, the live meter, and slots for endpoint and run controls. */
import type { ReactNode } from "react";
import { Button } from "../ui/button.tsx";

export interface TopBarProps {
  name: string | null;
  /** "Draft" or, once published, e.g. "Draft · based on 1.2.0". */
  version: string;
  labels: readonly { name: string; version: string }[];
  tokens: number | null;
  /** Estimated cost; null until an endpoint with prices is chosen. */
  costUsd: number | null;
  errors: number;
  /** Endpoint/model pickers and Run/Stop go here. */
  children?: ReactNode;
  onOpenPalette: () => void;
  saved: boolean;
}

export function TopBar({ name, version, labels, tokens, costUsd, errors, children, onOpenPalette, saved }: TopBarProps) {
  return (
    <header className="flex h-11 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-3 dark:border-zinc-800 dark:bg-zinc-900">
      <span className="flex items-center gap-1.5 text-sm font-semibold tracking-tight">
        <span aria-hidden className="inline-block h-4 w-4 rounded bg-gradient-to-br from-indigo-500 to-violet-600" />
        Contract Studio
      </span>
      <span aria-hidden className="text-zinc-300 dark:text-zinc-700">/</span>
      <h1 className="max-w-[22rem] truncate text-sm font-medium">{name ?? "No contract open"}</h1>
      {name && (
        <span className="rounded-full bg-zinc-100 px-2 py-px text-[11px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="version-indicator">
          {version}
        </span>
      )}
      {labels.map((l) => (
        <span key={l.name} className="rounded-full bg-emerald-100 px-2 py-px text-[11px] text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
          {l.name} {l.version}
        </span>
      ))}
      {name && <span className="text-[11px] text-zinc-400">{saved ? "Saved" : "Saving…"}</span>}
      <div className="ml-auto flex items-center gap-3">
        {name && (
          <div role="status" aria-label="Request meter" className="flex items-center gap-2 rounded-md border border-zinc-200 px-2 py-0.5 font-mono text-xs tabular-nums dark:border-zinc-700">
            <span title="Prompt tokens of the assembled request">
              <span className="text-zinc-500">in </span>
              <span data-testid="meter-tokens">{tokens == null ? "…" : tokens.toLocaleString("en-US")}</span>
            </span>
            <span className="text-zinc-300 dark:text-zinc-600">|</span>
            <span title="Estimated cost: choose an endpoint with prices">
              <span className="text-zinc-500">est. </span>
              {costUsd == null ? "—" : `$${costUsd.toFixed(4)}`}
            </span>
            {errors > 0 && <span className="text-red-600">{errors} error{errors > 1 ? "s" : ""}</span>}
          </div>
        )}
        <div data-slot="run-controls" className="flex items-center gap-2">
          {children}
        </div>
        <Button variant="ghost" size="xs" onClick={onOpenPalette} aria-keyshortcuts="Control+K Meta+K">
          Commands <kbd className="rounded border border-zinc-300 px-1 font-mono text-[10px] dark:border-zinc-600">Ctrl K</kbd>
        </Button>
      </div>
    </header>
  );
}
