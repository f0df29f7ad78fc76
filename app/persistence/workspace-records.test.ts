import { describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { memoryStorage } from "./storage.ts";
import { INDEX_KEY, contractKey, loadWorkspace, toRecord } from "./workspace-records.ts";

const contract = exampleContracts()[0]!;

describe("pending JSON text in the contract record", () => {
  it("is written with the record and read back with the entry", async () => {
    const pending = { "output.schema": { text: "oops {", message: "not valid JSON (…)" } };
    const rec = toRecord({ key: "k", contract, revision: 3, updatedAt: 1, pending });
    expect(rec.pending).toEqual(pending);
    const storage = memoryStorage();
    await storage.set(INDEX_KEY, { version: 1, order: ["k"], selectedKey: "k" });
    await storage.set(contractKey("k"), rec);
    const loaded = await loadWorkspace(storage, () => []);
    expect(loaded.workspace.entries.k?.pending).toEqual(pending);
    expect(loaded.workspace.entries.k?.contract.id).toBe(contract.id);
  });

  it("is left out when there is none, and malformed entries are dropped on read", async () => {
    expect("pending" in toRecord({ key: "k", contract, revision: 1, updatedAt: 0 })).toBe(false);
    const storage = memoryStorage();
    await storage.set(INDEX_KEY, { version: 1, order: ["k"], selectedKey: "k" });
    await storage.set(contractKey("k"), { ...toRecord({ key: "k", contract, revision: 1, updatedAt: 0 }), pending: { "tests[0].variables": { text: 1 } } });
    const loaded = await loadWorkspace(storage, () => []);
    expect(loaded.workspace.entries.k?.pending).toBeUndefined();
  });
});
