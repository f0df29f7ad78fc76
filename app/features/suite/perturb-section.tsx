/**
 * "Perturb" from the Suite tab: the chosen cases and their style variants (contracts/eval/
 * perturb) run as a suite through the same runner and runCase as any suite, on the first
 * picked version and endpoint/model, then the robustness report. The variants are never
 * added to the contract and the cells stay in memory (a perturbation run is a question asked
 * once, not a result to keep); the response cache is not used, so each variant is really sent.
 */
import { useEffect, useMemo, useState } from "react";
import { perturbSuite } from "../../../contracts/eval/perturb/perturb.ts";
import { robustnessReport, type RobustnessReport } from "../../../contracts/eval/perturb/report.ts";
import { planSuite } from "../../../contracts/eval/suite/plan.ts";
import { runSuite } from "../../../contracts/eval/suite/run.ts";
import type { CellResult, SuiteProgress, TargetRef } from "../../../contracts/eval/suite/types.ts";
import { runCase } from "../../../contracts/run-case/run-case.ts";
import { PerturbReport } from "../../../components/suite/perturb-report.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { studioStore } from "../../store/index.ts";

export interface PerturbRequest {
  contractKey: string;
  target: TargetRef;
  targetLabel: string;
  endpoint: { profileId: string; model: string };
  caseIds: string[];
  concurrency: number;
}

export function PerturbSection({ request, onClose }: { request: PerturbRequest; onClose: () => void }) {
  const [progress, setProgress] = useState<SuiteProgress | null>(null);
  const [done, setResult] = useState<{ report: RobustnessReport; column: string } | null>(null);
  // The contract as it was when Perturb was pressed: later edits do not restart the run.
  const [contract] = useState(() => studioStore.getState().entries[request.contractKey]?.contract);
  const suite = useMemo(() => (contract ? perturbSuite(contract, { caseIds: request.caseIds }) : null), [contract, request]);

  // What to run, or why it cannot: planned once, before anything is sent.
  const planned = useMemo(() => {
    if (!suite) return { error: "The contract is gone." };
    const s = studioStore.getState();
    const profile = s.profiles.find((p) => p.id === request.endpoint.profileId);
    if (!profile) return { error: "The endpoint profile is gone." };
    const plan = planSuite({
      contract: suite.contract,
      targets: [request.target],
      endpoints: [{ profile, model: request.endpoint.model }],
      options: { concurrency: request.concurrency, bypassCache: true },
    });
    if (!plan.ok) return { error: plan.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ") };
    return { suite, plan: plan.value, apiKey: s.apiKeys[profile.id] || undefined, profileId: profile.id };
  }, [suite, request]);

  useEffect(() => {
    if ("error" in planned) return;
    const abort = new AbortController();
    const cells = new Map<string, CellResult>();
    void runSuite(
      planned.plan,
      {
        send: runCase,
        store: { get: (id) => Promise.resolve(cells.get(id)), put: (r) => Promise.resolve(void cells.set(r.cellId, r)) },
        apiKeys: { [planned.profileId]: planned.apiKey },
      },
      { signal: abort.signal, onEvent: (e) => setProgress(e.progress) },
    ).then((out) => {
      if (abort.signal.aborted) return;
      setResult({ report: robustnessReport(planned.suite, out.results), column: `${request.targetLabel} · ${planned.plan.endpoints[0]!.name}` });
    });
    return () => abort.abort();
  }, [planned, request]);

  const result = "error" in planned ? { error: planned.error } : done;
  const caseName = (id: string) => contract?.tests.find((t) => t.id === id)?.name || id;
  return (
    <section aria-label="Perturbation" className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
      <div className="flex items-center gap-2 text-sm">
        {!result && (
          <p role="status">
            Running {suite?.contract.tests.length ?? 0} cases and style variants… {progress ? `${progress.done} of ${progress.total} done` : ""}
          </p>
        )}
        <Button size="xs" className="ml-auto" onClick={onClose}>
          {result ? "Close" : "Stop"}
        </Button>
      </div>
      {result && "error" in result && <p role="alert">The perturbation could not run: {result.error}</p>}
      {result && "report" in result && <PerturbReport report={result.report} caseName={caseName} column={result.column} />}
    </section>
  );
}
