/**
 * The review view: a version's behaviour spec for product managers, rendered from reviewModel
 * (contracts/review.ts) so the page and the Markdown export say the same thing. Text from the
 * contract is shown as text (React escapes it), never as HTML.
 */
import type { ReactNode } from "react";
import { describeLatestRuns, type Review, type ReviewModel } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";
import { LevelBadge } from "../versions/verdict-view.tsx";
import { LabelChip, formatWhen } from "../versions/version-list.tsx";
import { ReviewStatusForm } from "./review-status-form.tsx";

export interface ReviewViewProps {
  model: ReviewModel | null;
  /** "draft" and the published versions, newest first. */
  refs: readonly string[];
  selected: string;
  onSelect: (ref: string) => void;
  onExportMarkdown: () => void;
  onPrint: () => void;
  full: boolean;
  onToggleFull: () => void;
  /** Sets a published version's review status; returns the error sentence when it could not. */
  onSaveReview?: (version: string, review: Review) => string | null;
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="review-block break-inside-avoid space-y-1.5">
      <h2 className="border-b border-zinc-200 pb-0.5 text-sm font-semibold dark:border-zinc-700">{title}</h2>
      {children}
    </section>
  );
}

function List({ items, empty }: { items: readonly string[]; empty: string }) {
  if (!items.length) return <p className="italic text-zinc-500">{empty}</p>;
  return (
    <ul className="ml-5 list-disc space-y-0.5">
      {items.map((i, n) => (
        <li key={n}>{i}</li>
      ))}
    </ul>
  );
}

