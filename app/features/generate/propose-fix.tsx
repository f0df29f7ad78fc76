/**
 * Suite tab: "Propose a fix from failing cases…". The failing cells of the suite shown are
 * gathered per case (contracts/generate/fix-prompt.ts), a model the user picks proposes a patch,
 * and the proposal is shown as the semantic diff with its verdict (contracts/diff). It is
 * applied to the draft only when the user accepts it, and only if the draft has not changed
 * since the proposal was made (otherwise the patch would undo those edits).
 */
import { useMemo, useRef, useState } from "react";
import type { Contract } from "../../../contracts/schema/contract.ts";
import { failingCases, fixRequest } from "../../../contracts/generate/fix-prompt.ts";
import { parseProposedFix, type ProposedFix } from "../../../contracts/generate/fix-parse.ts";
import { ModelChoice } from "../../../components/endpoints/model-choice.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Dialog } from "../../../components/ui/dialog.tsx";
import { LevelBadge, VerdictView } from "../../../components/versions/verdict-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { defaultChoice, sendGeneration } from "./send.ts";

type Cells = Parameters<typeof failingCases>[1];
type Phase =
  | { kind: "idle" }
  | { kind: "asking" }
  | { kind: "failed"; message: string }
  | { kind: "proposal"; fix: Extract<ProposedFix, { ok: true }>; basedOn: Contract };

const SECTION_TITLES: Record<string, string> = {
  policy: "Policy",
  task: "Task",
  output: "Output",
  meta: "Contract",
  variables: "Variables",
  context: "Context",
  model: "Model",
  tests: "Tests",
  tools: "Tools",
};

function ProposeFixDialog({ contractKey, contract, cells, onClose }: { contractKey: string; contract: Contract; cells: Cells; onClose: () => void }) {
  const profiles = useStudio((s) => s.profiles);
  const current = useStudio((s) => s.entries[contractKey]?.contract);
  const [choice, setChoice] = useState(defaultChoice);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const failing = useMemo(() => failingCases(contract, cells), [contract, cells]);

  const ask = async () => {
    abort.current?.abort();
    const controller = (abort.current = new AbortController());
    setPhase({ kind: "asking" });
    const basedOn = contract;
    const sent = await sendGeneration(choice.profileId, fixRequest(basedOn, failing, { model: choice.model }), controller.signal);
    if (controller.signal.aborted) return;
    if (!sent.ok) return setPhase({ kind: "failed", message: sent.message });
    const fix = parseProposedFix(sent.text, basedOn);
    setPhase(fix.ok ? { kind: "proposal", fix, basedOn } : { kind: "failed", message: fix.message });
  };
  const stale = phase.kind === "proposal" && current !== phase.basedOn;
  const apply = () => {
    if (phase.kind !== "proposal" || stale) return;
    const { policy, task, output } = phase.fix.proposed;
    studioStore.getState().updateContract(contractKey, (c) => ({ ...c, policy, task, output }));
    studioStore.getState().notify({ message: "Applied the proposed change to the draft. Run the suite again to see whether the cases pass." });
    onClose();
  };
  const close = () => {
    abort.current?.abort();
    onClose();
  };
  const changed = phase.kind === "proposal" ? phase.fix.diff.sections.filter((s) => s.changes.length > 0) : [];

  return (
    <Dialog
      title="Propose a fix"
      wide
      onClose={close}
      footer={
        <>
          <Button onClick={close}>{phase.kind === "proposal" ? "Discard" : "Close"}</Button>
          <Button variant="primary" disabled={phase.kind !== "proposal" || stale} onClick={apply}>
            Apply the change
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        <p className="text-zinc-600 dark:text-zinc-400">
          {failing.length === 1 ? "1 case fails" : `${failing.length} cases fail`} in these results ({failing.map((f) => f.caseId).join(", ")}). A model
          proposes a change to the contract; you see what it changes and how it affects the code that uses the contract before anything is applied.
        </p>
        <div className="flex flex-wrap items-end gap-2">
          <ModelChoice profiles={profiles} {...choice} disabled={phase.kind === "asking"} onChange={(profileId, model) => setChoice({ profileId, model })} />
          <Button variant="primary" disabled={phase.kind === "asking" || !choice.model || failing.length === 0} onClick={() => void ask()}>
            {phase.kind === "proposal" ? "Ask again" : "Ask for a fix"}
          </Button>
        </div>
        {phase.kind === "asking" && (
          <p role="status" className="text-zinc-500">
            Asking {choice.model} for a fix…
          </p>
        )}
        {phase.kind === "failed" && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {phase.message}
          </p>
        )}
        {phase.kind === "proposal" && (
          <section aria-label="Proposed change" className="space-y-2">
            {phase.fix.explanation && <p className="italic">{phase.fix.explanation}</p>}
            <div className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
              <VerdictView verdict={phase.fix.diff.verdict} />
            </div>
            {changed.map((s) => (
              <section key={s.section} aria-label={`${SECTION_TITLES[s.section] ?? s.section} changes`}>
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">{SECTION_TITLES[s.section] ?? s.section}</h3>
                <ul className="space-y-0.5">
                  {s.changes.map((c, i) => (
                    <li key={i} className="flex items-start gap-1.5">
                      <LevelBadge level={c.level} />
                      <span>{c.sentence}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
            {stale && (
              <p role="alert" className="text-amber-800 dark:text-amber-300">
                The draft changed since this proposal was made: ask again, so the change does not undo those edits.
              </p>
            )}
          </section>
        )}
      </div>
    </Dialog>
  );
}

/** The button under the suite's results; disabled (saying why) while nothing fails. */
export function ProposeFix({ cells }: { cells: Cells }) {
  const entry = useStudio(selectSelectedEntry);
  const [open, setOpen] = useState<{ key: string; contract: Contract } | null>(null);
  const failing = useMemo(() => (entry ? failingCases(entry.contract, cells).length : 0), [entry, cells]);
  if (!entry) return null;
  return (
    <div className="flex items-center gap-2">
      <Button size="xs" disabled={failing === 0} onClick={() => setOpen({ key: entry.key, contract: entry.contract })}>
        Propose a fix from failing cases…
      </Button>
      {failing === 0 && <span className="text-xs text-zinc-500">No case fails in these results.</span>}
      {open && <ProposeFixDialog contractKey={open.key} contract={open.contract} cells={cells} onClose={() => setOpen(null)} />}
    </div>
  );
}
