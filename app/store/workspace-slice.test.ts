// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { parseContract } from "../../contracts/index.ts";
import { resetStudioStore, studioStore } from "./index.ts";

function seed() {
  const list = exampleContracts();
  const entries = Object.fromEntries(list.map((c, i) => [`k${i}`, { key: `k${i}`, contract: c, revision: 1, updatedAt: 0 }]));
  studioStore.getState().hydrate({ entries, order: Object.keys(entries), selectedKey: "k0", broken: [] });
}
const s = () => studioStore.getState();

describe("workspace slice", () => {
  beforeEach(() => {
    resetStudioStore();
    seed();
  });

  it("creates a valid blank contract with a unique id and opens it", () => {
    const a = s().createContract();
    const b = s().createContract();
    expect(s().selectedKey).toBe(b);
    expect(s().order.slice(0, 2)).toEqual([b, a]);
    const ca = s().entries[a]!.contract;
    const cb = s().entries[b]!.contract;
    expect(parseContract(ca).ok).toBe(true);
    expect(ca.id).not.toBe(cb.id);
  });

  it("duplicates next to the original with a new id and without history", () => {
    const key = s().duplicateContract("k0")!;
    expect(s().order.indexOf(key)).toBe(1);
    const copy = s().entries[key]!.contract;
    expect(copy.id).toBe(`${s().entries.k0!.contract.id}-copy`);
    expect(copy.name).toMatch(/\(copy\)$/);
    expect(copy.history).toBeUndefined();
    expect(copy.policy).toEqual(s().entries.k0!.contract.policy);
  });

  it("renames and counts the revision up", () => {
    s().renameContract("k1", "Renamed");
    expect(s().entries.k1!.contract.name).toBe("Renamed");
    expect(s().entries.k1!.revision).toBe(2);
  });

  it("deletes, selects a neighbour, and undoes the delete in place", () => {
    s().deleteContract("k0");
    expect(s().entries.k0).toBeUndefined();
    expect(s().selectedKey).toBe("k1");
    s().undoDelete();
    expect(s().order[0]).toBe("k0");
    expect(s().selectedKey).toBe("k0");
    expect(s().lastDeleted).toBeNull();
  });

  it("removes a list item and undoes it in place, even after other edits", () => {
    const rules = s().entries.k0!.contract.policy.rules;
    s().removeListItem("k0", "policy.rules", 1, "policy rule 2");
    expect(s().entries.k0!.contract.policy.rules).toEqual(rules.filter((_, i) => i !== 1));
    expect(s().notice?.message).toBe("Deleted policy rule 2.");
    s().updateContract("k0", (c) => ({ ...c, name: "Edited since" }));
    s().undoDelete();
    expect(s().entries.k0!.contract.policy.rules).toEqual(rules);
    expect(s().entries.k0!.contract.name).toBe("Edited since");
    expect(s().lastDeleted).toBeNull();
    expect(s().focusRequest?.path).toBe("policy.rules[1]");
  });

  it("keeps unparsable JSON text as pending, moves it with its test case and brings it back on undo", () => {
    s().updateContract("k0", (c) => ({
      ...c,
      tests: [0, 1, 2].map((n) => ({ id: `t${n}`, name: "", split: "dev" as const, tags: [], variables: {}, assertions: [] })),
    }));
    s().setPending("k0", "tests[2].variables", { text: "{oops", message: "not valid JSON" });
    s().setPending("k0", "tests[1].assertions", { text: "[", message: "not valid JSON" });
    s().removeListItem("k0", "tests", 1, "test case 2");
    expect(s().entries.k0!.pending).toEqual({ "tests[1].variables": { text: "{oops", message: "not valid JSON" } });
    s().undoDelete();
    expect(s().entries.k0!.pending).toEqual({
      "tests[1].assertions": { text: "[", message: "not valid JSON" },
      "tests[2].variables": { text: "{oops", message: "not valid JSON" },
    });
    s().setPending("k0", "tests[1].assertions", null);
    s().setPending("k0", "tests[2].variables", null);
    expect(s().entries.k0!.pending).toBeUndefined();
  });

  it("names what deleting a contract loses: versions and labels", async () => {
    const { deletionLosses } = await import("./workspace-slice.ts");
    const c = s().entries.k0!.contract;
    expect(deletionLosses({ ...c, history: undefined })).toBeNull();
  });

  it("applies panel edits immutably and ignores no-op recipes", () => {
    const before = s().entries.k0!;
    s().updateContract("k0", (c) => c);
    expect(s().entries.k0).toBe(before);
    s().updateContract("k0", (c) => ({ ...c, task: { ...c.task, instruction: "New {{x}}" } }));
    expect(s().entries.k0!.contract.task.instruction).toBe("New {{x}}");
    expect(s().entries.k0!.revision).toBe(before.revision + 1);
    expect(before.contract.task.instruction).not.toBe("New {{x}}");
  });
});
