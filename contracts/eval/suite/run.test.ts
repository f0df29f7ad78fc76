/**
 * The suite runner against the real test server (e2e/server): concurrency measured by the
 * server itself (/__stats maxInFlight), cancel, resume, the response cache and 429 handling.
 * Requests are counted by a fetch that wraps the real one, so "made one call" means one HTTP
 * request reached the server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../e2e/server/test-server.ts";
import { createEndpointProfile, type EndpointProfile } from "../../client/profile.ts";
import type { FetchLike } from "../../client/run.ts";
import { parseContract } from "../../parse.ts";
import { runCase } from "../../run-case/run-case.ts";
import type { Contract, ContractInput } from "../../schema/contract.ts";
import { memoryCache, requestKey } from "./cache.ts";
import { Limiter } from "./limiter.ts";
import { planSuite, shardCells } from "./plan.ts";
import { runSuite, suiteEvents } from "./run.ts";
import { CellResultSchema, type CellResult, type EvaluateFn, type ResultStore, type SuiteEvent, type SuiteOptionsInput, type SuitePlan } from "./types.ts";

let server: TestServer;
let second: TestServer;
beforeAll(async () => {
  [server, second] = await Promise.all([startTestServer({ port: 0 }), startTestServer({ port: 0 })]);
});
afterAll(() => Promise.all([server.close(), second.close()]));
beforeEach(async () => {
  await Promise.all([server, second].map((s) => fetch(`${s.url}/__reset`, { method: "POST" })));
});

async function maxInFlight(s: TestServer): Promise<number> {
  const stats = (await (await fetch(`${s.url}/__stats`)).json()) as { maxInFlight: number };
  return stats.maxInFlight;
}

function contract(cases: number, edit: (c: ContractInput) => void = () => {}): Contract {
  const input: ContractInput = {
    format: "contract-studio/contract@2",
    id: "triage",
    name: "Triage",
    policy: { role: "You triage support tickets." },
    task: { instruction: "Triage this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true }],
    output: {
      kind: "json_schema",
      name: "triage",
      schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
    },
    tests: Array.from({ length: cases }, (_, i) => ({ id: `case-${i}`, variables: { ticket: `Ticket number ${i}` } })),
  };
  edit(input);
  const r = parseContract(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const profileFor = (s: TestServer, id = "local", retries = 2): EndpointProfile => createEndpointProfile({ id, name: id, baseUrl: `${s.url}/v1`, retries });

/** Passes when the answer kept the output contract: the stand-in for contracts/eval/evaluate.ts. */
const evaluate: EvaluateFn = (_c, _t, result) => [{ pass: result.verdict === "kept", reason: result.verdict }];

function memoryStore(): ResultStore & { map: Map<string, CellResult> } {
  const map = new Map<string, CellResult>();
  return {
    map,
    get: (id) => Promise.resolve(map.get(id)),
    put: (r) => {
      map.set(r.cellId, CellResultSchema.parse(r));
      return Promise.resolve();
    },
  };
}

const requestKeyOf = (r: CellResult) => requestKey(`${server.url}/v1/chat/completions`, JSON.stringify(r.run!.request));

function countingFetch(): { fetch: FetchLike; calls: () => number } {
  let n = 0;
  return {
    fetch: (url, init) => {
      n++;
      return globalThis.fetch(url, init);
    },
    calls: () => n,
  };
}

function plan(c: Contract, endpoints: { profile: EndpointProfile; model: string }[], options: SuiteOptionsInput = {}, id = "suite-1"): SuitePlan {
  const p = planSuite({ contract: c, endpoints, options, id, now: 0 });
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.value;
}

