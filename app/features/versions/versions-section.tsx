/** The open contract's versions and labels in the left pane, bound to the store. */
import { useMemo } from "react";
import { labelsOf } from "../../../contracts/index.ts";
import { labelMoveRisk } from "../../../contracts/versions/label-move.ts";
import { VersionList, type VersionListItem } from "../../../components/versions/version-list.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { selectUnpublished } from "./version-indicator.ts";

export function VersionsSection() {
  const entry = useStudio(selectSelectedEntry);
  const contract = entry?.contract;
  const history = contract?.history;
  const versions: VersionListItem[] = useMemo(
    () =>
      contract
        ? [...(history?.versions ?? [])].reverse().map((v) => ({
            version: v.version,
            createdAt: v.createdAt,
            message: v.message,
            hash: v.hash,
            ...(v.review ? { review: v.review } : {}),
            labels: labelsOf(contract, v.version),
          }))
        : [],
    [history], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const unpublished = useStudio(selectUnpublished);
  if (!entry) return null;
  const key = entry.key;
  const s = studioStore.getState;
  return (
    <VersionList
      versions={versions}
      hasUnpublishedChanges={unpublished}
      labelMoves={history?.labelMoves ?? []}
      onPublish={() => s().setPublishDialogOpen(true)}
      onShare={() => s().setShareDialogOpen(true)}
      onRestore={(v) => {
        const r = s().restoreToDraft(key, v);
        s().notify({ message: r.ok ? `Version ${v} copied into the draft.` : r.errors.map((e) => e.message).join("; ") });
      }}
      onReview={(v) => {
        s().setReviewVersion(v);
        s().setSideTab("review");
      }}
      onCompare={(v) => {
        s().setDiffPick({ from: v, to: "draft" });
        s().setSideTab("diff");
      }}
      onMoveLabel={(label, version) => {
        const r = s().pointLabel(key, label, version);
        return r.ok ? null : r.errors.map((e) => e.message).join("; ");
      }}
      labelMoveRisk={(label, version) => labelMoveRisk(entry.contract, label, version)}
      onRemoveLabel={(label) => void s().dropLabel(key, label)}
    />
  );
}
