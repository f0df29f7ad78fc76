/** The top bar's version text: "Draft", "Draft · based on 1.2.0", or "1.2.0" when the draft is that version unchanged. */
import { useMemo } from "react";
import { hasUnpublishedChanges, latestVersion } from "../../../contracts/index.ts";
import { selectSelectedEntry, useStudio } from "../../store/index.ts";

export function useVersionText(): string {
  const contract = useStudio(selectSelectedEntry)?.contract;
  return useMemo(() => {
    if (!contract) return "Draft";
    const latest = latestVersion(contract)?.version;
    if (!latest) return "Draft";
    return hasUnpublishedChanges(contract) ? `Draft · based on ${latest}` : latest;
  }, [contract]);
}