describe("planSuite", () => {
  it("gives every cell an id that stays the same for the same plan and changes only for the case that changed", () => {
    const endpoints = [{ profile: profileFor(server), model: "test-model" }];
    const a = plan(contract(3), endpoints);
    const b = plan(contract(3), endpoints);
    const edited = plan(
      contract(3, (c) => {
        c.tests![1]!.variables = { ticket: "Changed" };
      }),
      endpoints,
    );
    expect(b.cells.map((c) => c.id)).toEqual(a.cells.map((c) => c.id));
    expect(new Set(a.cells.map((c) => c.id)).size).toBe(3);
    expect(edited.cells.map((c, i) => c.id === a.cells[i]!.id)).toEqual([true, false, true]);
  });

  it("keeps only the cases of the splits and tags asked for", () => {
    const c = contract(4, (input) => {
      input.tests![0]!.split = "holdout";
      input.tests![1]!.split = "holdout";
      input.tests![1]!.tags = ["must-pass"];
      input.tests![2]!.tags = ["must-pass"];
    });
    const ids = (extra: { splits?: string[]; tags?: string[] }) => {
      const p = planSuite({ contract: c, endpoints: [{ profile: profileFor(server), model: "m" }], ...extra });
      return p.ok ? p.value.cases.map((x) => x.id) : p.errors;
    };
    expect(ids({ splits: ["holdout"] })).toEqual(["case-0", "case-1"]);
    expect(ids({ tags: ["must-pass"] })).toEqual(["case-1", "case-2"]);
    expect(ids({ splits: ["holdout"], tags: ["must-pass"] })).toEqual(["case-1"]);
  });

  it("says why a plan cannot be made: an unknown label, no cases", () => {
    const r = planSuite({ contract: contract(0), targets: [{ kind: "label", label: "production" }], endpoints: [{ profile: profileFor(server), model: "m" }] });
    expect(r).toEqual({ ok: false, errors: [{ path: "targets[0]", message: "no label 'production' (no labels yet)" }] });
    const none = planSuite({ contract: contract(0), endpoints: [{ profile: profileFor(server), model: "m" }] });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors[0]!.path).toBe("tests");
  });
});

describe("shardCells", () => {
  it("puts every cell in exactly one of n shards", () => {
    const p = plan(contract(50), [{ profile: profileFor(server), model: "test-model" }]);
    const shards = [1, 2, 3, 4].map((i) => shardCells(p, i, 4).map((c) => c.id));
    expect(shards.flat().sort()).toEqual(p.cells.map((c) => c.id).sort());
    expect(shards.every((s) => s.length > 0)).toBe(true);
  });
});

describe("suiteEvents", () => {
  it("yields start, a cell_done per cell and finished, in that order", async () => {
    const types: string[] = [];
    for await (const e of suiteEvents(plan(contract(3), [{ profile: profileFor(server), model: "test-model" }]), {
      send: runCase,
      evaluate,
      store: memoryStore(),
    }))
      if (e.type !== "cell_start") types.push(e.type);
    expect(types).toEqual(["start", "cell_done", "cell_done", "cell_done", "finished"]);
  });

  it("ends the suite with the store's error when results cannot be kept", async () => {
    const broken: ResultStore = { get: () => Promise.resolve(undefined), put: () => Promise.reject(new Error("quota exceeded")) };
    await expect(
      runSuite(plan(contract(2), [{ profile: profileFor(server), model: "test-model" }]), { send: runCase, evaluate, store: broken }),
    ).rejects.toThrow("quota exceeded");
  });
});

describe("runSuite: the real evaluator", () => {
  it("judges each cell by the case's assertions and the contract's implied ones (evaluateAssertions, the default)", async () => {
    const c = contract(2, (input) => {
      input.tests![0]!.assertions = [{ type: "contains", value: "priority" }];
      input.tests![1]!.assertions = [{ type: "contains", value: "refund" }];
      input.tests![1]!.split = "holdout";
    });
    const out = await runSuite(plan(c, [{ profile: profileFor(server), model: "test-model" }]), { send: runCase, store: memoryStore() });
    const [first, second] = out.results;
    expect(first!.passed).toBe(true);
    expect(first!.assertions.map((a) => [a.type, a.source, a.pass])).toEqual([
      ["contains", "case", true],
      ["schema_valid", "contract", true],
      ["not_cut_off", "contract", true],
    ]);
    expect(second!.split).toBe("holdout");
    expect(second!.passed).toBe(false);
    expect(second!.assertions.find((a) => !a.pass)?.type).toBe("contains");
  });

  it("fails the implied schema check on an answer that breaks the schema, and judges a failed run as not answered", async () => {
    const broken = await runSuite(plan(contract(1), [{ profile: profileFor(server), model: "test-invalid" }], {}, "invalid"), {
      send: runCase,
      store: memoryStore(),
    });
    expect(broken.results[0]!.passed).toBe(false);
    expect(broken.results[0]!.assertions.find((a) => a.type === "schema_valid")?.pass).toBe(false);
    const failed = await runSuite(plan(contract(1), [{ profile: profileFor(server, "p", 0), model: "test-500" }], {}, "failed"), {
      send: runCase,
      store: memoryStore(),
    });
    expect(failed.results[0]!.assertions.every((a) => !a.pass && a.reason.startsWith("not evaluated: the run failed"))).toBe(true);
  });
});