function Table({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table aria-label={label} className="w-full border-collapse text-left text-xs">
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" className="border-b border-zinc-300 px-1.5 py-1 font-semibold dark:border-zinc-600">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className="align-top odd:bg-zinc-50 dark:odd:bg-zinc-800/40">
            {r.map((c, j) => (
              <td key={j} className="px-1.5 py-1">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

export function ReviewSpec({ m }: { m: ReviewModel }) {
  const withResults = m.tests.some((t) => t.result);
  return (
    <article aria-label={`Review of ${m.name}`} className="review-spec space-y-4 text-sm leading-relaxed">
      <header className="space-y-1">
        <h1 className="text-lg font-semibold">
          {m.name}: {m.version === "draft" ? "draft" : `version ${m.version}`}
        </h1>
        <div className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          {m.published && (
            <span>
              Published <time dateTime={m.published.createdAt}>{formatWhen(m.published.createdAt)}</time>: {m.published.message}
            </span>
          )}
          {m.published?.review && (
            <span>
              · Review: {m.published.review.status.replace("_", " ")}
              {m.published.review.by && ` by ${m.published.review.by}`}
              {m.published.review.at && ` (${m.published.review.at})`}
            </span>
          )}
          {m.labels.map((l) => (
            <LabelChip key={l} name={l} />
          ))}
          <span className="font-mono">hash {m.hash.slice(0, 12)}</span>
        </div>
      </header>
      <Block title="What the assistant is">
        <p className="whitespace-pre-wrap">{m.role}</p>
        {m.description && <p className="whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{m.description}</p>}
      </Block>
      <Block title="What it must do">
        <List items={m.must} empty="No rules given." />
      </Block>
      <Block title="What it must not do">
        <List items={m.mustNot} empty="No prohibitions given." />
      </Block>
      <Block title="How it refuses">
        <dl className="grid grid-cols-[11rem_1fr] gap-x-2 gap-y-0.5">
          <dt className="text-zinc-500">Refusal style</dt>
          <dd>{m.refusal.style || "not specified"}</dd>
          <dt className="text-zinc-500">When it does not know</dt>
          <dd>{m.refusal.unknownAnswer || "not specified"}</dd>
          <dt className="text-zinc-500">Topics it covers</dt>
          <dd>{m.refusal.allowedDomains.join(", ") || "any"}</dd>
          {m.refusal.disallowedDomains.length > 0 && (
            <>
              <dt className="text-zinc-500">Topics it declines</dt>
              <dd>{m.refusal.disallowedDomains.join(", ")}</dd>
            </>
          )}
          <dt className="text-zinc-500">Manner</dt>
          <dd>
            tone {m.manner.tone || "not specified"}; {m.manner.verbosity} answers; citations {m.manner.citations}
          </dd>
        </dl>
      </Block>
      <Block title="What it is asked to do">
        <blockquote className="whitespace-pre-wrap border-l-2 border-zinc-300 pl-2 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
          {m.task.instruction}
        </blockquote>
        {m.inputs.length > 0 && (
          <Table
            label="Inputs"
            head={["Input", "Type", "Required", "Default", "Description"]}
            rows={m.inputs.map((i) => [<code key="n">{i.name}</code>, i.type, yesNo(i.required), i.default ?? "", i.description])}
          />
        )}
      </Block>
      <Block title="Context it is given">
        <p>{m.context.explanation}</p>
        {m.context.items.length ? (
          <Table
            label="Context items"
            head={["Id", "Label", "Kind", "From", "Trusted"]}
            rows={m.context.items.map((it) => [<code key="i">{it.id}</code>, it.label, it.kind, it.source, yesNo(it.trusted)])}
          />
        ) : (
          <p className="italic text-zinc-500">No context items.</p>
        )}
      </Block>
      {m.tools.length > 0 && (
        <Block title="Tools it may call">
          <Table
            label="Tools"
            head={["Tool", "What it does", "Needs", "A person confirms first"]}
            rows={m.tools.map((t) => [<code key="n">{t.name}</code>, t.description, t.requiredInputs.join(", "), t.confirmation])}
          />
        </Block>
      )}
      <Block title="Output">
        <p>{m.output.summary}</p>
        {m.output.fields.length > 0 && (
          <Table
            label="Output fields"
            head={["Field", "Type", "Required", "Description"]}
            rows={m.output.fields.map((f) => [<code key="p">{f.path}</code>, f.type, yesNo(f.required), f.description])}
          />
        )}
        {m.output.sections.length > 0 && (
          <Table
            label="Output sections"
            head={["Section", "Required", "Description"]}
            rows={m.output.sections.map((s) => [s.heading, yesNo(s.required), s.description])}
          />
        )}
      </Block>
      <Block title="Test cases">
        {m.tests.length ? (
          <Table
            label="Test cases"
            head={["Test", "Checks", ...(withResults ? ["Latest result"] : [])]}
            rows={m.tests.map((t) => [
              `${t.id}${t.name ? ` (${t.name})` : ""}${t.split !== "dev" ? ` [${t.split}]` : ""}`,
              t.checks.join(" ") || "no checks",
              ...(withResults ? [t.result ? `${t.result.passed ? "pass" : "FAIL"}${t.result.detail ? `: ${t.result.detail}` : ""}` : "not run"] : []),
            ])}
          />
        ) : (
          <p className="italic text-zinc-500">No test cases.</p>
        )}
        {m.tests.length > 0 && m.impliedChecks.length > 0 && (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Every case also checks, from the contract: {m.impliedChecks.join(" ")}</p>
        )}
      </Block>
      {m.latestRuns && <LatestRuns runs={m.latestRuns} />}
      {m.changes && (
        <Block title={`What changed since ${/^\d/.test(m.changes.since) ? `version ${m.changes.since}` : m.changes.since}`}>
          {m.changes.sentences.length === 0 ? (
            <p>Nothing.</p>
          ) : (
            <>
              <p className="flex items-center gap-1.5">
                Verdict: <LevelBadge level={m.changes.level} />
                {m.changes.suggested && <span>(next version {m.changes.suggested})</span>}
              </p>
              <ul className="space-y-0.5">
                {m.changes.sentences.map((s, i) => (
                  <li key={i} className="flex items-start gap-1.5">
                    <LevelBadge level={s.level} />
                    <span>{s.sentence}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Block>
      )}
    </article>
  );
}

function LatestRuns({ runs }: { runs: NonNullable<ReviewModel["latestRuns"]> }) {
  const d = describeLatestRuns(runs);
  return (
    <Block title="Latest runs of this version">
      <p>{d.summary}</p>
      {d.latest && runs.latest && (
        <p>
          {d.latest}, <time dateTime={runs.latest.at}>{formatWhen(runs.latest.at)}</time>
        </p>
      )}
    </Block>
  );
}

export function ReviewView(p: ReviewViewProps) {
  const m = p.model;
  const onSaveReview = p.onSaveReview;
  return (
    <div className="review-root space-y-3 p-3">
      <div className="no-print flex flex-wrap items-end gap-2">
        <label className="block w-36">
          <span className={labelClass}>Review version</span>
          <select className={inputClass} value={p.selected} onChange={(e) => p.onSelect(e.target.value)}>
            {p.refs.map((r) => (
              <option key={r} value={r}>
                {r === "draft" ? "Draft" : r}
              </option>
            ))}
          </select>
        </label>
        <Button size="xs" onClick={p.onExportMarkdown} disabled={!p.model}>
          Export Markdown
        </Button>
        <Button size="xs" onClick={p.onPrint} disabled={!p.model}>
          Print
        </Button>
        <Button size="xs" variant="ghost" aria-pressed={p.full} onClick={p.onToggleFull}>
          {p.full ? "Close full view" : "Full view"}
        </Button>
      </div>
      {m?.published && onSaveReview && (
        <ReviewStatusForm
          key={`${m.version}:${JSON.stringify(m.published.review ?? null)}`}
          review={m.published.review}
          onSave={(review) => onSaveReview(m.version, review)}
        />
      )}
      {m ? <ReviewSpec m={m} /> : <p className="text-sm text-zinc-500">Open a contract to review it.</p>}
    </div>
  );
}
