// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../contracts/assembly-types.ts";
import type { RunOutcome } from "../../contracts/client/run.ts";
import { makeRunRecord, runHistoryStore, type RunRecordInput } from "./run-history.ts";
import { memoryStorage } from "./storage.ts";

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

function outcome(over: Partial<RunOutcome> = {}): RunOutcome {
  return {
    status: "ok", output: '{"category":"shipping"}', refusal: null, finishReason: "stop", model: "test-model", error: null, httpStatus: 200, attempts: 1,
    timings: { startedAt: 1_700_000_000_000, ttftMs: 40, latencyMs: 300, totalMs: 300, outputTokensPerSec: 90 },
    usage: { promptTokens: 120, completionTokens: 8, totalTokens: 128 }, usageSource: "endpoint", cost: { inputUsd: 0.0003, outputUsd: 0.00008, totalUsd: 0.00038 },
    ...over,
  };
}

function input(over: Partial<RunRecordInput> = {}): RunRecordInput {
  return {
    id: "r1", contractId: "support-triage", contractHash: "abc", contractVersion: null, profileName: "Local", metricsOnly: false,
    outputKind: "json_schema", enforcement: "json_schema", request, outcome: outcome(), events: [],
    validation: { ok: false, violations: [{ path: "$.priority", message: 'must be one of: "low"; got "NW-123456"' }], warnings: [] },
    ...over,
  };
}

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
        outcome: outcome({ error: { kind: "server", status: 500, retryable: true, title: "The endpoint had an error", explanation: "…", advice: [], endpointMessage: "failed on: My order NW-123456" } }),
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

  it("are listed per contract, newest first", async () => {
    const store = runHistoryStore(memoryStorage());
    const at = (id: string, contractId: string, startedAt: number) =>
      makeRunRecord(input({ id, contractId, outcome: outcome({ timings: { ...outcome().timings, startedAt } }) }));
    await store.save(at("old", "a", 1_000));
    await store.save(at("new", "a", 2_000));
    await store.save(at("other", "b", 3_000));
    expect((await store.list("a")).map((r) => r.id)).toEqual(["new", "old"]);
    expect((await store.list("b")).map((r) => r.id)).toEqual(["other"]);
  });
});
