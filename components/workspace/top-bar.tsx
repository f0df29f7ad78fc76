/** The top bar: contract name and version, the live meter, and slots for endpoint and run controls. */
import type { ReactNode } from "react";
import { Button } from "../ui/button.tsx";
import { formatCount, formatUsd } from "../../contracts/format-figures.ts";

export interface TopBarProps {
  name: string | null;
  /** "Draft" or, once published, e.g. "Draft · based on 1.2.0". */
  version: string;
  labels: readonly { name: string; version: string }[];
  tokens: number | null;
  /** What the count is (see PromptCountView in preview-pane.tsx); absent: unlabelled. */
  tokensBasis?: "exact" | "updating" | "estimate" | "openai" | null;
  /** One sentence on where the count comes from (the count's title). */
  tokensNote?: string;
  /** Estimated cost; null until an endpoint with prices is chosen. */
  costUsd: number | null;
  errors: number;
  /** Endpoint/model pickers and Run/Stop go here. */
  children?: ReactNode;
  onOpenPalette: () => void;
  saved: boolean;
}

/**
 * "Draft · based on 1.2.0" is long for a narrow window: below the xl breakpoint (1280 px) the
 * words "based on " are hidden, so the badge reads "Draft · 1.2.0" and is never clipped. The
 * hidden words stay in the text content, so the badge still says the whole thing to tests and
 * its title.
 */
function VersionBadge({ version }: { version: string }) {
  const m = /^(.*?)based on (.*)$/.exec(version);
  return (
    <span
      title={version}
      className="shrink-0 rounded-full bg-zinc-100 px-2 py-px text-[11px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      data-testid="version-indicator"
    >
      {m ? (
        <>
          {m[1]}
          <span className="hidden xl:inline">based on </span>
          {m[2]}
        </>
      ) : (
        version
      )}
    </span>
  );
}

/**
 * Label badges: the first one always, a second from 2xl (1536 px) up, the rest summed up in a "+N" badge
 * whose title lists them, so many labels never push the header onto two lines.
 */
function LabelBadges({ labels }: { labels: TopBarProps["labels"] }) {
  const badge = "shrink-0 rounded-full bg-emerald-100 px-2 py-px text-[11px] text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300";
  const more = (from: number) => {
    const rest = labels.slice(from);
    const all = rest.map((l) => `${l.name} ${l.version}`).join(", ");
    return { n: rest.length, title: `${rest.length} more label${rest.length > 1 ? "s" : ""}: ${all}` };
  };
  const narrow = more(1);
  const wide = more(2);
  return (
    <>
      {labels.map((l, i) => (
        <span key={l.name} className={`${badge} ${i === 0 ? "" : i === 1 ? "hidden 2xl:inline" : "hidden"}`}>
          {l.name} {l.version}
        </span>
      ))}
      {narrow.n > 0 && (
        <span className={`${badge} 2xl:hidden`} title={narrow.title} aria-label={narrow.title}>
          +{narrow.n}
        </span>
      )}
      {wide.n > 0 && (
        <span className={`${badge} hidden 2xl:inline`} title={wide.title} aria-label={wide.title}>
          +{wide.n}
        </span>
      )}
    </>
  );
}

/**
 * One line from 1024 px up: nothing wraps (whitespace-nowrap), every badge and control keeps
 * its width (shrink-0), and only the contract name gives way, truncated with its full text in
 * the title but never narrower than 6rem. Narrower windows drop words, never figures: below
 * xl (1280 px) the meter's "in"/"est." and the version's "based on", below 2xl (1536 px) the
 * brand's name, Commands' word and a second label (screen readers still get the words).
 */
export function TopBar({ name, version, labels, tokens, tokensBasis, tokensNote, costUsd, errors, children, onOpenPalette, saved }: TopBarProps) {
  return (
    <header className="flex h-11 shrink-0 items-center gap-2 whitespace-nowrap border-b border-zinc-200 bg-white px-3 xl:gap-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex min-w-0 flex-1 items-center gap-2 xl:gap-3">
        <span className="flex shrink-0 items-center gap-1.5 text-sm font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-4 w-4 rounded bg-gradient-to-br from-indigo-500 to-violet-600" />
          <span className="sr-only 2xl:not-sr-only">Contract Studio</span>
        </span>
        <span aria-hidden className="hidden text-zinc-300 2xl:inline dark:text-zinc-700">
          /
        </span>
        <h1 title={name ?? undefined} className="min-w-24 max-w-[22rem] truncate text-sm font-medium">
          {name ?? "No contract open"}
        </h1>
        {name && <VersionBadge version={version} />}
        <LabelBadges labels={labels} />
        {name && (
          <span role="status" aria-label="Save state" data-saved={saved} className="shrink-0 text-[11px] text-zinc-400">
            {saved ? "Saved" : "Saving…"}
          </span>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-2 xl:gap-3">
        {name && (
          <div
            role="status"
            aria-label="Request meter"
            className="flex items-center gap-2 rounded-md border border-zinc-200 px-2 py-0.5 font-mono text-xs tabular-nums dark:border-zinc-700"
          >
            <span title={tokensNote ? `Prompt tokens of the assembled request. ${tokensNote}` : "Prompt tokens of the assembled request"}>
              <span className="sr-only text-zinc-500 xl:not-sr-only">in </span>
              {/* An estimate is marked by a figure-sized "~" at every width; "exact" is a word, dropped below xl. */}
              {tokensBasis === "estimate" && tokens != null && (
                <span aria-hidden className="text-zinc-500">
                  ~
                </span>
              )}
              <span data-testid="meter-tokens">{tokens == null ? "…" : formatCount(tokens)}</span>
              {tokensBasis === "estimate" && <span className="sr-only"> (estimate)</span>}
              {tokensBasis === "exact" && <span className="sr-only text-emerald-700 xl:not-sr-only dark:text-emerald-400"> exact</span>}
              {tokensBasis === "updating" && (
                <span className="text-zinc-400">
                  …<span className="sr-only"> (the server's count is updating)</span>
                </span>
              )}
            </span>
            <span className="text-zinc-300 dark:text-zinc-600">|</span>
            <span title={costUsd == null ? "Estimated cost: choose an endpoint with prices" : "Estimated input cost, from the profile's prices"}>
              <span className="sr-only text-zinc-500 xl:not-sr-only">est. </span>
              {formatUsd(costUsd)}
            </span>
            {errors > 0 && (
              <span className="text-red-600">
                {errors} error{errors > 1 ? "s" : ""}
              </span>
            )}
          </div>
        )}
        <div data-slot="run-controls" className="flex items-center gap-2">
          {children}
        </div>
        <Button variant="ghost" size="xs" onClick={onOpenPalette} aria-keyshortcuts="Control+K Meta+K">
          <span className="sr-only 2xl:not-sr-only">Commands </span>
          <kbd className="rounded border border-zinc-300 px-1 font-mono text-[10px] dark:border-zinc-600">Ctrl K</kbd>
        </Button>
      </div>
    </header>
  );
}
