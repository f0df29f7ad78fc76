import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CellResult } from "../eval/suite/types.ts";
import { writeJsonFile } from "./json-file.ts";
import { ResultSpool, slimResult } from "./report-spool.ts";

const result = (i: number) =>
  ({
    cellId: `cell-${i}`,
    caseId: `case-${i}`,
    run: { request: { model: "m", messages: [{ role: "user", content: `line one\nline "two" ${i} ü` }] }, output: `{\n "a": ${i}\n}` },
    passed: i % 2 === 0,
  }) as unknown as CellResult;

describe("ResultSpool", () => {
  it("writes spooled results into the report exactly as JSON.stringify would, in the order asked, the last put of a cell winning", async () => {
    const spool = await ResultSpool.open();
    try {
      const all = Array.from({ length: 400 }, (_, i) => result(i));
      for (const r of [...all].reverse()) spool.add(r);
      const replaced = { ...result(7), passed: "replaced" } as unknown as CellResult;
      spool.add(replaced);
      const expected = all.map((r) => (r.cellId === "cell-7" ? replaced : r));
      const ids = expected.map((r) => r.cellId);
      const report = {
        format: "x",
        suites: [
          { file: "a", results: expected, after: 1 },
          { file: "b", results: [] },
        ],
      };
      const path = join(mkdtempSync(join(tmpdir(), "spool-")), "r.json");
      await writeJsonFile(path, {
        ...report,
        suites: [
          { ...report.suites[0], results: spool.results(ids) },
          { ...report.suites[1], results: spool.results([]) },
        ],
      });
      expect(readFileSync(path, "utf8")).toBe(JSON.stringify(report, null, 2) + "\n");
    } finally {
      await spool.close();
    }
  });

  it("keeps everything but the request in the slim copy", () => {
    const slim = slimResult(result(3));
    expect({ ...slim, run: { ...slim.run, request: null } }).toEqual({ ...result(3), run: { ...result(3).run, request: null } });
    expect(slim.run!.request.messages).toEqual([]);
  });
});
