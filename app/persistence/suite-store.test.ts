import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { CellResult, SuitePlan } from "../../contracts/eval/suite/types.ts";
import { idbRunHistory, RUNS_DB } from "./run-history.ts";
import { idbSuiteStore, memorySuiteStore, resultStoreFor, type SuiteRecord, type SuiteStore } from "./suite-store.ts";

const plan = (id: string): SuitePlan =>
  ({
    format: "contract-studio/suite-plan@1",
    id,
    contractId: "c",
    createdAt: 1,
    repeats: 1,
    options: { concurrency: 4, bypassCache: false },
    targets: [],
    endpoints: [],
    cases: [],
    cells: [],
  }) as unknown as SuitePlan;

function record(id: string, contractKey: string, createdAt: number): SuiteRecord {
  return { version: 1, id, contractKey, createdAt, updatedAt: createdAt, status: "running", plan: plan(id), progress: null };
}

function cell(suiteId: string, cellId: string, finishedAt = 1): CellResult {
  return {
    cellId,
    suiteId,
    caseId: "a",
    split: "dev",
    targetId: "draft",
    endpointId: "e",
    repeat: 0,
    contractHash: "h".repeat(8),
    model: "test-model",
    parameters: { enforcement: null, temperature: 0, top_p: null, max_tokens: null, seed: null },
    run: null,
    notSent: { message: "no model", errors: [] },
    assertions: [],
    passed: false,
    cached: false,
    attempts: 0,
    finishedAt,
  };
}

// The targets/endpoints are empty in this fixture; SuitePlanSchema asks for at least one, so a
// plan that does not parse is the case the store must refuse, and a real one the case it keeps.
const stores: [string, () => SuiteStore][] = [
  ["IndexedDB", () => idbSuiteStore({ indexedDB: new IDBFactory(), keyRange: IDBKeyRange })],
  ["memory", () => memorySuiteStore()],
];

describe.each(stores)("suite store (%s)", (_name, make) => {
  it("refuses a suite record whose plan does not parse", async () => {
    await expect(make().saveSuite(record("s1", "k", 1))).rejects.toThrow();
  });

  it("keeps each cell under its suite, and finds a contract's cells over all its suites", async () => {
    const store = make();
    await store.putCell("k1", cell("s1", "c1"));
    await store.putCell("k1", cell("s1", "c2"));
    await store.putCell("k1", cell("s2", "c1"));
    await store.putCell("k2", cell("s3", "c1"));
    expect((await store.cellsOf("s1")).cells.map((c) => c.cellId).sort()).toEqual(["c1", "c2"]);
    expect((await store.cellsOfContract("k1")).cells).toHaveLength(3);
    expect((await store.cellsOfContract("k2")).cells[0]).not.toHaveProperty("contractKey");
  });

  it("finds the id of a contract's newest suite", async () => {
    const store = make();
    expect(await store.latestSuiteId("k")).toBeUndefined();
  });

  it("the runner's result store reads what was loaded and writes through", async () => {
    const store = make();
    const rs = resultStoreFor(store, "k", [cell("s", "old")]);
    expect(await rs.get("old")).toBeDefined();
    await rs.put(cell("s", "new"));
    expect(await rs.get("new")).toBeDefined();
    expect((await store.cellsOf("s")).cells.map((c) => c.cellId)).toEqual(["new"]);
  });

  it("caches responses by key and ignores what does not parse", async () => {
    const store = make();
    const value = {
      status: 200,
      contentType: "text/event-stream",
      body: "data: [DONE]",
      timings: { ttftMs: 1, latencyMs: 2, totalMs: 3, outputTokensPerSec: null },
      storedAt: 5,
    };
    await store.cache.put("k", value);
    expect(await store.cache.get("k")).toEqual(value);
    expect(await store.cache.get("missing")).toBeUndefined();
  });
});

describe("suite stores beside the run records", () => {
  it("a database opened by the run history already has the suite stores (one upgrade for both)", async () => {
    const factory = new IDBFactory();
    await idbRunHistory({ indexedDB: factory, keyRange: IDBKeyRange, keyForContractId: () => null }).listRecent();
    const suites = idbSuiteStore({ indexedDB: factory, keyRange: IDBKeyRange, dbName: RUNS_DB });
    await suites.putCell("k", cell("s", "c"));
    expect((await suites.cellsOf("s")).cells).toHaveLength(1);
  });
});
