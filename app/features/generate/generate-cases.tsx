/**
 * Tests tab: "Generate cases with a model…". The prompt comes from the contract
 * (contracts/generate/cases-prompt.ts), the answer is parsed into drafts, and nothing joins
 * the contract until the user has accepted drafts one by one and pressed Add.
 */
import { useRef, useState } from "react";
import type { Contract } from "../../../contracts/schema/contract.ts";
import { caseGenerationRequest } from "../../../contracts/generate/cases-prompt.ts";
import { parseGeneratedCases, type GeneratedCases } from "../../../contracts/generate/cases-parse.ts";
import { CaseDraftsReview, type Decision } from "../../../components/editor/case-drafts-review.tsx";
import { ModelChoice } from "../../../components/endpoints/model-choice.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Dialog } from "../../../components/ui/dialog.tsx";
import type { PanelProps } from "../../../components/editor/panel-props.ts";
import { TestsPanel } from "../../../components/editor/tests-panel.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import { defaultChoice, sendGeneration } from "./send.ts";

type Phase = { kind: "idle" } | { kind: "asking" } | { kind: "failed"; message: string } | { kind: "review"; result: Extract<GeneratedCases, { ok: true }> };

function GenerateCasesDialog({ contract, onAdd, onClose }: { contract: Contract; onAdd: (cases: Contract["tests"]) => void; onClose: () => void }) {
  const profiles = useStudio((s) => s.profiles);
  const [choice, setChoice] = useState(defaultChoice);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const abort = useRef<AbortController | null>(null);

  const generate = async () => {
    abort.current?.abort();
    const controller = (abort.current = new AbortController());
    setPhase({ kind: "asking" });
    setDecisions({});
    const sent = await sendGeneration(choice.profileId, caseGenerationRequest(contract, { model: choice.model }), controller.signal);
    if (controller.signal.aborted) return;
    if (!sent.ok) return setPhase({ kind: "failed", message: sent.message });
    const result = parseGeneratedCases(sent.text, contract);
    setPhase(result.ok ? { kind: "review", result } : { kind: "failed", message: result.message });
  };
  const accepted = phase.kind === "review" ? phase.result.drafts.filter((d) => decisions[d.testCase.id] === "accept").map((d) => d.testCase) : [];
  const close = () => {
    abort.current?.abort();
    onClose();
  };

  return (
    <Dialog
      title="Generate test cases"
      wide
      onClose={close}
      footer={
        <>
          <Button onClick={close}>Close</Button>
          <Button variant="primary" disabled={accepted.length === 0} onClick={() => onAdd(accepted)}>
            {accepted.length === 1 ? "Add 1 accepted case" : `Add ${accepted.length} accepted cases`}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A model writes cases that cover each rule, domain boundary and variable, and the refusal and &ldquo;I don&rsquo;t know&rdquo; paths. Review them: only
          the ones you accept are added.
        </p>
        {profiles.length === 0 ? (
          <p className="text-sm">Add an endpoint profile first (Endpoints… in the top bar).</p>
        ) : (
          <div className="flex flex-wrap items-end gap-2">
            <ModelChoice profiles={profiles} {...choice} disabled={phase.kind === "asking"} onChange={(profileId, model) => setChoice({ profileId, model })} />
            <Button variant="primary" disabled={phase.kind === "asking" || !choice.model} onClick={() => void generate()}>
              {phase.kind === "review" ? "Generate again" : "Generate"}
            </Button>
          </div>
        )}
        {phase.kind === "asking" && (
          <p role="status" className="text-sm text-zinc-500">
            Asking {choice.model} for cases…
          </p>
        )}
        {phase.kind === "failed" && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {phase.message}
          </p>
        )}
        {phase.kind === "review" && (
          <>
            <p role="status" className="text-sm">
              {phase.result.drafts.length} draft{phase.result.drafts.length === 1 ? "" : "s"} to review
              {phase.result.dropped.length ? `, ${phase.result.dropped.length} dropped` : ""}.
            </p>
            <CaseDraftsReview {...phase.result} decisions={decisions} onDecide={(id, d) => setDecisions((all) => ({ ...all, [id]: d }))} />
          </>
        )}
      </div>
    </Dialog>
  );
}

/** The Tests tab: the generator's entry point above the case list. */
export function TestsWithGeneration(props: PanelProps) {
  const [open, setOpen] = useState(false);
  const add = (cases: Contract["tests"]) => {
    const taken = new Set(props.contract.tests.map((t) => t.id));
    const fresh = cases.filter((t) => !taken.has(t.id));
    props.onChange((c) => ({ ...c, tests: [...c.tests, ...fresh.filter((t) => !c.tests.some((x) => x.id === t.id))] }));
    studioStore.getState().notify({ message: fresh.length === 1 ? "Added 1 generated case." : `Added ${fresh.length} generated cases.` });
    setOpen(false);
  };
  return (
    <div>
      <div className="flex justify-end px-3 pt-3">
        <Button size="xs" onClick={() => setOpen(true)}>
          Generate cases with a model…
        </Button>
      </div>
      <TestsPanel {...props} />
      {open && <GenerateCasesDialog contract={props.contract} onAdd={add} onClose={() => setOpen(false)} />}
    </div>
  );
}
