import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import type { ChatRequest } from "../assembly-types.ts";
import { createEndpointProfile, type EndpointProfileInput } from "./profile.ts";
import { runChat, type RunChatOptions, type RunEvent } from "./run.ts";
import { listModels } from "./models.ts";
import { requestForProfile } from "./request.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => fetch(`${server.url}/__reset`, { method: "POST" }));

const schema = {
  type: "object",
  properties: { priority: { type: "string", enum: ["low", "high"] }, reason: { type: "string" } },
  required: ["priority", "reason"],
  additionalProperties: false,
};

function profile(extra: Partial<EndpointProfileInput> = {}) {
  return createEndpointProfile({
    id: "p1",
    name: "Test server",
    baseUrl: `${server.url}/v1`,
    timeouts: { firstByteMs: 2_000, idleMs: 2_000 },
    prices: { inputPerMTok: 1, outputPerMTok: 2 },
    ...extra,
  });
}

function request(model: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model,
    messages: [
      { role: "system", content: "You triage tickets." },
      { role: "user", content: "The app crashes on start." },
    ],
    stream: true,
    stream_options: { include_usage: true },
    ...extra,
  };
}

/** No real waiting between retries: records the delays asked for instead. */
function run(model: string, opts: Partial<RunChatOptions> = {}, extra: Partial<ChatRequest> = {}) {
  const events: RunEvent[] = [];
  const deltas: string[] = [];
  const promise = runChat({
    profile: profile(),
    request: request(model, extra),
    sleep: async () => {},
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    onDelta: (d) => deltas.push(d),
    ...opts,
  });
  return promise.then((outcome) => ({ outcome, events, deltas }));
}

async function lastStat(): Promise<{ headers: Record<string, string>; firstTokenMs: number | null }> {
  const stats = (await (await fetch(`${server.url}/__stats`)).json()) as { requests: { headers: Record<string, string>; firstTokenMs: number | null }[] };
  return stats.requests.at(-1)!;
}

