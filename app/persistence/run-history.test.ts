import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../contracts/assembly-types.ts";
import type { RunResult } from "../../contracts/run-case/result.ts";
import { idbRunHistory, makeRunRecord, memoryRunHistory, RUNS_DB, RUNS_DB_VERSION, type RunHistoryStore, type RunRecordInput } from "./run-history.ts";

const request: ChatRequest = {
  model: "test-model",
  messages: [
    { role: "system", content: "You triage tickets." },
    { role: "user", content: "My order NW-123456 never came." },
  ],
  temperature: 0,
  max_tokens: 800,
  stream: true,
  stream_options: { include_usage: true },
};

function result(over: Partial<RunResult> = {}): RunResult {
  return {
    caseId: null,
    contractHash: "abc",
    outputKind: "json_schema",
    enforcement: "json_schema",
    request,
    verdict: "broken",
    status: "ok",
    output: '{"category":"shipping"}',
    refusal: null,
    finishReason: "stop",
    model: "test-model",
    error: null,
    httpStatus: 200,
    attempts: 1,
    retries: [],
    timings: { startedAt: 1_700_000_000_000, ttftMs: 40, latencyMs: 300, totalMs: 300, outputTokensPerSec: 90 },
    usage: { promptTokens: 120, completionTokens: 8, totalTokens: 128 },
    usageSource: "endpoint",
    cost: { inputUsd: 0.0003, outputUsd: 0.00008, totalUsd: 0.00038 },
    validation: { ok: false, violations: [{ path: "$.priority", message: 'must be one of: "low"; got "NW-123456"' }], warnings: [] },
    ...over,
  };
}

function input(over: Partial<RunRecordInput> = {}): RunRecordInput {
  return {
    id: "r1",
    contractKey: "k-a",
    contractId: "support-triage",
    contractVersion: null,
    profileName: "Local",
    metricsOnly: false,
    result: result(),
    events: [],
    ...over,
  };
}

const at = (id: string, contractKey: string, startedAt: number, contractHash = "abc") =>
  makeRunRecord(input({ id, contractKey, result: result({ contractHash, timings: { ...result().timings, startedAt } }) }));

describe("run history records", () => {
  it("name the profile and carry no key or headers", () => {
    // Even a caller that wrongly spreads a profile-with-key into the input cannot get it stored.
    const sneaky = { ...input(), apiKey: "sk-should-not-be-here", headers: { authorization: "Bearer sk-should-not-be-here" } } as RunRecordInput;
    const rec = makeRunRecord(sneaky);
    const text = JSON.stringify(rec);
    expect(text).not.toContain("sk-should-not-be-here");
    expect(text).not.toMatch(/authorization/i);
    expect(rec.profileName).toBe("Local");
    expect(rec.parameters).toEqual({ temperature: 0, max_tokens: 800, stream: true, enforcement: "json_schema" });
    expect(rec.request?.messages).toHaveLength(2);
    expect(rec.response).toBe('{"category":"shipping"}');
  });

  it("keep metrics only for a metrics-only profile: no request, answer, endpoint words or quoted values", () => {
    const rec = makeRunRecord(
      input({
        metricsOnly: true,
        result: result({
          error: {
            kind: "server",
            status: 500,
            retryable: true,
            title: "The endpoint had an error",
            explanation: "…",
            advice: [],
            endpointMessage: "failed on: My order NW-123456",
          },
        }),
      }),
    );
    expect(rec.request).toBeNull();
    expect(rec.response).toBeNull();
    expect(rec.refusal).toBeNull();
    const text = JSON.stringify(rec);
    expect(text).not.toContain("NW-123456");
    expect(text).not.toContain("triage tickets");
    // What is kept: timings, usage, cost, the verdict and where it broke.
    expect(rec.usage.totalTokens).toBe(128);
    expect(rec.timings.ttftMs).toBe(40);
    expect(rec.cost?.totalUsd).toBeCloseTo(0.00038);
    expect(rec.validation?.ok).toBe(false);
    expect(rec.validation?.violations[0]?.path).toBe("$.priority");
    expect(rec.error?.title).toBe("The endpoint had an error");
  });
});

/** The same behaviour from the IndexedDB store and the in-memory one. */
const stores: [string, () => RunHistoryStore][] = [
  ["IndexedDB", () => idbRunHistory({ keyForContractId: () => null, indexedDB: new IDBFactory(), keyRange: IDBKeyRange })],
  ["memory", () => memoryRunHistory()],
];

