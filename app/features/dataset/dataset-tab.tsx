/**
 * The dataset is the spec (issue 11): the open contract's approved cases (with a reference
 * answer) as chat fine-tuning JSONL, and preference pairs from the latest suite's stored
 * answers (contracts/dataset/export.ts). Only dev cases become training data; the view says
 * which cases were left out and why. Downloads hold no key and no canary.
 */
import { useEffect, useMemo, useState } from "react";
import { exportDataset, isApproved } from "../../../contracts/dataset/export.ts";
import type { CellResult } from "../../../contracts/eval/suite/types.ts";
import { Button } from "../../../components/ui/button.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { suiteControllerFor } from "../suite/suite-controller.ts";
import { downloadText } from "../versions/download.ts";

export function DatasetTab() {
  const entry = useStudio(selectSelectedEntry);
  const key = useStudio((s) => s.selectedKey);
  const suiteId = useStudio((s) => (s.selectedKey ? s.suites[s.selectedKey]?.record.id : undefined));
  const running = useStudio((s) => (s.selectedKey ? !!s.suites[s.selectedKey]?.running : false));
  const [cells, setCells] = useState<{ suiteId: string; cells: CellResult[] } | null>(null);

  useEffect(() => {
    if (!suiteId || running) return;
    let live = true;
    void suiteControllerFor(studioStore)
      .store()
      .cellsOf(suiteId)
      .then((r) => live && setCells({ suiteId, cells: r.cells }))
      .catch(() => live && setCells({ suiteId, cells: [] }));
    return () => {
      live = false;
    };
  }, [suiteId, running]);

  const contract = entry?.contract ?? null;
  const out = useMemo(() => (contract ? exportDataset(contract, cells && cells.suiteId === suiteId ? cells.cells : []) : null), [contract, cells, suiteId]);
  if (!contract || !key || !out) return <p className="text-sm text-zinc-500">Open a contract to export its cases as training data.</p>;
  const approved = contract.tests.filter(isApproved);

  return (
    <section aria-label="Dataset export" className="space-y-3 text-sm">
      <p className="text-xs text-zinc-500">
        A case is approved when it has a reference answer: mark one from a result (open a cell of the suite grid, then “Use as reference answer”), or add
        production records as holdout cases. Only dev cases become training data; holdout and adversarial cases never do.
      </p>
      <p role="status">
        {approved.length} approved {approved.length === 1 ? "case" : "cases"}; {out.fineTuning.lines} in the fine-tuning file, {out.preferences.lines}{" "}
        preference {out.preferences.lines === 1 ? "pair" : "pairs"} from {suiteId ? "the latest suite's answers" : "no suite yet (run one for pairs)"}.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" disabled={!out.fineTuning.lines} onClick={() => downloadText(out.fineTuning.name, out.fineTuning.text, "application/jsonl")}>
          Download fine-tuning JSONL ({out.fineTuning.lines})
        </Button>
        <Button disabled={!out.preferences.lines} onClick={() => downloadText(out.preferences.name, out.preferences.text, "application/jsonl")}>
          Download preference pairs ({out.preferences.lines})
        </Button>
      </div>
      {approved.length > 0 && (
        <ul aria-label="Approved cases" className="space-y-1 text-xs">
          {approved.map((t) => (
            <li key={t.id} className="flex items-start gap-2">
              <span className="min-w-0 flex-1">
                <span className="font-medium">{t.name || t.id}</span> <span className="text-zinc-500">({t.split})</span>
                {t.reference?.source && <span className="text-zinc-500"> · from {t.reference.source}</span>}
                <span className="block truncate font-mono">{t.reference?.answer}</span>
              </span>
              <Button
                size="xs"
                aria-label={`Remove the reference answer of ${t.name || t.id}`}
                onClick={() =>
                  studioStore.getState().updateContract(key, (c) => ({
                    ...c,
                    tests: c.tests.map(({ reference, ...x }) => (x.id === t.id ? x : { ...x, ...(reference ? { reference } : {}) })),
                  }))
                }
              >
                Remove reference
              </Button>
            </li>
          ))}
        </ul>
      )}
      {out.excluded.fineTuning.length > 0 && (
        <details>
          <summary className="cursor-pointer text-xs">Left out of the fine-tuning file ({out.excluded.fineTuning.length})</summary>
          <ul aria-label="Left out of training" className="mt-1 space-y-0.5 text-xs">
            {out.excluded.fineTuning.map((e) => (
              <li key={e.caseId}>
                {e.caseId}: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
