/**
 * Production as holdout (issue 11): pick a JSONL log of the contract's traffic, read it in a
 * worker (streamed), see the behaviour figures, and turn chosen records into holdout cases
 * (contracts/traffic/cases.ts) added to the draft. Privacy as with metrics-only profiles: the
 * bodies are kept only in this tab's memory (never stored, gone on reload), or not at all.
 */
import { useState } from "react";
import type { KeepMode, KeptRecord, TrafficReport } from "../../../contracts/traffic/import.ts";
import { recordsToCases } from "../../../contracts/traffic/cases.ts";
import { TrafficReportView } from "../../../components/traffic/traffic-report.tsx";
import { labelClass } from "../../../components/ui/field.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { importLogInWorker } from "./traffic-client.ts";

const MAX_KEPT = 1000;

export function TrafficTab() {
  const entry = useStudio(selectSelectedEntry);
  const key = useStudio((s) => s.selectedKey);
  const [keep, setKeep] = useState<KeepMode>("bodies");
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "reading"; file: string; lines: number; fraction: number }
    | { kind: "done"; file: string; report: TrafficReport; forKey: string }
    | { kind: "error"; message: string }
  >({ kind: "idle" });
  if (!entry || !key) return <p className="text-sm text-zinc-500">Open a contract to compare it with its production traffic.</p>;
  const contract = entry.contract;

  const onFile = async (file: File) => {
    setState({ kind: "reading", file: file.name, lines: 0, fraction: 0 });
    try {
      const report = await importLogInWorker(file, contract, {
        keep,
        maxKept: MAX_KEPT,
        onProgress: (p) => setState({ kind: "reading", file: file.name, ...p }),
      });
      setState({ kind: "done", file: file.name, report, forKey: key });
    } catch (e) {
      setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };

  const addCases = (records: KeptRecord[]) => {
    const made = recordsToCases(studioStore.getState().entries[key]?.contract ?? contract, records);
    studioStore.getState().updateContract(key, (c) => ({ ...c, tests: [...c.tests, ...made.map((m) => m.testCase)] }));
    const notes = made.filter((m) => m.notes.length).length;
    studioStore.getState().notify({
      message: `Added ${made.length} holdout ${made.length === 1 ? "case" : "cases"} from the log${notes ? ` (${notes} to check: see their notes in the pick list)` : ""}.`,
    });
  };

  return (
    <section aria-label="Production log" className="space-y-3 text-sm">
      <p className="text-xs text-zinc-500">
        A JSONL file of logged chat requests and their responses (one a line: {"{request, response}"}, {"{body, response}"} and the like), as gateways and SDK
        loggers export them. It is read here, in a worker, and never leaves this tab.
      </p>
      <fieldset className="flex flex-wrap gap-3">
        <legend className={labelClass}>Privacy</legend>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name="traffic-keep" checked={keep === "bodies"} onChange={() => setKeep("bodies")} />
          Keep bodies in this tab only (to turn records into cases)
        </label>
        <label className="inline-flex items-center gap-1">
          <input type="radio" name="traffic-keep" checked={keep === "metrics"} onChange={() => setKeep("metrics")} />
          Reduce to metrics (no text kept)
        </label>
      </fieldset>
      <label className={labelClass}>
        Import production log
        <input
          type="file"
          accept=".jsonl,.ndjson,.json,.log,.txt,application/jsonl,application/x-ndjson"
          disabled={state.kind === "reading"}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void onFile(file);
          }}
        />
      </label>
      {state.kind === "reading" && (
        <p role="status">
          Reading {state.file}: {state.lines} lines ({Math.round(state.fraction * 100)}%)…
        </p>
      )}
      {state.kind === "error" && <p role="alert">The log could not be read: {state.message}</p>}
      {state.kind === "done" && state.forKey === key && <TrafficReportView report={state.report} fileName={state.file} onAddCases={addCases} />}
    </section>
  );
}
