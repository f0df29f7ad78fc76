/**
 * Under the open contract: its published versions (newest first) with their label chips, the
 * labels and where they point, a form to point a label at a version, and the log of label moves.
 */
import { useState, type FormEvent } from "react";
import type { LabelMove, Review } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";

export interface VersionListItem {
  version: string;
  createdAt: string;
  message: string;
  hash: string;
  review?: Review;
  labels: string[];
}

export interface VersionListProps {
  /** Newest first. */
  versions: readonly VersionListItem[];
  hasUnpublishedChanges: boolean;
  labelMoves: readonly LabelMove[];
  onPublish: () => void;
  onShare: () => void;
  onRestore: (version: string) => void;
  onReview: (version: string) => void;
  onCompare: (version: string) => void;
  /** Returns an error sentence when the move was refused. */
  onMoveLabel: (label: string, version: string) => string | null;
  /** A move that crosses a major change (a guarded label such as production): asked first. */
  labelMoveRisk?: (label: string, version: string) => LabelMoveRiskView | null;
  onRemoveLabel: (label: string) => void;
}

export interface LabelMoveRiskView {
  label: string;
  from: string;
  to: string;
  reasons: readonly { path: string; sentence: string }[];
}

const SUGGESTED_LABELS = ["production", "staging"];

export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function LabelChip({ name, version }: { name: string; version?: string }) {
  return (
    <span className="inline-flex items-center rounded-full bg-emerald-100 px-1.5 py-px text-[11px] font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
      {name}
      {version && <span className="ml-1 font-mono">{version}</span>}
    </span>
  );
}

