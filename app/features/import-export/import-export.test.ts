// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../../contracts/examples/index.ts";
import { serializeContract } from "../../../contracts/index.ts";
import { resetStudioStore, studioStore } from "../../store/index.ts";
import { importPendingAsCopy, importPendingAsReplacement, importText } from "./import-export.ts";
import { publishVersion } from "../../../contracts/versions/publish.ts";

const s = () => studioStore.getState();

describe("import", () => {
  beforeEach(() => {
    resetStudioStore();
    const [c] = exampleContracts();
    s().hydrate({ entries: { k0: { key: "k0", contract: c!, revision: 1, updatedAt: 0 } }, order: ["k0"], selectedKey: "k0", broken: [] });
  });

  it("refuses a broken file with each error's path, and changes nothing in the workspace", () => {
    const before = { entries: s().entries, order: s().order, selectedKey: s().selectedKey };
    const file = JSON.stringify({ format: "contract-studio/contract@1", id: "Bad Id", name: "", policy: { role: "x" }, task: {}, output: { kind: "text" } });
    const plan = importText(studioStore, file, "bad.contract.json");
    expect(plan.kind).toBe("refused");
    const dialog = s().importDialog;
    expect(dialog?.kind).toBe("errors");
    const lines = dialog?.kind === "errors" ? dialog.errors.map((e) => `${e.path}: ${e.message}`) : [];
    expect(lines).toContain("task.instruction: is required");
    expect(lines.some((l) => l.startsWith("id: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("name: "))).toBe(true);
    expect({ entries: s().entries, order: s().order, selectedKey: s().selectedKey }).toEqual(before);
    expect(s().entries).toBe(before.entries);
  });

  it("refuses text that is not JSON", () => {
    importText(studioStore, "{ not json", "x.json");
    expect(s().importDialog?.kind).toBe("errors");
    expect(s().order).toEqual(["k0"]);
  });

  it("adds a valid contract and opens it", () => {
    const [, second] = exampleContracts();
    importText(studioStore, serializeContract(second!), "grounded-answer.contract.json");
    expect(s().order).toHaveLength(2);
    expect(s().entries[s().selectedKey!]!.contract.id).toBe(second!.id);
  });

  it("never overwrites a contract with the same id: it offers a copy", () => {
    const original = s().entries.k0!.contract;
    const edited = { ...original, name: "Same id, other content" };
    importText(studioStore, serializeContract(edited), "same.contract.json");
    expect(s().importDialog?.kind).toBe("conflict");
    expect(s().order).toEqual(["k0"]);
    importPendingAsCopy(studioStore);
    expect(s().order).toHaveLength(2);
    expect(s().entries.k0!.contract).toBe(original);
    const copy = s().entries[s().selectedKey!]!.contract;
    expect(copy.id).toBe(`${original.id}-copy`);
    expect(copy.name).toBe("Same id, other content");
  });

  it("replaces the contract with the same id in place, keeping its published versions", () => {
    const published = publishVersion(s().entries.k0!.contract, { message: "First", now: "2026-03-01T10:00:00.000Z" });
    if (!published.ok) throw new Error("publish failed");
    s().updateContract("k0", () => published.value);
    const file = JSON.parse(serializeContract(published.value)) as { name: string };
    file.name = "Edited in git";
    importText(studioStore, JSON.stringify(file), "support-triage.contract.json");
    expect(s().importDialog?.kind).toBe("conflict");
    importPendingAsReplacement(studioStore);
    expect(s().importDialog).toBeNull();
    expect(s().order).toEqual(["k0"]);
    expect(s().entries.k0!.contract.name).toBe("Edited in git");
    expect(s().entries.k0!.contract.history?.versions.map((v) => v.version)).toEqual(["1.0.0"]);
  });

  it("round-trips an exported contract byte for byte", () => {
    const text = serializeContract(s().entries.k0!.contract);
    s().deleteContract("k0");
    importText(studioStore, text, "x.contract.json");
    expect(serializeContract(s().entries[s().selectedKey!]!.contract)).toBe(text);
  });
});