describe("runSuite: concurrency", () => {
  it("never has more requests in flight than the overall limit (the server's own count)", async () => {
    const counting = countingFetch();
    let seenInFlight = 0;
    const etas: (number | null)[] = [];
    const out = await runSuite(
      plan(contract(12), [{ profile: profileFor(server), model: "test-delay-60" }], { concurrency: 3 }),
      { send: runCase, evaluate, store: memoryStore(), io: { fetch: counting.fetch } },
      {
        onEvent: (e) => {
          seenInFlight = Math.max(seenInFlight, e.progress.inFlight);
          if (e.type === "cell_done") etas.push(e.progress.etaMs);
        },
      },
    );
    // Time left: known once a cell finished, positive while cells remain, 0 at the end.
    expect(etas[0]).toBeGreaterThan(0);
    expect(etas.at(-1)).toBe(0);
    expect(out.progress).toMatchObject({ total: 12, done: 12, passed: 12, failed: 0, errored: 0 });
    expect(out.status).toBe("completed");
    expect(out.results.filter((r) => r.passed)).toHaveLength(12);
    expect(counting.calls()).toBe(12);
    // At the limit, not below it: 12 requests of 60 ms at 3 at a time do overlap.
    expect(await maxInFlight(server)).toBe(3);
    expect(seenInFlight).toBe(3);
  });

  it("keeps each endpoint to its own limit while the other endpoint uses the rest", async () => {
    const out = await runSuite(
      plan(
        contract(8),
        [
          { profile: profileFor(server, "a"), model: "test-delay-60" },
          { profile: profileFor(second, "b"), model: "test-delay-60" },
        ],
        { concurrency: 4, perEndpoint: 2 },
      ),
      { send: runCase, evaluate, store: memoryStore() },
    );
    expect(out.results).toHaveLength(16);
    expect(await maxInFlight(server)).toBe(2);
    expect(await maxInFlight(second)).toBe(2);
  });
});

describe("runSuite: keepResults", () => {
  it("with keepResults: false returns no results but stores and reports every cell, resumed ones included", async () => {
    const p = plan(contract(4), [{ profile: profileFor(server), model: "test-model" }], {}, "not-kept");
    const store = memoryStore();
    const first = p.cells[0]!;
    const seeded = await runSuite({ ...p, cells: [first] }, { send: runCase, evaluate, store });
    expect(seeded.results).toHaveLength(1);
    const done: string[] = [];
    const out = await runSuite(
      p,
      { send: runCase, evaluate, store },
      { keepResults: false, onEvent: (e) => void (e.type === "cell_done" && done.push(e.result.cellId)) },
    );
    expect(out.results).toEqual([]);
    expect([out.status, out.progress.done, out.progress.resumed]).toEqual(["completed", 4, 1]);
    expect(done.sort()).toEqual(p.cells.map((c) => c.id).sort());
    expect([...store.map.keys()].sort()).toEqual(p.cells.map((c) => c.id).sort());
  });
});