function LabelForm({
  versions,
  onMoveLabel,
  labelMoveRisk,
}: {
  versions: readonly VersionListItem[];
  onMoveLabel: VersionListProps["onMoveLabel"];
  labelMoveRisk: VersionListProps["labelMoveRisk"];
}) {
  const [label, setLabel] = useState("production");
  const [version, setVersion] = useState(versions[0]?.version ?? "");
  const [error, setError] = useState<string | null>(null);
  const [risk, setRisk] = useState<LabelMoveRiskView | null>(null);
  const current = versions.some((v) => v.version === version) ? version : (versions[0]?.version ?? "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = labelMoveRisk?.(label, current) ?? null;
    if (r) setRisk(r);
    else setError(onMoveLabel(label, current));
  };
  return (
    <form onSubmit={submit} aria-label="Point a label" className="space-y-1.5">
      <div className="grid grid-cols-[1fr_5.5rem] gap-1.5">
        <label className="block">
          <span className={labelClass}>Label name</span>
          <input
            className={inputClass}
            list="label-suggestions"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
          <datalist id="label-suggestions">
            {SUGGESTED_LABELS.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </label>
        <label className="block">
          <span className={labelClass}>Label version</span>
          <select className={inputClass} value={current} onChange={(e) => setVersion(e.target.value)}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Button size="xs" type="submit">
        Point label
      </Button>
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {risk && (
        <ConfirmLabelMove
          risk={risk}
          onCancel={() => setRisk(null)}
          onConfirm={() => {
            setRisk(null);
            setError(onMoveLabel(risk.label, risk.to));
          }}
        />
      )}
    </form>
  );
}

/** Moving a guarded label across a major change: the verdict, the versions and why, before anything moves. */
function ConfirmLabelMove({ risk, onCancel, onConfirm }: { risk: LabelMoveRiskView; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Dialog
      title={`Move ${risk.label} from ${risk.from} to ${risk.to}?`}
      onClose={onCancel}
      wide
      footer={
        <>
          <Button onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            Move {risk.label} to {risk.to}
          </Button>
        </>
      }
    >
      <p>
        The verdict from <strong>{risk.from}</strong> (where <strong>{risk.label}</strong> points now) to <strong>{risk.to}</strong> is{" "}
        <strong className="text-red-700 dark:text-red-400">major</strong>: code that reads {risk.label}&apos;s output or fills its variables may break.
      </p>
      <ul aria-label="Major changes" className="mt-2 list-disc space-y-0.5 pl-5">
        {risk.reasons.map((r, i) => (
          <li key={i}>
            {r.sentence} <code className="font-mono text-xs text-zinc-500">{r.path}</code>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function VersionList(p: VersionListProps) {
  const [confirm, setConfirm] = useState<string | null>(null);
  const labels = p.versions.flatMap((v) => v.labels.map((l) => ({ name: l, version: v.version }))).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-label="Versions" className="space-y-2 p-2 text-sm">
      <div className="flex items-center justify-between">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Versions</h2>
        <Button
          size="xs"
          variant="primary"
          onClick={p.onPublish}
          disabled={!p.hasUnpublishedChanges}
          title={p.hasUnpublishedChanges ? undefined : "The draft is the same as the latest version"}
        >
          Publish version…
        </Button>
      </div>
      <div className="flex items-center gap-1">
        <p className="text-xs text-zinc-500">
          {p.hasUnpublishedChanges ? "The draft has unpublished changes." : "The draft is the same as the latest version."}
        </p>
        <Button size="xs" variant="ghost" className="ml-auto shrink-0" onClick={p.onShare}>
          Copy share link
        </Button>
      </div>
      {p.versions.length === 0 ? (
        <p className="text-xs text-zinc-500">Nothing published yet. Publish the draft to freeze it as version 1.0.0.</p>
      ) : (
        <ol aria-label="Published versions" className="space-y-1.5">
          {p.versions.map((v) => (
            <li key={v.version} aria-label={`Version ${v.version}`} className="rounded-md border border-zinc-200 p-1.5 dark:border-zinc-700">
              <div className="flex flex-wrap items-center gap-1">
                <span className="font-mono text-xs font-semibold">{v.version}</span>
                {v.labels.map((l) => (
                  <LabelChip key={l} name={l} />
                ))}
                {v.review && v.review.status !== "draft" && (
                  <span className="text-[11px] text-zinc-500">{v.review.status === "approved" ? "approved" : "in review"}</span>
                )}
              </div>
              <p className="text-[11px] text-zinc-500">
                <time dateTime={v.createdAt}>{formatWhen(v.createdAt)}</time>
              </p>
              <p className="break-words text-xs">{v.message}</p>
              <div className="mt-1 flex flex-wrap gap-1">
                <Button size="xs" variant="ghost" onClick={() => p.onReview(v.version)} aria-label={`Review ${v.version}`}>
                  Review
                </Button>
                <Button size="xs" variant="ghost" onClick={() => p.onCompare(v.version)} aria-label={`Compare ${v.version} with the draft`}>
                  Diff
                </Button>
                <Button size="xs" variant="ghost" onClick={() => setConfirm(v.version)} aria-label={`Restore ${v.version} to draft`}>
                  Restore to draft
                </Button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {p.versions.length > 0 && (
        <div className="space-y-2 border-t border-zinc-200 pt-2 dark:border-zinc-800">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Labels</h3>
          {labels.length === 0 ? (
            <p className="text-xs text-zinc-500">No labels yet: point production or staging at a version.</p>
          ) : (
            <ul aria-label="Labels" className="space-y-0.5">
              {labels.map((l) => (
                <li key={l.name} className="flex items-center gap-1 text-xs">
                  <LabelChip name={l.name} />
                  <span aria-hidden>→</span>
                  <span className="font-mono">{l.version}</span>
                  <Button size="xs" variant="ghost" className="ml-auto" aria-label={`Remove label ${l.name}`} onClick={() => p.onRemoveLabel(l.name)}>
                    ✕
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <LabelForm versions={p.versions} onMoveLabel={p.onMoveLabel} labelMoveRisk={p.labelMoveRisk} />
          {p.labelMoves.length > 0 && (
            <details open>
              <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">Label history</summary>
              <ol aria-label="Label history" className="mt-1 space-y-0.5 text-[11px] text-zinc-600 dark:text-zinc-400">
                {[...p.labelMoves].reverse().map((m, i) => (
                  <li key={i}>
                    <strong>{m.label}</strong>{" "}
                    {m.from === null ? `set to ${m.to}` : m.to === null ? `removed (was ${m.from})` : `moved from ${m.from} to ${m.to}`}
                    {", "}
                    <time dateTime={m.at}>{formatWhen(m.at)}</time>
                    {m.by ? ` by ${m.by}` : ""}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </div>
      )}
      {confirm && (
        <Dialog
          title={`Restore ${confirm} to the draft?`}
          onClose={() => setConfirm(null)}
          footer={
            <>
              <Button onClick={() => setConfirm(null)}>Cancel</Button>
              <Button
                variant="danger"
                onClick={() => {
                  p.onRestore(confirm);
                  setConfirm(null);
                }}
              >
                Restore
              </Button>
            </>
          }
        >
          <p>
            The draft will be replaced by a copy of version <strong>{confirm}</strong>. Published versions stay as they are
            {p.hasUnpublishedChanges ? "; the draft's unpublished changes will be lost unless you publish them first" : ""}.
          </p>
        </Dialog>
      )}
    </section>
  );
}