describe("runChat against the test server", () => {
  it("streams a schema-valid answer with timings, endpoint usage and cost", async () => {
    const { outcome, deltas } = await run(
      "test-model",
      {},
      { response_format: { type: "json_schema", json_schema: { name: "triage", schema, strict: true } } },
    );
    expect(outcome.status).toBe("ok");
    expect(JSON.parse(outcome.output)).toEqual({ priority: "low", reason: "sample" });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(outcome.output);
    expect(outcome.finishReason).toBe("stop");
    expect(outcome.usageSource).toBe("endpoint");
    expect(outcome.usage.completionTokens).toBe(deltas.length);
    expect(outcome.cost!.totalUsd).toBeCloseTo((outcome.usage.promptTokens * 1 + outcome.usage.completionTokens * 2) / 1e6);
    expect(outcome.timings.ttftMs).not.toBeNull();
    expect(outcome.timings.latencyMs).toBeGreaterThanOrEqual(outcome.timings.ttftMs!);
    expect(outcome.attempts).toBe(1);
  });

  it("estimates usage when the endpoint reports none, and says so", async () => {
    const { outcome } = await run("test-no-usage");
    expect(outcome.status).toBe("ok");
    expect(outcome.usageSource).toBe("estimated");
    expect(outcome.usage.completionTokens).toBeGreaterThan(0);
    expect(outcome.usage.promptTokens).toBeGreaterThan(0);
  });

  it("reads a non-streamed answer the same way", async () => {
    const { outcome, events } = await run("test-echo", {}, { stream: false, stream_options: undefined });
    expect(outcome.status).toBe("ok");
    expect(outcome.output).toBe("The app crashes on start.");
    expect(outcome.usageSource).toBe("endpoint");
    // A whole answer has no first token: no time to it, no event, no rate.
    expect(outcome.timings.ttftMs).toBeNull();
    expect(events.some((e) => e.type === "first_token")).toBe(false);
    expect(outcome.timings.outputTokensPerSec).toBeNull();
  });

  it("sends no Authorization header without a key, and a bearer header with one", async () => {
    await run("test-model");
    expect((await lastStat()).headers.authorization).toBeUndefined();
    await run("test-model", { apiKey: "sk-secret" });
    expect((await lastStat()).headers.authorization).toBe("[redacted]");
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
  ] as const)("explains a %i without retrying", async (status, kind) => {
    const { outcome, events } = await run(`test-${status}`);
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe(kind);
    expect(outcome.httpStatus).toBe(status);
    expect(outcome.error?.advice.length).toBeGreaterThan(0);
    expect(outcome.error?.endpointMessage).toBeTruthy();
    expect(events.some((e) => e.type === "retry")).toBe(false);
  });

  it("flags json_schema as unsupported on a 400, with json_object and prompt-only advice", async () => {
    const withSchema = { response_format: { type: "json_schema" as const, json_schema: { name: "t", schema, strict: true } } };
    const { outcome } = await run("test-400-json-schema", {}, withSchema);
    expect(outcome.error?.kind).toBe("bad_request");
    if (outcome.error?.kind !== "bad_request") return;
    expect(outcome.error.jsonSchemaUnsupported).toBe(true);
    expect(outcome.error.endpointMessage).toMatch(/json_schema/);
    expect(outcome.error.advice.join(" ")).toMatch(/json_object/);
    const retried = await run("test-400-json-schema", {}, { response_format: { type: "json_object" } });
    expect(retried.outcome.status).toBe("ok");
  });

  it("waits out a 429's Retry-After, reports the retry, then succeeds", async () => {
    const waits: number[] = [];
    const { outcome, events } = await run("test-429-then-ok", { sleep: async (ms) => void waits.push(ms) });
    expect(outcome.status).toBe("ok");
    expect(outcome.attempts).toBe(2);
    expect(waits).toEqual([1000]);
    const retry = events.find((e) => e.type === "retry");
    expect(retry).toMatchObject({ type: "retry", attempt: 1, delayMs: 1000, fromRetryAfter: true, error: { kind: "rate_limited" } });
  });

  it("retries a 500 with backoff, then succeeds", async () => {
    const { outcome, events } = await run("test-500-then-ok");
    expect(outcome.status).toBe("ok");
    expect(events.filter((e) => e.type === "retry")).toMatchObject([{ delayMs: 500, fromRetryAfter: false, error: { kind: "server" } }]);
  });

  it("gives up after the profile's retries", async () => {
    const { outcome, events } = await run("test-500");
    expect(outcome.status).toBe("failed");
    expect(outcome.attempts).toBe(3);
    expect(events.filter((e) => e.type === "retry").map((e) => (e as { delayMs: number }).delayMs)).toEqual([500, 1000]);
  });

  it("times out waiting for the first byte", async () => {
    const { outcome } = await run("test-slow-first-token-500", { profile: profile({ timeouts: { firstByteMs: 100, idleMs: 2_000 } }) });
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe("timeout_first_byte");
    expect(outcome.timings.latencyMs).toBeLessThan(450);
  });

  it("times out a stalled stream and keeps what arrived", async () => {
    const { outcome } = await run("test-stall", { profile: profile({ timeouts: { firstByteMs: 2_000, idleMs: 150 } }) });
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe("timeout_idle");
    expect(outcome.output.length).toBeGreaterThan(0);
  });

  it("marks a cut stream failed and keeps the partial output", async () => {
    const { outcome, deltas } = await run("test-cut");
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe("stream_cut");
    expect(outcome.output).toBe(deltas.join(""));
    expect(deltas).toHaveLength(3);
  });

  it("reports malformed stream data and keeps the partial output", async () => {
    const { outcome } = await run("test-malformed");
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe("malformed_stream");
    expect(outcome.output.length).toBeGreaterThan(0);
  });

  it("stops at once on abort and keeps the partial output", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const { outcome } = await run("test-slow-stream", {
      signal: controller.signal,
      onDelta: () => setTimeout(() => controller.abort(), 30),
    });
    expect(outcome.status).toBe("aborted");
    expect(outcome.error?.kind).toBe("aborted");
    expect(outcome.output.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("explains an unreachable endpoint, with CORS advice in a browser", async () => {
    const closed = await startTestServer({ port: 0 });
    await closed.close();
    const { outcome } = await run("test-model", { profile: profile({ baseUrl: `${closed.url}/v1`, retries: 0 }), origin: "http://127.0.0.1:5173" });
    expect(outcome.error?.kind).toBe("network_or_cors");
    const advice = outcome.error!.advice.join("\n");
    expect(advice).toMatch(/OLLAMA_ORIGINS=http:\/\/127\.0\.0\.1:5173/);
    expect(advice).toMatch(/--allowed-origins/);
    expect(advice).toMatch(/LM Studio/);
    expect(advice).toMatch(/llama\.cpp/);
    expect(advice).toMatch(/proxy/);
  });

  it("explains llama.cpp's context overflow with both counts and does not retry it", async () => {
    const { outcome, events } = await run("test-ctx-16", {}, { max_tokens: 100 });
    expect(outcome.status).toBe("failed");
    expect(outcome.httpStatus).toBe(400);
    expect(events.some((e) => e.type === "retry")).toBe(false);
    const e = outcome.error;
    expect(e?.kind === "bad_request" && e.contextOverflow).toMatchObject({ server: "llama.cpp", contextTokens: 16, maxTokens: 100 });
    expect(e?.explanation).toMatch(/^The prompt is \d+ tokens and the server's context holds 16 \(n_ctx\)/);
    expect(e?.advice.join("\n")).toMatch(/-c N/);
  });

  it("explains vLLM's overflow from max_tokens with how far to lower it", async () => {
    const { outcome } = await run("test-vllm-ctx-200", {}, { max_tokens: 500 });
    const e = outcome.error;
    expect(e?.kind === "bad_request" && e.contextOverflow).toMatchObject({ server: "vllm", contextTokens: 200, maxTokens: 500 });
    expect(e?.advice.join("\n")).toMatch(/Lower max_tokens to at most \d+/);
    expect(e?.advice.join("\n")).toMatch(/--max-model-len/);
  });

  it.each(["test-400-llama-schema", "test-400-samplers"])("offers the json_object / prompt-only fallback for llama.cpp's %s rejection", async (model) => {
    const withSchema = { response_format: { type: "json_schema" as const, json_schema: { name: "t", schema, strict: true } } };
    const { outcome } = await run(model, {}, withSchema);
    expect(outcome.error?.kind === "bad_request" && outcome.error.jsonSchemaUnsupported).toBe(true);
    const prompted = await run(model, {}, { response_format: undefined });
    expect(prompted.outcome.status).toBe("ok");
  });

  it("after llama.cpp's sampler failure on json_object, offers prompt-only only", async () => {
    const { outcome } = await run("test-400-samplers", {}, { response_format: { type: "json_object" } });
    expect(outcome.error?.kind === "bad_request" && outcome.error.jsonSchemaUnsupported).toBe(false);
    expect(outcome.error?.title).toBe("The endpoint does not support json_object output");
  });

  it("says whether a key was sent with a 401", async () => {
    const none = await run("test-401");
    expect(none.outcome.error).toMatchObject({ kind: "auth", keySent: false, title: "The endpoint needs an API key" });
    const sent = await run("test-401", { apiKey: "sk-wrong" });
    expect(sent.outcome.error).toMatchObject({ kind: "auth", keySent: true, title: "The endpoint rejected the API key" });
  });

  it("reports an answer cut at the length limit as ok with finish_reason length", async () => {
    const { outcome } = await run("test-length");
    expect(outcome.status).toBe("ok");
    expect(outcome.finishReason).toBe("length");
    expect(outcome.output.length).toBeGreaterThan(0);
  });

  it("reports the model that answered when it differs from the one asked for", async () => {
    const streamed = await run("test-served-as-llama-3.1-8b");
    expect(streamed.outcome.model).toBe("llama-3.1-8b");
    const whole = await run("test-served-as-llama-3.1-8b", {}, { stream: false, stream_options: undefined });
    expect(whole.outcome.model).toBe("llama-3.1-8b");
  });

  it("skips llama.cpp's first chunk with content null: the answer and first-token time start at real content", async () => {
    const { outcome, deltas, events } = await run("test-null-first+echo");
    expect(outcome.status).toBe("ok");
    expect(outcome.output).toBe("The app crashes on start.");
    expect(deltas.every((d) => typeof d === "string" && d.length > 0)).toBe(true);
    expect(events.filter((e) => e.type === "first_token")).toHaveLength(1);
  });

  it.each([
    [500, "server"],
    [429, "rate_limited"],
  ] as const)("reads an in-stream error with its own status %i, keeps the partial answer, does not resend", async (status, kind) => {
    const { outcome, events, deltas } = await run(`test-stream-error-${status}`);
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe(kind);
    expect(outcome.error?.explanation).toMatch(/^The stream carried an error after it started/);
    expect(deltas).toHaveLength(2);
    expect(outcome.output).toBe(deltas.join(""));
    expect(events.some((e) => e.type === "retry")).toBe(false);
  });

  it("in Node, fails a refused connection at once instead of retrying it", async () => {
    const closed = await startTestServer({ port: 0 });
    await closed.close();
    const { outcome, events } = await run("test-model", { profile: profile({ baseUrl: `${closed.url}/v1`, retries: 2 }) });
    expect(outcome.error?.kind).toBe("network_or_cors");
    expect(outcome.error?.explanation).toMatch(/ECONNREFUSED/);
    expect(outcome.attempts).toBe(1);
    expect(events.some((e) => e.type === "retry")).toBe(false);
  });

  it("in a browser, does not retry a network failure (CORS cannot pass on a retry) and names --cors-headers when a key was sent", async () => {
    const closed = await startTestServer({ port: 0 });
    await closed.close();
    const { outcome } = await run("test-model", {
      profile: profile({ baseUrl: `${closed.url}/v1`, retries: 2 }),
      origin: "http://127.0.0.1:5173",
      apiKey: "sk-x",
    });
    expect(outcome.attempts).toBe(1);
    expect(outcome.error?.advice.join("\n")).toContain("--cors-headers 'Content-Type,Authorization'");
  });

  it("fits a request to the profile's capabilities", () => {
    const p = profile({ capabilities: { jsonSchema: true, streaming: true, usageInStream: false }, defaultModel: "test-model" });
    const out = requestForProfile({ ...request(""), stream: undefined, stream_options: undefined }, p);
    expect(out).toMatchObject({ model: "test-model", stream: true });
    expect(out.stream_options).toBeUndefined();
  });
});

describe("listModels", () => {
  it("lists the endpoint's models", async () => {
    const result = await listModels(profile());
    expect(result.ok && result.models).toContain("test-model");
  });

  it("explains a rejected key", async () => {
    const result = await listModels(profile({ baseUrl: `${server.url}/needs-key/v1` }), "wrong");
    expect(!result.ok && result.error.kind).toBe("auth");
    const ok = await listModels(profile({ baseUrl: `${server.url}/needs-key/v1` }), "sk-test");
    expect(ok.ok).toBe(true);
  });

  it("explains a wrong path", async () => {
    const result = await listModels(profile({ baseUrl: `${server.url}/fail-404/v1` }));
    expect(!result.ok && result.error.kind).toBe("not_found");
  });
});
