/** The small glob (`*`, `?`, `**`) and folder expansion that the file arguments use. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFileArgs, glob, segmentRegex } from "./glob.ts";

const root = mkdtempSync(join(tmpdir(), "contract-glob-"));
for (const f of [
  "contracts/a.contract.json",
  "contracts/b.contract.json",
  "contracts/notes.json",
  "contracts/billing/c.contract.json",
  "contracts/billing/deep/d.contract.json",
  "contracts/.hidden/e.contract.json",
  "contracts/node_modules/f.contract.json",
  "other/x1.json",
  "other/x12.json",
  "other/a.b/y.contract.json",
]) {
  mkdirSync(join(root, f, ".."), { recursive: true });
  writeFileSync(join(root, f), "{}");
}

describe("glob", () => {
  it("* matches within one segment, not across /", async () => {
    expect(await glob("contracts/*.contract.json", root)).toEqual(["contracts/a.contract.json", "contracts/b.contract.json"]);
    expect(await glob("*/*.json", root)).toEqual([
      "contracts/a.contract.json",
      "contracts/b.contract.json",
      "contracts/notes.json",
      "other/x1.json",
      "other/x12.json",
    ]);
  });

  it("? matches one character", async () => {
    expect(await glob("other/x?.json", root)).toEqual(["other/x1.json"]);
    expect(await glob("other/x??.json", root)).toEqual(["other/x12.json"]);
  });

  it("** matches zero or more folders, skipping hidden folders and node_modules", async () => {
    expect(await glob("contracts/**/*.contract.json", root)).toEqual([
      "contracts/a.contract.json",
      "contracts/b.contract.json",
      "contracts/billing/c.contract.json",
      "contracts/billing/deep/d.contract.json",
    ]);
    expect(await glob("**/d.contract.json", root)).toEqual(["contracts/billing/deep/d.contract.json"]);
    expect(await glob("contracts/.hidden/*.contract.json", root)).toEqual(["contracts/.hidden/e.contract.json"]);
  });

  it("treats regex characters in names literally, keeps ./ and absolute prefixes, matches nothing as []", async () => {
    expect(await glob("other/a.b/*.json", root)).toEqual(["other/a.b/y.contract.json"]);
    expect(await glob("other/a?b/*.json", root)).toEqual(["other/a.b/y.contract.json"]);
    expect(await glob("./other/x1*.json", root)).toEqual(["./other/x1.json", "./other/x12.json"]);
    expect(await glob(join(root, "other/*1.json"))).toEqual([join(root, "other/x1.json")]);
    expect(await glob("nowhere/**/*.json", root)).toEqual([]);
    expect(segmentRegex("a+(b).json").test("a+(b).json")).toBe(true);
  });
});

describe("expandFileArgs", () => {
  it("expands folders to their *.contract.json files and globs, keeps plain paths, drops duplicates", async () => {
    const r = await expandFileArgs(["contracts/billing", "contracts/*.contract.json", "contracts/a.contract.json", "missing.contract.json"], root);
    expect(r).toEqual({
      ok: true,
      files: [
        "contracts/billing/c.contract.json",
        "contracts/billing/deep/d.contract.json",
        "contracts/a.contract.json",
        "contracts/b.contract.json",
        "missing.contract.json",
      ],
    });
  });

  it("says which pattern matched nothing, and which folder has no contract", async () => {
    expect(await expandFileArgs(["contracts/*.yaml"], root)).toEqual({ ok: false, message: "contracts/*.yaml: no file matches" });
    mkdirSync(join(root, "empty"), { recursive: true });
    expect(await expandFileArgs(["empty"], root)).toEqual({ ok: false, message: "empty: a folder with no *.contract.json file in it" });
  });
});
