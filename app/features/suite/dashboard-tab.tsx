/**
 * The behaviour dashboard of the open contract (loaded lazily from the Suite tab): reads every
 * stored run and suite cell of the contract once when opened, and groups them by version or
 * by model (dashboard-data.ts).
 */
import { useEffect, useMemo, useState } from "react";
import { findVersionByHash } from "../../../contracts/versions/publish.ts";
import { DashboardView } from "../../../components/suite/dashboard-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { runControllerFor } from "../runs/run-controller.ts";
import { fromCell, fromRunRecord, groupObservations, type Observation } from "./dashboard-data.ts";
import { suiteControllerFor } from "./suite-controller.ts";

/** Every run of a contract the dashboard counts (the history keeps far fewer in practice). */
const RUN_LIMIT = 100_000;

export function DashboardTab() {
  const entry = useStudio(selectSelectedEntry);
  const key = useStudio((s) => s.selectedKey);
  const suiteCells = useStudio((s) => (s.selectedKey ? s.suites[s.selectedKey]?.cells.length : 0));
  const [obs, setObs] = useState<{ key: string; list: Observation[] } | null>(null);
  const [by, setBy] = useState<"version" | "model">("version");
  const contract = entry?.contract ?? null;

  useEffect(() => {
    if (!key || !contract) return;
    let live = true;
    const versionOf = (hash: string) => findVersionByHash(contract, hash)?.version ?? null;
    const unknown = contract.policy.unknownAnswer;
    void Promise.all([runControllerFor(studioStore).history().list(key, RUN_LIMIT), suiteControllerFor(studioStore).store().cellsOfContract(key)])
      .then(([runs, cells]) => {
        if (!live) return;
        const list = [...runs.records.map((r) => fromRunRecord(r, versionOf, unknown)), ...cells.cells.map((c) => fromCell(c, versionOf, unknown))];
        setObs({ key, list });
      })
      .catch(() => live && setObs({ key, list: [] }));
    return () => {
      live = false;
    };
    // Reread when a suite adds cells (its count), not on every edit of the contract.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, suiteCells]);

  const rows = useMemo(() => (obs && obs.key === key ? groupObservations(obs.list, by) : null), [obs, key, by]);
  if (!key) return <p className="text-sm text-zinc-500">Open a contract to see how it behaves.</p>;
  return (
    <section aria-label="Behaviour dashboard" aria-busy={!rows} className="space-y-2">
      <div role="radiogroup" aria-label="Group by" className="flex items-center gap-2 text-sm">
        Group by
        {(["version", "model"] as const).map((b) => (
          <label key={b} className="inline-flex items-center gap-1">
            <input type="radio" name="dashboard-by" checked={by === b} onChange={() => setBy(b)} />
            {b}
          </label>
        ))}
      </div>
      {rows ? <DashboardView rows={rows} by={by} total={obs?.list.length ?? 0} /> : <p className="text-sm text-zinc-500">Reading the stored answers…</p>}
    </section>
  );
}
