/**
 * The Diff tab: pick two of (versions…, draft), then the semantic diff section by section in
 * sentences, the verdict with its reasons and the suggested next version, and each changed
 * section's text in Monaco's diff editor (on demand). Everything shown is computed in contracts/.
 */
import { useState } from "react";
import type { DiffSection, SemanticDiff } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";
import { LevelBadge, VerdictView } from "./verdict-view.tsx";
import { TextDiff } from "./text-diff.tsx";

export const SECTION_TITLES: Record<DiffSection, string> = {
  meta: "Name and description",
  policy: "Policy",
  task: "Task",
  variables: "Variables",
  context: "Context",
  output: "Output",
  model: "Model settings",
  tests: "Tests",
  tools: "Tools",
};

const SECTION_LANGUAGE: Record<DiffSection, "json" | "markdown"> = {
  meta: "json",
  policy: "markdown",
  task: "markdown",
  variables: "json",
  context: "json",
  output: "json",
  model: "json",
  tests: "json",
  tools: "json",
};

export interface DiffViewProps {
  /** "draft" and the published versions, oldest first. */
  refs: readonly string[];
  from: string;
  to: string;
  onPick: (from: string, to: string) => void;
  diff: Pick<SemanticDiff, "sections" | "verdict"> | null;
  /** The text of each section on both sides, for the text diff. */
  texts: { before: Record<DiffSection, string>; after: Record<DiffSection, string> } | null;
}

const refLabel = (r: string) => (r === "draft" ? "Draft" : r);

function Picker({ label, value, refs, onChange }: { label: string; value: string; refs: readonly string[]; onChange: (v: string) => void }) {
  return (
    <label className="block">
      <span className={labelClass}>{label}</span>
      <select className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {refs.map((r) => (
          <option key={r} value={r}>
            {refLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );
}

function SectionTextDiff({ section, before, after }: { section: DiffSection; before: string; after: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-1">
      <Button size="xs" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide" : "Show"} text diff of {SECTION_TITLES[section].toLowerCase()}
      </Button>
      {open && (
        <div className="mt-1">
          <TextDiff label={`Text diff of ${SECTION_TITLES[section].toLowerCase()}`} original={before} modified={after} language={SECTION_LANGUAGE[section]} />
        </div>
      )}
    </div>
  );
}

export function DiffView({ refs, from, to, onPick, diff, texts }: DiffViewProps) {
  if (refs.length < 2) return <p className="p-4 text-sm text-zinc-500">Publish a version first: then compare it with the draft or with later versions.</p>;
  const changed = diff?.sections.filter((s) => s.changes.length > 0) ?? [];
  return (
    <div className="space-y-3 p-3 text-sm">
      <div className="grid grid-cols-[1fr_auto_1fr] items-end gap-2" role="group" aria-label="Compare">
        <Picker label="Compare from" value={from} refs={refs} onChange={(v) => onPick(v, to)} />
        <Button size="xs" variant="ghost" className="mb-1" aria-label="Swap sides" onClick={() => onPick(to, from)}>
          ⇄
        </Button>
        <Picker label="Compare to" value={to} refs={refs} onChange={(v) => onPick(from, v)} />
      </div>
      {from === to ? (
        <p className="text-zinc-500">Pick two different versions to compare.</p>
      ) : !diff ? (
        <p className="text-zinc-500">Comparing…</p>
      ) : (
        <>
          <section aria-label="Verdict and reasons" className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <VerdictView verdict={diff.verdict} from={from} />
          </section>
          {changed.length === 0 ? (
            <p className="text-zinc-500">
              {refLabel(from)} and {refLabel(to)} are the same.
            </p>
          ) : (
            changed.map((s) => (
              <section key={s.section} aria-label={`${SECTION_TITLES[s.section]} changes`} className="border-t border-zinc-200 pt-2 dark:border-zinc-800">
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">{SECTION_TITLES[s.section]}</h3>
                <ul className="space-y-0.5">
                  {s.changes.map((c, i) => (
                    <li key={i} className="flex items-start gap-1.5">
                      <LevelBadge level={c.level} />
                      <span>{c.sentence}</span>
                    </li>
                  ))}
                </ul>
                {texts && texts.before[s.section] !== texts.after[s.section] && (
                  <SectionTextDiff section={s.section} before={texts.before[s.section]} after={texts.after[s.section]} />
                )}
              </section>
            ))
          )}
        </>
      )}
    </div>
  );
}