describe("runSuite: cancel and resume", () => {
  it("cancel aborts the requests in flight, keeps the finished cells and stores no aborted one; resume runs only the rest", async () => {
    const c = contract(10);
    const p = plan(c, [{ profile: profileFor(server), model: "test-delay-150" }], { concurrency: 2 });
    const store = memoryStore();
    const stop = new AbortController();
    const first = countingFetch();
    const events: SuiteEvent[] = [];
    const out = await runSuite(
      p,
      { send: runCase, evaluate, store, io: { fetch: first.fetch } },
      {
        signal: stop.signal,
        onEvent: (e) => {
          events.push(e);
          if (e.type === "cell_done" && e.progress.done === 3) stop.abort();
        },
      },
    );
    expect(out.status).toBe("cancelled");
    expect(out.results.length).toBeGreaterThanOrEqual(3);
    expect(out.results.length).toBeLessThan(10);
    expect(store.map.size).toBe(out.results.length);
    expect([...store.map.values()].every((r) => r.run?.status === "ok")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "cancelled" });
    // The request still open when Stop was pressed was aborted, not waited for.
    expect(first.calls()).toBeLessThanOrEqual(out.results.length + 2);

    const again = countingFetch();
    let sends = 0;
    const resumed = await runSuite(p, {
      send: (input, io) => {
        sends++;
        return runCase(input, io);
      },
      evaluate,
      store,
      io: { fetch: again.fetch },
    });
    expect(resumed.status).toBe("completed");
    expect(resumed.progress.resumed).toBe(out.results.length);
    expect(sends).toBe(10 - out.results.length);
    expect(again.calls()).toBe(10 - out.results.length);
    expect(resumed.results.map((r) => r.cellId)).toEqual(p.cells.map((c) => c.id));
  });
});

describe("runSuite: response cache", () => {
  it("each repeat has its own cache slot: repeats are all sent the first time (so they can disagree), and a rerun sends nothing", async () => {
    const cache = memoryCache();
    const endpoints = [{ profile: profileFor(server), model: "test-model" }];
    const planned = planSuite({ contract: contract(2), endpoints, repeats: 3, options: { concurrency: 1 }, id: "repeats", now: 0 });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const first = countingFetch();
    const out = await runSuite(planned.value, { send: runCase, evaluate, store: memoryStore(), cache, io: { fetch: first.fetch } });
    // Concurrency 1: repeat 1 starts after repeat 0 stored its answer, and still goes to the endpoint.
    expect(first.calls()).toBe(6);
    expect(out.results.every((r) => !r.cached)).toBe(true);
    expect(cache.size).toBe(6);
    const again = countingFetch();
    const rerun = await runSuite({ ...planned.value, id: "repeats-2" }, { send: runCase, evaluate, store: memoryStore(), cache, io: { fetch: again.fetch } });
    expect(again.calls()).toBe(0);
    expect(rerun.results.every((r) => r.cached)).toBe(true);
  });

  it("rerunning after changing one case makes one call; the others are served from the cache", async () => {
    const cache = memoryCache();
    const endpoints = [{ profile: profileFor(server), model: "test-model" }];
    const first = countingFetch();
    await runSuite(plan(contract(5), endpoints, {}, "first"), { send: runCase, evaluate, store: memoryStore(), cache, io: { fetch: first.fetch } });
    expect(first.calls()).toBe(5);
    expect(cache.size).toBe(5);

    const edited = contract(5, (c) => {
      c.tests![2]!.variables = { ticket: "A different ticket" };
    });
    const second = countingFetch();
    const out = await runSuite(plan(edited, endpoints, {}, "second"), { send: runCase, evaluate, store: memoryStore(), cache, io: { fetch: second.fetch } });
    expect(second.calls()).toBe(1);
    expect(out.results.map((r) => r.cached)).toEqual([true, true, false, true, true]);
    // A hit is checked like a live answer.
    expect(out.results.every((r) => r.passed && r.run?.verdict === "kept")).toBe(true);
    expect(out.progress.cached).toBe(4);
    // A hit reports the latency of the call that filled the cache, not its own near-zero one.
    const firstLatency = out.results[0]!.run!.timings.latencyMs;
    expect(firstLatency).toBe((await cache.get(requestKeyOf(out.results[0]!)))!.timings.latencyMs);
  });

  it("keys on the profile's extra headers but never on the API key", async () => {
    const cache = memoryCache();
    const endpoints = (headers: Record<string, string>) => [
      { profile: createEndpointProfile({ id: "h", name: "h", baseUrl: `${server.url}/v1`, extraHeaders: headers }), model: "test-model" },
    ];
    const stored: string[] = [];
    const run = async (headers: Record<string, string>, apiKey: string) => {
      const counting = countingFetch();
      const store = memoryStore();
      await runSuite(plan(contract(1), endpoints(headers), {}, `headers-${stored.length}`), {
        send: runCase,
        evaluate,
        store,
        cache,
        apiKeys: { h: apiKey },
        io: { fetch: counting.fetch },
      });
      stored.push(JSON.stringify([...store.map.values()]));
      return counting.calls();
    };
    expect(await run({ "x-route": "a" }, "sk-secret-1")).toBe(1);
    expect(await run({ "x-route": "a" }, "sk-secret-2")).toBe(0); // another key, same request: a hit
    expect(await run({ "x-route": "b" }, "sk-secret-1")).toBe(1); // another route: a miss
    expect(stored.join("")).not.toContain("sk-secret");
  });

  it("never caches an error, and the bypass switch sends every request", async () => {
    const cache = memoryCache();
    const failing = await runSuite(plan(contract(2), [{ profile: profileFor(server, "p", 0), model: "test-500" }], {}, "errors"), {
      send: runCase,
      evaluate,
      store: memoryStore(),
      cache,
    });
    expect(failing.results.every((r) => r.run?.status === "failed")).toBe(true);
    expect(cache.size).toBe(0);

    const endpoints = [{ profile: profileFor(server), model: "test-model" }];
    await runSuite(plan(contract(3), endpoints, {}, "fill"), { send: runCase, evaluate, store: memoryStore(), cache });
    const counting = countingFetch();
    const out = await runSuite(plan(contract(3), endpoints, { bypassCache: true }, "bypass"), {
      send: runCase,
      evaluate,
      store: memoryStore(),
      cache,
      io: { fetch: counting.fetch },
    });
    expect(counting.calls()).toBe(3);
    expect(out.results.every((r) => !r.cached)).toBe(true);
  });
});

