/**
 * The behaviour dashboard of the open contract (loaded lazily from the Suite tab): reads every
 * stored run and suite cell summary (not the full cells) of the contract once when opened, and
 * groups them by version or by model (dashboard-data.ts). The read starts in a layout effect,
 * so it does not wait for the first paint of the tab.
 */
import { useLayoutEffect, useMemo, useState } from "react";
import { findVersionByHash } from "../../../contracts/versions/publish.ts";
import { DashboardView } from "../../../components/suite/dashboard-view.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { runControllerFor } from "../runs/run-controller.ts";
import { fromRunRecord, fromSummary, groupObservations, type Observation } from "./dashboard-data.ts";
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

  useLayoutEffect(() => {
    if (!key || !contract) return;
    let live = true;
    // Once per hash: a hash that is no published version's stored one is looked for by hashing each version.
    const versions = new Map<string, string | null>();
    const versionOf = (hash: string) => {
      let v = versions.get(hash);
      if (v === undefined) versions.set(hash, (v = findVersionByHash(contract, hash)?.version ?? null));
      return v;
    };
    const policy = { refusalStyle: contract.policy.refusalStyle, unknownAnswer: contract.policy.unknownAnswer };
    void Promise.all([runControllerFor(studioStore).history().list(key, RUN_LIMIT), suiteControllerFor(studioStore).store().summariesOfContract(key)])
      .then(([runs, cells]) => {
        if (!live) return;
        const list = [...runs.records.map((r) => fromRunRecord(r, versionOf, policy)), ...cells.summaries.map((c) => fromSummary(c, versionOf))];
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
