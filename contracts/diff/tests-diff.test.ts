import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseContract } from "../parse.ts";
import { bodyAt } from "../versions/publish.ts";
import { diffContracts } from "./diff-contracts.ts";
import { diffTests } from "./tests-diff.ts";
import { TestCaseSchema } from "../schema/tests.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../migrations/fixtures", name), "utf8");

describe("the semantic diff of test cases (revision 2)", () => {
  it("sees a revision 1 version and the same cases read in revision 2 as unchanged", () => {
    const r = parseContract(fixture("contract@2.contract.json"));
    if (!r.ok) throw new Error("fixture does not parse");
    const v1 = bodyAt(r.value, "1.0.0");
    const v11 = bodyAt(r.value, "1.1.0");
    if (!v1.ok || !v11.ok) throw new Error("versions do not read");
    const changes = diffContracts(v1.value, v11.value).sections.find((s) => s.section === "tests")!.changes;
    // Only the three cases added in 1.1.0: the four migrated from revision 1 are equal.
    expect(changes.map((c) => [c.kind, c.sentence])).toEqual([
      ["test_added", "Test `holdout-swap` (Refund article replaced, shipping removed) added"],
      ["test_added", "Test `attack-1` (Injected override) added"],
      ["test_added", "Test `json-paths` added"],
    ]);
  });

  it("reports a new split, tags or context operation as a changed test", () => {
    const a = TestCaseSchema.parse({ id: "t", assertions: [{ type: "contains", value: "x" }] });
    for (const edit of [{ split: "holdout" as const }, { tags: ["vip"] }, { context: { base: "contract" as const, remove: ["kb-1"], replace: [], add: [] } }]) {
      const log = diffTests([a], [{ ...a, ...edit }]);
      expect(log.changes.map((c) => [c.kind, c.level, c.path])).toEqual([["test_changed", "patch", "tests[0]"]]);
    }
  });
});
