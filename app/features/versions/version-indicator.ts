/** The top bar's version text: "Draft", "Draft · based on 1.2.0", or "1.2.0" when the draft is that version unchanged. */
import { latestVersion, versionContentHash } from "../../../contracts/index.ts";
import { selectSelectedEntry, useStudio, type StudioState } from "../../store/index.ts";

/**
 * Whether the open draft differs from its latest version. The draft's hash comes from the
 * assembly worker (see AssemblyOutcome.draftHash), so typing never hashes the draft here;
 * until the worker has answered for this contract, the draft counts as changed.
 */
export function selectUnpublished(s: StudioState): boolean {
  const entry = selectSelectedEntry(s);
  if (!entry) return false;
  const latest = latestVersion(entry.contract);
  if (!latest) return true;
  const hash = s.assembledFor?.key === entry.key ? s.assembly?.draftHash : null;
  if (!hash) return true;
  // A version frozen in an older format revision hashes differently today (versionContentHash).
  return hash !== latest.hash && hash !== versionContentHash(latest);
}

export function useVersionText(): string {
  const latest = useStudio((s) => {
    const c = selectSelectedEntry(s)?.contract;
    return c ? latestVersion(c)?.version : undefined;
  });
  const unpublished = useStudio(selectUnpublished);
  if (!latest) return "Draft";
  return unpublished ? `Draft · based on ${latest}` : latest;
}
