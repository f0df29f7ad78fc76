/** The Diff tab bound to the open contract: picks default to the latest version against the draft. */
import { useMemo } from "react";
import { bodyAt, diffContracts, sectionTexts, type Contract } from "../../../contracts/index.ts";
import { DiffView } from "../../../components/versions/diff-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";

/** The default comparison: the latest version and the draft, or the last two versions. */
export function defaultPick(contract: Contract): { from: string; to: string } {
  const versions = (contract.history?.versions ?? []).map((v) => v.version);
  const latest = versions.at(-1);
  if (!latest) return { from: "draft", to: "draft" };
  return { from: latest, to: "draft" };
}

export function DiffTab() {
  const entry = useStudio(selectSelectedEntry);
  const pick = useStudio((s) => s.diffPick);
  const contract = entry?.contract;
  const refs = useMemo(() => [...(contract?.history?.versions ?? []).map((v) => v.version), "draft"], [contract?.history]);
  const valid = pick && refs.includes(pick.from) && refs.includes(pick.to) ? pick : contract ? defaultPick(contract) : null;
  const computed = useMemo(() => {
    if (!contract || !valid || valid.from === valid.to) return null;
    const a = bodyAt(contract, valid.from);
    const b = bodyAt(contract, valid.to);
    if (!a.ok || !b.ok) return null;
    return { diff: diffContracts(a.value, b.value), texts: { before: sectionTexts(a.value), after: sectionTexts(b.value) } };
  }, [contract, valid?.from, valid?.to]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!contract || !valid) return <p className="p-4 text-sm text-zinc-500">Open a contract to compare its versions.</p>;
  return (
    <DiffView
      refs={refs}
      from={valid.from}
      to={valid.to}
      onPick={(from, to) => studioStore.getState().setDiffPick({ from, to })}
      diff={computed?.diff ?? null}
      texts={computed?.texts ?? null}
    />
  );
}
