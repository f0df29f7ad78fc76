import { describe, expect, it } from "vitest";
import type { CellSummary } from "../../contracts/eval/suite/cell-summary.ts";
import type { SuitePlan } from "../../contracts/eval/suite/types.ts";
import { visibleRange } from "./virtual-rows.tsx";
import { buildGrid, columnId, drawnRows, filterRows, NO_FILTER } from "./grid-model.ts";

const plan = {
  targets: [
    { id: "v1.0.0", name: "1.0.0" },
    { id: "v2.0.0", name: "2.0.0" },
  ],
  endpoints: [{ id: "p/m", name: "Local · m" }],
  cases: [
    { id: "a", name: "A", split: "holdout", tags: ["x"] },
    { id: "b", name: "B", split: "dev", tags: [] },
    { id: "c", name: "C", split: "adversarial", tags: ["x", "y"] },
    { id: "d", name: "D", split: "dev", tags: ["y"] },
  ],
} as unknown as SuitePlan;

const cell = (caseId: string, targetId: string, passed: boolean, answered = true): CellSummary =>
  ({ cellId: `${caseId}-${targetId}`, caseId, targetId, endpointId: "p/m", passed, run: answered ? { status: "ok" } : null }) as unknown as CellSummary;

describe("the results grid as data", () => {
  const grid = buildGrid(plan, [cell("a", "v1.0.0", true), cell("a", "v2.0.0", false), cell("b", "v1.0.0", false, false), cell("d", "v2.0.0", true)]);

  it("rows are grouped by split (dev, holdout, adversarial), keeping the plan's order within one", () => {
    expect(grid.rows.map((r) => `${r.split}:${r.caseId}`)).toEqual(["dev:b", "dev:d", "holdout:a", "adversarial:c"]);
    expect(grid.splits).toEqual(["dev", "holdout", "adversarial"]);
    expect(grid.tags).toEqual(["x", "y"]);
  });

  it("a column per version (and per model when there are several); a cell counts passed, failed and errors", () => {
    expect(grid.columns.map((c) => c.label)).toEqual(["1.0.0", "2.0.0"]);
    const a = grid.rows.find((r) => r.caseId === "a")!;
    expect(a.cells.get(columnId("v2.0.0", "p/m"))).toMatchObject({ passed: 0, failed: 1, errored: 0 });
    const b = grid.rows.find((r) => r.caseId === "b")!;
    expect(b.cells.get(columnId("v1.0.0", "p/m"))).toMatchObject({ errored: 1 });
    expect(grid.rows.find((r) => r.caseId === "c")!.cells.size).toBe(0);
  });

  it("filters: failed only (an error counts), a split, a tag", () => {
    expect(filterRows(grid.rows, { ...NO_FILTER, failedOnly: true }).map((r) => r.caseId)).toEqual(["b", "a"]);
    expect(filterRows(grid.rows, { ...NO_FILTER, split: "dev" }).map((r) => r.caseId)).toEqual(["b", "d"]);
    expect(filterRows(grid.rows, { ...NO_FILTER, tag: "y" }).map((r) => r.caseId)).toEqual(["d", "c"]);
    expect(filterRows(grid.rows, NO_FILTER)).toBe(grid.rows);
  });

  it("a heading row before each split, so the splits are shown apart", () => {
    expect(drawnRows(grid.rows).map((r) => (r.kind === "split" ? `[${r.split} ${r.count}]` : r.row.caseId))).toEqual([
      "[dev 2]",
      "b",
      "d",
      "[holdout 1]",
      "a",
      "[adversarial 1]",
      "c",
    ]);
  });
});

describe("the rows a window draws", () => {
  it.each([
    // scrollTop, height, rowHeight, count, overscan → [first, last)
    [0, 300, 30, 10_000, 0, [0, 10]],
    [0, 300, 30, 10_000, 6, [0, 16]],
    [3000, 300, 30, 10_000, 6, [94, 116]],
    [299_700, 300, 30, 10_000, 6, [9984, 10_000]],
    [0, 300, 30, 3, 6, [0, 3]],
    [0, 300, 30, 0, 6, [0, 0]],
  ])("scrollTop %i, height %i: rows %j", (top, height, row, count, overscan, expected) => {
    expect(visibleRange(top, height, row, count, overscan)).toEqual(expected);
  });
});