describe("runSuite: 429", () => {
  it("halves the endpoint's concurrency on a 429 and counts a retried cell once, with its attempts", async () => {
    const counting = countingFetch();
    const limits: number[] = [];
    const out = await runSuite(
      plan(contract(12), [{ profile: profileFor(server, "limited", 6), model: "test-delay-60+max-inflight-2" }], { concurrency: 4 }),
      { send: runCase, evaluate, store: memoryStore(), io: { fetch: counting.fetch } },
      { onEvent: (e) => void (e.type === "rate_limited" && limits.push(e.limit)) },
    );
    expect(limits[0]).toBe(2);
    expect(out.results).toHaveLength(12);
    expect(out.results.every((r) => r.passed)).toBe(true);
    const attempts = out.results.map((r) => r.attempts);
    expect(attempts.some((a) => a > 1)).toBe(true);
    // Every HTTP request is an attempt of exactly one cell.
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(counting.calls());
    expect(out.progress.retries).toBe(counting.calls() - 12);
  });
});

describe("Limiter", () => {
  it("halves once for a burst of 429s sent under the same limit, then grows by one per window of successes", () => {
    const l = new Limiter(8, 8);
    const epochs = [1, 2, 3, 4].map(() => l.start("e"));
    expect(l.rateLimited("e", epochs[0]!)).toBe(4);
    expect(l.rateLimited("e", epochs[1]!)).toBeNull(); // same burst
    for (const _ of epochs) l.finish("e");
    const e1 = l.start("e");
    expect(l.rateLimited("e", e1)).toBe(2); // a 429 under the new limit halves again
    l.finish("e");
    l.succeeded("e");
    expect(l.endpoint("e").limit).toBe(2);
    l.succeeded("e");
    expect(l.endpoint("e").limit).toBe(3);
    for (let i = 0; i < 3 + 4 + 5 + 6 + 7 + 10; i++) l.succeeded("e");
    expect(l.endpoint("e").limit).toBe(8);
  });

  it("never lets more start than the overall or the endpoint limit", () => {
    const l = new Limiter(3, 2);
    expect([l.canStart("a"), l.start("a"), l.canStart("a"), l.start("a"), l.canStart("a")]).toEqual([true, 0, true, 0, false]);
    expect(l.canStart("b")).toBe(true);
    l.start("b");
    expect(l.canStart("b")).toBe(false);
  });
});
