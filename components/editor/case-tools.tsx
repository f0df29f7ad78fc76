/**
 * The Tests tab's tools: import cases from CSV or JSONL (contracts/eval/case-import.ts parses;
 * columns map to variables), and add the injection pack (contracts/eval/injection-pack.ts, the
 * adversarial cases with their canary and leak checks). A file with errors imports nothing
 * until the user says so: its errors are listed by row and column, and the valid rows can be
 * imported on their own. Imported ids that clash with existing cases get a suffix, so no case
 * is ever replaced.
 */
import { useState } from "react";
import { importCsvCases, importErrorLine, importJsonlCases, type ImportResult } from "../../contracts/eval/case-import.ts";
import { injectionPack } from "../../contracts/eval/injection-pack.ts";
import type { Contract, TestCase } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { CaseExports } from "./case-exports.tsx";

/** The cases with ids made unique against `taken` (id, id-2, id-3 …). */
export function withFreeIds(cases: readonly TestCase[], taken: Iterable<string>): TestCase[] {
  const ids = new Set(taken);
  return cases.map((c) => {
    let id = c.id;
    for (let n = 2; ids.has(id); n++) id = `${c.id}-${n}`;
    ids.add(id);
    return id === c.id ? c : { ...c, id };
  });
}

export function CaseTools({ contract, onAdd }: { contract: Contract; onAdd: (cases: TestCase[], what: string) => void }) {
  const [pending, setPending] = useState<{ file: string; result: ImportResult } | null>(null);
  const add = (cases: TestCase[], what: string) =>
    onAdd(
      withFreeIds(
        cases,
        contract.tests.map((t) => t.id),
      ),
      what,
    );
  const pack = injectionPack(contract);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <label className="inline-flex cursor-pointer items-center rounded-md border border-zinc-300 px-1.5 py-0.5 text-xs font-medium hover:bg-zinc-50 dark:border-zinc-600 dark:hover:bg-zinc-700">
          Import cases (CSV or JSONL)…
          <input
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            className="sr-only"
            aria-label="Import test cases from CSV or JSONL"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (!file) return;
              const text = await file.text();
              const result = /\.csv$/i.test(file.name) ? importCsvCases(contract, text) : importJsonlCases(contract, text);
              if (result.errors.length === 0) {
                setPending(null);
                add(result.cases, `${result.cases.length} test case${result.cases.length === 1 ? "" : "s"} from ${file.name}`);
              } else setPending({ file: file.name, result });
            }}
          />
        </label>
        <Button size="xs" disabled={pack.length === 0} onClick={() => add(pack, `the injection pack (${pack.length} adversarial cases)`)}>
          {pack.length ? `Add injection pack (${pack.length} attacks)` : "Injection pack added"}
        </Button>
        <CaseExports contract={contract} />
      </div>
      {pending && (
        <div role="alert" className="space-y-1 rounded-md border border-red-300 p-2 text-xs text-red-800 dark:border-red-800 dark:text-red-300">
          <p className="font-medium">
            {pending.file}: {pending.result.errors.length} {pending.result.errors.length === 1 ? "error" : "errors"}; nothing was imported.
          </p>
          <ul className="ml-4 list-disc" aria-label="Import errors">
            {pending.result.errors.slice(0, 50).map((e, i) => (
              <li key={i}>{importErrorLine(e)}</li>
            ))}
            {pending.result.errors.length > 50 && <li>… and {pending.result.errors.length - 50} more</li>}
          </ul>
          <div className="flex gap-2">
            {pending.result.cases.length > 0 && (
              <Button
                size="xs"
                onClick={() => {
                  add(pending.result.cases, `${pending.result.cases.length} valid test cases from ${pending.file}`);
                  setPending(null);
                }}
              >
                Import the {pending.result.cases.length} valid rows only
              </Button>
            )}
            <Button size="xs" variant="ghost" onClick={() => setPending(null)}>
              Dismiss
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
