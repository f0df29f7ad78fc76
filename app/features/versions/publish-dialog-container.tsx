/** The Publish dialog bound to the open contract: the plan comes from planPublish. */
import { lazy, Suspense, useMemo } from "react";
import { planPublish } from "../../../contracts/index.ts";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";

// The dialog is its own chunk, fetched when it is first opened.
const PublishDialog = lazy(() => import("../../../components/versions/publish-dialog.tsx").then((m) => ({ default: m.PublishDialog })));

export function PublishDialogContainer() {
  const open = useStudio((s) => s.publishDialogOpen);
  const entry = useStudio(selectSelectedEntry);
  // Planned once per opening: the draft does not change while the dialog is modal.
  const plan = useMemo(() => (open && entry ? planPublish(entry.contract) : null), [open, entry?.key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!open || !entry || !plan) return null;
  const s = studioStore.getState;
  return (
    <Suspense fallback={null}>
      <PublishDialog
        contractName={entry.contract.name}
        suggested={plan.suggested}
        {...(plan.latest ? { latest: plan.latest } : {})}
        {...(plan.diff ? { verdict: plan.diff.verdict } : {})}
        onClose={() => s().setPublishDialogOpen(false)}
        onPublish={(input) => {
          const r = s().publishDraft(entry.key, input);
          if (!r.ok) return r.errors;
          s().setPublishDialogOpen(false);
          s().notify({ message: `Published version ${input.version}.` });
          return null;
        }}
      />
    </Suspense>
  );
}
