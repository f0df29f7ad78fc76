/**
 * The results grid as data: rows are cases (grouped by split, in the plan's order), columns are
 * target × endpoint pairs, and each cell gathers that case's repeats there, as compact cell
 * summaries (the full cell is read when one is opened). Pure, so the grid, the bench and the
 * tests share it; filtering is a pass over the rows, never over the DOM.
 */
import type { CellSummary } from "../../contracts/eval/suite/cell-summary.ts";
import type { SuitePlan } from "../../contracts/eval/suite/types.ts";

export interface GridColumn {
  id: string;
  targetId: string;
  endpointId: string;
  /** "1.0.0 · Local · test-model" */
  label: string;
}

export interface GridCell {
  results: CellSummary[];
  passed: number;
  /** Answered but an assertion failed. */
  failed: number;
  /** Endpoint errors and cells that could not be sent. */
  errored: number;
}

export interface GridRow {
  caseId: string;
  name: string;
  split: string;
  tags: string[];
  /** By column id; absent: nothing finished there yet. */
  cells: Map<string, GridCell>;
  anyFailed: boolean;
}

export interface GridModel {
  columns: GridColumn[];
  rows: GridRow[];
  splits: string[];
  tags: string[];
}

export const SPLIT_ORDER = ["dev", "holdout", "adversarial"];
export const splitRank = (s: string) => {
  const i = SPLIT_ORDER.indexOf(s);
  return i < 0 ? SPLIT_ORDER.length : i;
};

export const columnId = (targetId: string, endpointId: string) => `${targetId}\n${endpointId}`;

/** What the grid reads of a plan: names of targets and endpoints, and the cases. */
export interface GridPlan {
  targets: readonly Pick<SuitePlan["targets"][number], "id" | "name">[];
  endpoints: readonly Pick<SuitePlan["endpoints"][number], "id" | "name">[];
  cases: SuitePlan["cases"];
}

export function buildGrid(plan: GridPlan, results: readonly CellSummary[]): GridModel {
  const targetName = new Map(plan.targets.map((t) => [t.id, t.name]));
  const columns: GridColumn[] = [];
  for (const t of plan.targets)
    for (const e of plan.endpoints)
      columns.push({
        id: columnId(t.id, e.id),
        targetId: t.id,
        endpointId: e.id,
        label: plan.endpoints.length > 1 ? `${targetName.get(t.id)} · ${e.name}` : (targetName.get(t.id) ?? t.id),
      });
  const rowsById = new Map<string, GridRow>();
  const rows = plan.cases
    .map((c, i) => ({ c, i }))
    .sort((a, b) => splitRank(a.c.split) - splitRank(b.c.split) || a.c.split.localeCompare(b.c.split) || a.i - b.i)
    .map(({ c }) => {
      const row: GridRow = { caseId: c.id, name: c.name, split: c.split, tags: c.tags, cells: new Map(), anyFailed: false };
      rowsById.set(c.id, row);
      return row;
    });
  for (const r of results) {
    const row = rowsById.get(r.caseId);
    if (!row) continue;
    const id = columnId(r.targetId, r.endpointId);
    let cell = row.cells.get(id);
    if (!cell) row.cells.set(id, (cell = { results: [], passed: 0, failed: 0, errored: 0 }));
    cell.results.push(r);
    if (r.passed) cell.passed++;
    else if (r.run === null || r.run.status !== "ok") cell.errored++;
    else cell.failed++;
    if (!r.passed) row.anyFailed = true;
  }
  const splits = [...new Set(rows.map((r) => r.split))];
  const tags = [...new Set(rows.flatMap((r) => r.tags))].sort();
  return { columns, rows, splits, tags };
}

export interface GridFilter {
  failedOnly: boolean;
  /** "" = every split. */
  split: string;
  /** "" = every tag. */
  tag: string;
}

export const NO_FILTER: GridFilter = { failedOnly: false, split: "", tag: "" };

export function filterRows(rows: readonly GridRow[], f: GridFilter): GridRow[] {
  if (!f.failedOnly && !f.split && !f.tag) return rows as GridRow[];
  return rows.filter((r) => (!f.failedOnly || r.anyFailed) && (!f.split || r.split === f.split) && (!f.tag || r.tags.includes(f.tag)));
}

/** The rows as drawn: a heading row before each split's first case, so the splits stay apart. */
export type DrawnRow = { kind: "split"; split: string; count: number } | { kind: "case"; row: GridRow };

export function drawnRows(rows: readonly GridRow[]): DrawnRow[] {
  const out: DrawnRow[] = [];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.split, (counts.get(r.split) ?? 0) + 1);
  let split: string | null = null;
  for (const r of rows) {
    if (r.split !== split) {
      split = r.split;
      out.push({ kind: "split", split, count: counts.get(split) ?? 0 });
    }
    out.push({ kind: "case", row: r });
  }
  return out;
}
