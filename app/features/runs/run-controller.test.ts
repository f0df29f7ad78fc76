/** The run controller files every run under its own contract, and runs several at once. */
import { describe, expect, it } from "vitest";
import { createEndpointProfile } from "../../../contracts/client/profile.ts";
import { parseContract } from "../../../contracts/parse.ts";
import { recordedFetch, steppingClock } from "../../../contracts/run-case/recorded-fetch.ts";
import type { FetchLike } from "../../../contracts/client/run.ts";
import { memoryRunHistory } from "../../persistence/run-history.ts";
import { createStudioStore } from "../../store/index.ts";
import { selectOpenHistory, selectShownRun } from "../../store/runs-slice.ts";
import { createRunController } from "./run-controller.ts";

const SSE =
  [
    { choices: [{ index: 0, delta: { role: "assistant", content: "Hello" }, finish_reason: null }] },
    { choices: [{ index: 0, delta: { content: " there" }, finish_reason: "stop" }] },
    { choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } },
  ]
    .map((c) => `data: ${JSON.stringify(c)}\n\n`)
    .join("") + "data: [DONE]\n\n";

function contract(id: string, instruction: string) {
  const r = parseContract({
    format: "contract-studio/contract@1",
    id,
    name: id,
    policy: { role: "You help." },
    task: { instruction },
    output: { kind: "text" },
  });
  if (!r.ok) throw new Error("invalid fixture");
  return r.value;
}

function setup(fetch: FetchLike) {
  const store = createStudioStore();
  const entries = {
    ka: { key: "ka", contract: contract("alpha", "Say hello to Alpha."), revision: 1, updatedAt: 0 },
    kb: { key: "kb", contract: contract("beta", "Say hello to Beta."), revision: 1, updatedAt: 0 },
  };
  store.getState().hydrate({ entries, order: ["ka", "kb"], selectedKey: "ka", broken: [] });
  store.getState().saveProfile(createEndpointProfile({ id: "p", name: "Local", baseUrl: "http://127.0.0.1:9/v1" }), { apiKey: "", remember: false });
  store.getState().selectModel("test-model");
  const history = memoryRunHistory();
  const controller = createRunController(store, { history, io: { fetch, now: steppingClock(), sleep: async () => {} }, paint: async () => {} });
  return { store, history, controller };
}

describe("run controller", () => {
  it("a rerun from another contract's view is sent and filed as the record's own contract", async () => {
    const rec = recordedFetch(SSE);
    const { store, history, controller } = setup(rec.fetch);
    const first = await controller.start();
    expect(first?.record.contractKey).toBe("ka");

    store.getState().selectContract("kb");
    expect(selectShownRun(store.getState())).toBeNull();
    await controller.start({ rerun: first!.record });
    expect(JSON.stringify(rec.sent[1])).toBe(JSON.stringify(rec.sent[0]));
    expect((await history.list("ka")).records.map((r) => r.contractHash)).toEqual([first!.record.contractHash, first!.record.contractHash]);
    expect((await history.list("kb")).records).toHaveLength(0);
    expect(selectShownRun(store.getState())).toBeNull();
  });

  it("runs two contracts at once, each with its own stop", async () => {
    const held: { signal: AbortSignal }[] = [];
    const rec = recordedFetch(SSE);
    // Alpha's request hangs until stopped; Beta's answers at once.
    const fetch: FetchLike = (url, init) => {
      if (String(init.body).includes("Alpha")) {
        const signal = init.signal!;
        held.push({ signal });
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
      }
      return rec.fetch(url, init);
    };
    const { store, history, controller } = setup(fetch);
    const alpha = controller.start({ contractKey: "ka" });
    await Promise.resolve();
    expect(controller.isRunning("ka")).toBe(true);
    expect(await controller.start({ contractKey: "ka" })).toBeNull(); // one at a time within a contract
    const beta = await controller.start({ contractKey: "kb" });
    expect(beta?.result.status).toBe("ok");
    expect(controller.isRunning("ka")).toBe(true);
    controller.stop("ka");
    expect((await alpha)?.result.status).toBe("aborted");
    expect(held[0]?.signal.aborted).toBe(true);
    expect(controller.inFlight()).toBe(0);
    expect((await history.list("ka")).records.map((r) => r.status)).toEqual(["aborted"]);
    expect((await history.list("kb")).records.map((r) => r.status)).toEqual(["ok"]);
    // Each contract's Run tab shows its own run.
    store.getState().selectContract("kb");
    const shown = selectShownRun(store.getState());
    expect(shown?.kind === "done" && shown.record.status).toBe("ok");
  });

  it("the open history is never another contract's", async () => {
    const { store, controller } = setup(recordedFetch(SSE).fetch);
    const stop = controller.startHistoryLoader();
    await controller.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(selectOpenHistory(store.getState())?.map((r) => r.contractKey)).toEqual(["ka"]);
    store.getState().selectContract("kb");
    expect(selectOpenHistory(store.getState())).toBeNull(); // not loaded yet: nothing, rather than alpha's
    await new Promise((r) => setTimeout(r, 0));
    expect(selectOpenHistory(store.getState())).toEqual([]);
    stop();
  });
});
