/**
 * The results grid: cases (rows, grouped by split with a heading per split) by version/model
 * (columns). A cell says passed / failed / error with its repeat counts; pressing it opens its
 * detail (each assertion's outcome and reason, the raw output). Rows are windowed
 * (VirtualRows), so 10,000 cells scroll smoothly.
 */
import { memo } from "react";
import type { DrawnRow, GridCell, GridColumn } from "./grid-model.ts";
import { VirtualRows } from "./virtual-rows.tsx";

const ROW = 30;

export interface CellPick {
  caseId: string;
  columnId: string;
}

export function cellState(cell: GridCell | undefined): "pending" | "passed" | "failed" | "error" {
  if (!cell) return "pending";
  if (cell.errored && !cell.passed && !cell.failed) return "error";
  return cell.failed || cell.errored ? "failed" : "passed";
}

const STATE_TEXT = { pending: "not run yet", passed: "passed", failed: "failed", error: "error" } as const;
const STATE_CLASS = {
  pending: "text-zinc-400",
  passed: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  failed: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300",
  error: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
} as const;

function cellText(cell: GridCell | undefined): string {
  const state = cellState(cell);
  if (!cell) return "…";
  const n = cell.results.length;
  const mark = state === "passed" ? "✓" : state === "error" ? "!" : "✗";
  return n > 1 ? `${mark} ${cell.passed}/${n}` : mark;
}

const Row = memo(function Row({
  row,
  columns,
  template,
  selected,
  onPick,
}: {
  row: DrawnRow;
  columns: GridColumn[];
  template: string;
  selected: CellPick | null;
  onPick: (p: CellPick) => void;
}) {
  if (row.kind === "split")
    return (
      <div
        role="row"
        className="flex h-full items-end border-b border-zinc-300 px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:border-zinc-700 dark:text-zinc-300"
      >
        <span role="rowheader">
          {row.split} split · {row.count} {row.count === 1 ? "case" : "cases"}
        </span>
      </div>
    );
  const r = row.row;
  return (
    <div role="row" className="grid h-full items-center border-b border-zinc-100 text-sm dark:border-zinc-800" style={{ gridTemplateColumns: template }}>
      <span role="rowheader" className="truncate px-2" title={r.name}>
        {r.name}
        {r.tags.length > 0 && <span className="ml-1 text-xs text-zinc-500">{r.tags.map((t) => `#${t}`).join(" ")}</span>}
      </span>
      {columns.map((c) => {
        const cell = r.cells.get(c.id);
        const state = cellState(cell);
        const isSel = selected?.caseId === r.caseId && selected.columnId === c.id;
        return (
          <span role="cell" key={c.id} className="px-1">
            <button
              type="button"
              aria-label={`${r.name} on ${c.label}: ${STATE_TEXT[state]}`}
              aria-pressed={isSel}
              disabled={!cell}
              data-state={state}
              onClick={() => onPick({ caseId: r.caseId, columnId: c.id })}
              className={`w-full rounded px-1 py-0.5 text-center font-mono text-xs ${STATE_CLASS[state]} ${isSel ? "ring-2 ring-indigo-500" : ""}`}
            >
              {cellText(cell)}
            </button>
          </span>
        );
      })}
    </div>
  );
});

export function ResultsGrid({
  columns,
  rows,
  selected,
  onPick,
  height = 360,
}: {
  columns: GridColumn[];
  rows: DrawnRow[];
  selected: CellPick | null;
  onPick: (p: CellPick) => void;
  height?: number;
}) {
  const template = `minmax(8rem,1.5fr) repeat(${columns.length}, minmax(5rem,1fr))`;
  return (
    <div role="table" aria-label="Suite results" aria-rowcount={rows.length + 1} className="rounded-md border border-zinc-200 dark:border-zinc-700">
      <div role="rowgroup">
        <div
          role="row"
          className="grid border-b border-zinc-200 bg-zinc-50 text-xs font-medium text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
          style={{ gridTemplateColumns: template }}
        >
          <span role="columnheader" className="px-2 py-1">
            Case
          </span>
          {columns.map((c) => (
            <span role="columnheader" key={c.id} className="truncate px-1 py-1 text-center" title={c.label}>
              {c.label}
            </span>
          ))}
        </div>
      </div>
      <VirtualRows
        label="Suite result rows"
        count={rows.length}
        rowHeight={ROW}
        maxHeight={height}
        className="focus:outline-none"
        renderRow={(i) => <Row row={rows[i]!} columns={columns} template={template} selected={selected} onPick={onPick} />}
      />
    </div>
  );
}
