import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { CellResult, SuitePlan } from "../../contracts/eval/suite/types.ts";
import { idbRunHistory, RUNS_DB, RUNS_DB_VERSION } from "./run-history.ts";
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

  it("stores each cell's summary with it: the grid and the dashboard read those, an opened cell its full result", async () => {
    const store = make();
    await store.putCell("k1", { ...cell("s1", "c1"), assertions: [{ type: "contains", pass: false, reason: "No “refund”." }] });
    await store.putCell("k1", cell("s1", "c2", 2));
    await store.putCell("k1", cell("s2", "c1"));
    await store.putCell("k2", cell("s3", "c1"));
    const { summaries, skipped } = await store.summariesOf("s1");
    expect(skipped).toBe(0);
    expect(summaries.map((c) => c.cellId).sort()).toEqual(["c1", "c2"]);
    expect(summaries.find((c) => c.cellId === "c1")).toMatchObject({
      contractKey: "k1",
      run: null,
      notSent: { message: "no model" },
      assertions: [{ type: "contains", pass: false, reason: "No “refund”." }],
    });
    expect((await store.summariesOfContract("k1")).summaries).toHaveLength(3);
    expect((await store.summariesOfContract("k2")).summaries.map((c) => c.suiteId)).toEqual(["s3"]);
    const full = await store.cellsById("s1", ["c2", "missing"]);
    expect(full).toEqual([cell("s1", "c2", 2)]);
  });

  it("classifies a summary's refusal with the classifier the suite passes (its own policies)", async () => {
    const store = make();
    const refusing = { refusal: true, idk: false };
    await store.putCell("k", cell("s", "c"), () => refusing);
    expect((await store.summariesOf("s")).summaries[0]).toMatchObject({ refusal: false }); // not sent: never a refusal
    const rs = resultStoreFor(store, "k", [], () => refusing);
    const answered = {
      ...cell("s", "d"),
      notSent: null,
      run: {
        status: "ok",
        verdict: "kept",
        model: "m",
        output: "x",
        refusal: null,
        timings: { latencyMs: 5 },
        usage: { totalTokens: 3 },
        cost: null,
        error: null,
      },
    } as unknown as CellResult;
    await rs.put(answered);
    expect((await store.summariesOf("s")).summaries.find((c) => c.cellId === "d")).toMatchObject({ refusal: true, run: { latencyMs: 5, totalTokens: 3 } });
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

describe("a suite's pack of summaries", () => {
  const peek = (factory: IDBFactory, suiteId: string) =>
    new Promise<{ rows: { cellId: string }[] } | undefined>((resolve) => {
      const r = factory.open(RUNS_DB);
      r.onsuccess = () => {
        const q = r.result.transaction("packs").objectStore("packs").get(suiteId);
        q.onsuccess = () => (resolve(q.result as { rows: { cellId: string }[] } | undefined), r.result.close());
      };
    });

  it("is built by the first read, dropped by a write to its suite, and rebuilt whole by the next read", async () => {
    const factory = new IDBFactory();
    const store = idbSuiteStore({ indexedDB: factory, keyRange: IDBKeyRange });
    await store.putCell("k", cell("s", "c1"));
    await store.putCell("k", cell("t", "c1"));
    expect(await peek(factory, "s")).toBeUndefined();
    expect((await store.summariesOf("s")).summaries.map((c) => c.cellId)).toEqual(["c1"]);
    expect((await peek(factory, "s"))?.rows.map((r) => r.cellId)).toEqual(["c1"]);
    await store.putCell("k", cell("t", "c2"));
    expect(await peek(factory, "s")).toBeDefined(); // another suite's write leaves it
    await store.putCell("k", { ...cell("s", "c1"), passed: true });
    await store.putCell("k", cell("s", "c2"));
    expect(await peek(factory, "s")).toBeUndefined();
    const again = (await store.summariesOf("s")).summaries;
    expect(again.map((c) => [c.cellId, c.passed])).toEqual([
      ["c1", true],
      ["c2", false],
    ]);
    expect((await store.summariesOfContract("k")).summaries.map((c) => `${c.suiteId}/${c.cellId}`).sort()).toEqual(["s/c1", "s/c2", "t/c1", "t/c2"]);
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

/** The runs database as version 3 left it: records, suites, cells (no summaries), responses. */
async function openVersion3(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(RUNS_DB, 3);
    req.onupgradeneeded = () => {
      const db = req.result;
      const records = db.createObjectStore("records", { keyPath: "id" });
      records.createIndex("byContract", ["contractKey", "timings.startedAt"]);
      records.createIndex("byHash", ["contractKey", "contractHash", "timings.startedAt"]);
      records.createIndex("byTime", "timings.startedAt");
      db.createObjectStore("suites", { keyPath: "id" }).createIndex("byContract", ["contractKey", "createdAt"]);
      const cells = db.createObjectStore("cells", { keyPath: ["suiteId", "cellId"] });
      cells.createIndex("bySuite", "suiteId");
      cells.createIndex("byContract", ["contractKey", "finishedAt"]);
      db.createObjectStore("responses");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe("upgrading a version 3 database (cells without summaries)", () => {
  it("keeps every suite and cell and gives each stored cell its summary, classified in its suite's own refusal style", async () => {
    const factory = new IDBFactory();
    const old = await openVersion3(factory);
    const tx = old.transaction(["suites", "cells"], "readwrite");
    // A suite whose target prescribes its refusal in its own words, read loosely (the plan is not parsed by the upgrade).
    tx.objectStore("suites").put({
      ...record("s1", "k1", 1),
      plan: {
        ...plan("s1"),
        targets: [{ id: "draft", body: { policy: { refusalStyle: 'Reply "We only discuss billing here." and stop.', unknownAnswer: "" } } }],
      },
    });
    const answered = (id: string, output: string, passed: boolean) => ({
      ...cell("s1", id),
      notSent: null,
      passed,
      assertions: [{ type: "contains", pass: passed, reason: passed ? "ok" : "No “invoice”." }],
      run: {
        caseId: "a",
        contractHash: "h".repeat(8),
        outputKind: "text",
        enforcement: "prompt_only",
        request: { model: "test-model", messages: [{ role: "user", content: "q" }], stream: true },
        status: "ok",
        verdict: "kept",
        model: "test-model",
        output,
        refusal: null,
        finishReason: "stop",
        httpStatus: 200,
        attempts: 1,
        retries: [],
        timings: { startedAt: 1, ttftMs: 5, latencyMs: 10, totalMs: 10, outputTokensPerSec: null },
        usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
        usageSource: "endpoint",
        cost: null,
        validation: null,
        error: null,
      },
      contractKey: "k1",
    });
    tx.objectStore("cells").put(answered("c1", "Your invoice is attached.", true));
    tx.objectStore("cells").put(answered("c2", "We only discuss billing here.", false));
    tx.objectStore("cells").put({ ...cell("s2", "c1"), contractKey: "k2" });
    tx.objectStore("cells").put({ suiteId: "s2", cellId: "broken", contractKey: "k2" });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    old.close();

    const store = idbSuiteStore({ indexedDB: factory, keyRange: IDBKeyRange });
    expect((await store.summariesOf("s1")).summaries.map((c) => [c.cellId, c.passed, c.refusal])).toEqual([
      ["c1", true, false],
      ["c2", false, true],
    ]);
    expect((await store.summariesOf("s1")).summaries[1]!.assertions).toEqual([{ type: "contains", pass: false, reason: "No “invoice”." }]);
    expect((await store.summariesOfContract("k2")).summaries.map((c) => c.cellId)).toEqual(["c1"]);
    // Nothing stored before is lost: the full cells (the one that never parsed too) and the suite are still there.
    expect((await store.cellsOf("s1")).cells.map((c) => c.cellId)).toEqual(["c1", "c2"]);
    expect(await store.cellsOf("s2")).toMatchObject({ skipped: 1 });
    expect(await store.latestSuiteId("k1")).toBe("s1");

    const check = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open(RUNS_DB);
      r.onsuccess = () => resolve(r.result);
    });
    expect(check.version).toBe(RUNS_DB_VERSION);
    expect([...check.objectStoreNames].sort()).toEqual(["cells", "packs", "records", "responses", "suites", "summaries"]);
    check.close();
  });
});
