/**
 * The Review tab, its full-window mode, and the printable copy: all render reviewModel() of the
 * chosen version (default: the latest, or the draft before any publish). Print shows only the
 * review: a copy is portalled to <body> and the print stylesheet hides everything else.
 */
import { useDeferredValue, useMemo } from "react";
import { createPortal } from "react-dom";
import { reviewMarkdown, reviewModel, type Contract, type ReviewModel } from "../../../contracts/index.ts";
import { ReviewSpec, ReviewView } from "../../../components/review/review-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { downloadText } from "./download.ts";

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
  const model = useMemo(() => {
    if (!contract) return null;
    const r = reviewModel(contract, selected);
    return r.ok ? r.value : null;
  }, [contract, selected]);
  return { contract, refs, selected, model };
}

export function exportReview(contract: Contract, version: string): void {
  const md = reviewMarkdown(contract, version);
  if (!md.ok) {
    studioStore.getState().notify({ message: md.errors.map((e) => e.message).join("; ") });
    return;
  }
  downloadText(`${contract.id}-${version}.review.md`, md.value);
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
      onExportMarkdown={() => contract && exportReview(contract, selected)}
      onPrint={() => window.print()}
      full={full}
      onToggleFull={() => s().setReviewFull(!full)}
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
