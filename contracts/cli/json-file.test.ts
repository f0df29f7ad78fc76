import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prettyJsonPieces, writeJsonFile } from "./json-file.ts";

const sample = {
  format: "x",
  empty: {},
  none: [],
  skipped: undefined,
  shards: null,
  suites: [
    {
      file: 'a "quoted"\nname',
      results: [
        { id: 1, nested: { deep: [1, 2, { deeper: "line\nbreak" }], gone: undefined }, at: new Date(0) },
        { id: 2, list: [undefined, null, "ü ✓"] },
      ],
      cells: [],
    },
  ],
  sparse: [1, undefined, () => 1],
};

describe("writeJsonFile", () => {
  it("pieces join to exactly JSON.stringify(value, null, 2)", () => {
    expect([...prettyJsonPieces(sample)].join("")).toBe(JSON.stringify(sample, null, 2));
    for (const v of [null, 1, "s", [], {}, [[[[[1]]]]], { a: { b: { c: { d: { e: [1, { f: 2 }] } } } } }])
      expect([...prettyJsonPieces(v)].join("")).toBe(JSON.stringify(v, null, 2));
  });

  it("writes the same text as JSON.stringify plus a newline", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "json-file-")), "out.json");
    const big = { suites: [{ results: Array.from({ length: 3000 }, (_, i) => ({ i, text: "x".repeat(500) })) }] };
    await writeJsonFile(path, big);
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify(big, null, 2) + "\n");
  });
});
