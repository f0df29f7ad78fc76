/**
 * The Review tab, its full-window mode, and the printable copy: all render reviewModel() of the
 * chosen version (default: the latest, or the draft before any publish). Print shows only the
 * review: a copy is portalled to <body> and the print stylesheet hides everything else.
 * "Latest runs of this version" comes from the run history, matched on the model's content hash
 * (the draft's is the one reviewModel computes anyway, so it is never behind the text shown).
 */
import { useDeferredValue, useMemo } from "react";
import { createPortal } from "react-dom";
import { renderReviewMarkdown, reviewModel, type Contract, type Review, type ReviewModel } from "../../../contracts/index.ts";
import { ReviewSpec, ReviewView } from "../../../components/review/review-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { selectOpenHistory } from "../../store/runs-slice.ts";
import { downloadText } from "./download.ts";
import { latestRunsOf, versionHashes } from "./latest-runs.ts";

function refsOf(contract: Contract | undefined): string[] {
  return ["draft", ...[...(contract?.history?.versions ?? [])].reverse().map((v) => v.version)];
}

function useReview(): { contract: Contract | undefined; refs: string[]; selected: string; model: ReviewModel | null } {
  const entry = useStudio(selectSelectedEntry);
  const wanted = useStudio((s) => s.reviewVersion);
  // Deferred: building the model hashes the draft, which must not hold up a keystroke.
  const contract = useDeferredValue(entry?.contract);
  const refs = useMemo(() => refsOf(contract), [contract?.history]); // eslint-disable-line react-hooks/exhaustive-deps
  const selected = wanted && refs.includes(wanted) ? wanted : (refs[1] ?? "draft");
  const spec = useMemo(() => {
    if (!contract) return null;
    const r = reviewModel(contract, selected);
    return r.ok ? r.value : null;
  }, [contract, selected]);
  // The open contract's own runs only (by workspace key); until they have loaded, say nothing rather than "no runs".
  const runHistory = useStudio(selectOpenHistory);
  const model = useMemo(
    () => (spec && runHistory ? { ...spec, latestRuns: latestRunsOf(runHistory, versionHashes(contract, selected, spec.hash)) } : spec),
    [spec, runHistory, contract, selected],
  );
  return { contract, refs, selected, model };
}

/** Downloads the review as shown (the same model, so the file and the page agree). */
export function exportReview(contract: Contract, model: ReviewModel): void {
  downloadText(`${contract.id}-${model.version}.review.md`, renderReviewMarkdown(model));
}

function saveReview(version: string, review: Review): string | null {
  const s = studioStore.getState();
  if (!s.selectedKey) return "No contract is open.";
  const r = s.reviewVersionStatus(s.selectedKey, version, review);
  return r.ok ? null : r.errors.map((e) => e.message).join("; ");
}

export function ReviewTab() {
  const { contract, refs, selected, model } = useReview();
  const full = useStudio((s) => s.reviewFull);
  const s = studioStore.getState;
  return (
    <ReviewView
      model={model}
      refs={refs}
      selected={selected}
      onSelect={(v) => s().setReviewVersion(v)}
      onExportMarkdown={() => contract && model && exportReview(contract, model)}
      onPrint={() => window.print()}
      full={full}
      onToggleFull={() => s().setReviewFull(!full)}
      onSaveReview={saveReview}
    />
  );
}

/** The review over the whole window (Escape or "Close full view" leaves it). */
export function ReviewFullView() {
  const full = useStudio((s) => s.reviewFull);
  if (!full) return null;
  return (
    <div
      role="region"
      aria-label="Review, full view"
      className="fixed inset-0 z-40 overflow-auto bg-white dark:bg-zinc-950"
      onKeyDown={(e) => e.key === "Escape" && studioStore.getState().setReviewFull(false)}
    >
      <div className="mx-auto max-w-4xl">
        <ReviewTab />
      </div>
    </div>
  );
}

/** The copy that prints: present while a review is on screen, hidden except in print. */
export function PrintableReview() {
  const shown = useStudio((s) => s.sideTab === "review" || s.reviewFull);
  return shown ? <PrintableReviewCopy /> : null;
}

/** Built only while a review is on screen: the model costs a hash of the whole draft. */
function PrintableReviewCopy() {
  const { model } = useReview();
  if (!model) return null;
  return createPortal(
    <div className="print-only" aria-hidden="true">
      <ReviewSpec m={model} />
    </div>,
    document.body,
  );
}