describe.each(stores)("run history store (%s)", (_name, make) => {
  it("lists one contract's runs, newest first, never another contract's", async () => {
    const store = make();
    await store.save(at("old", "a", 1_000));
    await store.save(at("new", "a", 2_000));
    await store.save(at("other", "b", 3_000));
    expect((await store.list("a")).records.map((r) => r.id)).toEqual(["new", "old"]);
    expect((await store.list("b")).records.map((r) => r.id)).toEqual(["other"]);
    expect((await store.list("a", 1)).records.map((r) => r.id)).toEqual(["new"]);
  });

  it("lists one contract's runs of one content hash", async () => {
    const store = make();
    await store.save(at("v1-a", "a", 1_000, "h1"));
    await store.save(at("v2-a", "a", 2_000, "h2"));
    await store.save(at("v1-b", "b", 3_000, "h1"));
    expect((await store.listByHash("a", "h1")).records.map((r) => r.id)).toEqual(["v1-a"]);
  });

  it("lists the latest runs overall by time", async () => {
    const store = make();
    await store.save(at("x", "a", 1_000));
    await store.save(at("y", "b", 3_000));
    await store.save(at("z", "a", 2_000));
    expect((await store.listRecent(2)).records.map((r) => r.id)).toEqual(["y", "z"]);
  });

  it("refuses to save a record that is not one", async () => {
    const store = make();
    await expect(store.save({ ...at("bad", "a", 1), status: "exploded" } as never)).rejects.toThrow();
  });
});

/** Writes raw values into the `records` store, as a buggy or older app might have. */
async function putRaw(factory: IDBFactory, values: unknown[]): Promise<void> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = factory.open(RUNS_DB, RUNS_DB_VERSION);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const tx = db.transaction("records", "readwrite");
  for (const v of values) tx.objectStore("records").put(v);
  await new Promise((res) => (tx.oncomplete = res));
  db.close();
}

/** The layout idb-keyval wrote before version 2: database version 1, store `runs`, out-of-line keys. */
async function writeLegacy(factory: IDBFactory, entries: [string, unknown][]): Promise<void> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = factory.open(RUNS_DB);
    r.onupgradeneeded = () => r.result.createObjectStore("runs");
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const tx = db.transaction("runs", "readwrite");
  for (const [k, v] of entries) tx.objectStore("runs").put(v, k);
  await new Promise((res) => (tx.oncomplete = res));
  db.close();
}

describe("run history in IndexedDB", () => {
  it("skips and counts records that do not parse instead of failing the list", async () => {
    const factory = new IDBFactory();
    const store = idbRunHistory({ keyForContractId: () => null, indexedDB: factory, keyRange: IDBKeyRange });
    await store.save(at("good", "a", 2_000));
    const good = at("x", "a", 1_000);
    await putRaw(factory, [
      { ...good, id: "broken", usage: "lots" },
      { ...good, id: "future", version: 9 },
    ]);
    const listing = await store.list("a");
    expect(listing.records.map((r) => r.id)).toEqual(["good"]);
    expect(listing.skipped).toBe(2);
  });

  it("moves the old idb-keyval records into the indexed store once, under their contract's workspace key", async () => {
    const factory = new IDBFactory();
    const v1 = (id: string, contractId: string, startedAt: number) => {
      const { contractKey: _k, caseId: _c, verdict: _v, ...rest } = at(id, "unused", startedAt);
      return { ...rest, version: 1 as const, contractId };
    };
    await writeLegacy(factory, [
      ["run:support-triage:000000000001000:r1", v1("r1", "support-triage", 1_000)],
      ["run:support-triage:000000000002000:r2", { ...v1("r2", "support-triage", 2_000), validation: { ok: true, violations: [], warnings: [] } }],
      ["run:gone:000000000003000:r3", v1("r3", "gone", 3_000)],
      ["run:junk", { version: 1, id: "r4" }],
    ]);
    const keys = { "support-triage": "k-triage" } as Record<string, string>;
    const store = idbRunHistory({ keyForContractId: (id) => keys[id] ?? null, indexedDB: factory, keyRange: IDBKeyRange });
    const listing = await store.list("k-triage");
    expect(listing.records.map((r) => [r.id, r.verdict])).toEqual([
      ["r2", "kept"],
      ["r1", "broken"],
    ]);
    expect((await store.list("orphan:gone")).records.map((r) => r.id)).toEqual(["r3"]);
    expect((await store.listRecent()).skipped).toBe(1);

    // Read once: a second start finds only the record that could not be moved.
    const again = idbRunHistory({ keyForContractId: () => "elsewhere", indexedDB: factory, keyRange: IDBKeyRange });
    expect((await again.list("k-triage")).records).toHaveLength(2);
    expect((await again.list("elsewhere")).records).toHaveLength(0);
  });
});
