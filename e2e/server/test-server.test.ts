/**
 * The test server's fault modes at the HTTP level: the bodies and headers the client tests and
 * the e2e specs rely on, shaped as the real servers send them (llama.cpp's field names, vLLM's
 * wording), so a change here that drifts from them fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMode } from "./modes.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const long = "word ".repeat(200); // about 250 tokens at 4 characters a token
function post(model: string, extra: Record<string, unknown> = {}, path = "/v1/chat/completions") {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: long }], ...extra }),
  });
}
/** The `data:` payloads of an SSE body, [DONE] included as the string. */
async function events(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((e) => e.replace(/^data: /, "").trim())
    .filter(Boolean)
    .map((d) => (d === "[DONE]" ? d : JSON.parse(d)));
}

describe("modes parse from the model name", () => {
  it("combines the new flags with +", () => {
    const m = parseMode("test-ctx-2048+length+served-as-llama-3.1-8b+null-first+stream-error-429");
    expect(m).toMatchObject({
      contextWindow: { tokens: 2048, style: "llama.cpp" },
      length: true,
      servedAs: "llama-3.1-8b",
      nullFirstChunk: true,
      streamErrorStatus: 429,
    });
    expect(parseMode("test-vllm-ctx-64").contextWindow).toEqual({ tokens: 64, style: "vllm" });
    expect(parseMode("test-400-llama-schema").llamaRejects).toBe("schema");
    expect(parseMode("test-400-samplers").llamaRejects).toBe("samplers");
    const plain = parseMode("test-model");
    expect(plain).toMatchObject({ length: false, nullFirstChunk: false });
    expect(plain.contextWindow).toBeUndefined();
  });
});

describe("context overflow", () => {
  it("answers a too-long prompt with llama.cpp's exact 400 body, streaming or not", async () => {
    for (const stream of [false, true]) {
      const res = await post("test-ctx-64", { stream });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      expect(Object.keys(error).sort()).toEqual(["code", "message", "n_ctx", "n_prompt_tokens", "type"]);
      expect(error).toMatchObject({ code: 400, type: "exceed_context_size_error", n_ctx: 64 });
      expect(error.n_prompt_tokens).toBeGreaterThan(64);
      expect(error.message).toBe(`request (${String(error.n_prompt_tokens)} tokens) exceeds the available context size (64 tokens), try increasing it`);
    }
  });

  it("lets a prompt that fits through", async () => {
    expect((await post("test-ctx-100000")).status).toBe(200);
  });

  it("answers with vLLM's wording, which counts max_tokens too", async () => {
    const res = await post("test-vllm-ctx-1000", { max_tokens: 900 });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; type: string; code: number } };
    expect(error.type).toBe("BadRequestError");
    expect(error.message).toMatch(
      /^'max_tokens' or 'max_completion_tokens' is too large: 900\. This model's maximum context length is 1000 tokens and your request has \d+ input tokens/,
    );
    expect((await post("test-vllm-ctx-1000", { max_tokens: 100 })).status).toBe(200);
  });
});

describe("stream shapes", () => {
  it("test-length stops half-way with finish_reason length", async () => {
    const full = (await (await post("test-model", { stream: false })).json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    const cut = (await (await post("test-length", { stream: false })).json()) as typeof full;
    expect(cut.choices[0]!.finish_reason).toBe("length");
    expect(full.choices[0]!.finish_reason).toBe("stop");
    expect(cut.choices[0]!.message.content.length).toBeLessThan(full.choices[0]!.message.content.length);
    expect(full.choices[0]!.message.content.startsWith(cut.choices[0]!.message.content)).toBe(true);
  });

  it("served-as names another model in every chunk", async () => {
    const chunks = (await events(await post("test-served-as-llama-3.1-8b", { stream: true, stream_options: { include_usage: true } }))).filter(
      (c) => c !== "[DONE]",
    ) as { model: string }[];
    expect(chunks.length).toBeGreaterThan(2);
    expect(new Set(chunks.map((c) => c.model))).toEqual(new Set(["llama-3.1-8b"]));
  });

  it("null-first sends llama.cpp's first chunk: role with content null", async () => {
    const [first, second] = (await events(await post("test-null-first", { stream: true }))) as { choices: { delta: Record<string, unknown> }[] }[];
    expect(first!.choices[0]!.delta).toEqual({ role: "assistant", content: null });
    expect(typeof second!.choices[0]!.delta.content).toBe("string");
  });

  it("stream-error-429 sends two chunks, then an error event with code 429, and no [DONE]", async () => {
    const res = await post("test-stream-error-429", { stream: true });
    expect(res.status).toBe(200);
    const all = await events(res);
    expect(all).toHaveLength(3);
    expect(all.at(-1)).toMatchObject({ error: { code: 429, type: "requests" } });
    expect(all).not.toContain("[DONE]");
  });
});

describe("llama.cpp's structured-output rejections", () => {
  const schemaFormat = { response_format: { type: "json_schema", json_schema: { name: "t", schema: { type: "object" }, strict: true } } };
  it("400-llama-schema rejects json_schema only", async () => {
    const res = await post("test-400-llama-schema", schemaFormat);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /Automatic parser generation failed: JSON schema error at #\/properties\/customer: unsupported \$ref/,
    );
    expect((await post("test-400-llama-schema", { response_format: { type: "json_object" } })).status).toBe(200);
  });

  it("400-samplers rejects any response_format, not a prompt-only request", async () => {
    for (const extra of [schemaFormat, { response_format: { type: "json_object" } }]) {
      const res = await post("test-400-samplers", extra);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Failed to initialize samplers: /);
    }
    expect((await post("test-400-samplers")).status).toBe(200);
  });
});

describe("CORS allow-header lists", () => {
  const preflight = (prefix: string) =>
    fetch(`${server.url}${prefix}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });

  it("/cors-no-auth allows Content-Type only, as llama-server --cors-headers 'Content-Type'", async () => {
    const res = await preflight("/cors-no-auth");
    // As llama-server answers (seen from the real one): 200, the origin echoed, credentials true.
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-headers")).toBe("Content-Type");
    expect(res.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("/cors-star answers *, as llama-server's default; the plain path echoes what was asked", async () => {
    expect((await preflight("/cors-star")).headers.get("access-control-allow-headers")).toBe("*");
    expect((await preflight("")).headers.get("access-control-allow-headers")).toBe("authorization,content-type");
  });

  it("the prefixes still serve the API", async () => {
    expect((await post("test-model", {}, "/cors-no-auth/v1/chat/completions")).status).toBe(200);
  });
});

describe("concurrency modes and counters", () => {
  const stats = async () => (await (await fetch(`${server.url}/__stats`)).json()) as { inFlight: number; maxInFlight: number };

  it("counts the chat completions open at once, and /__reset starts the count again", async () => {
    await fetch(`${server.url}/__reset`, { method: "POST" });
    await Promise.all([post("test-delay-80"), post("test-delay-80"), post("test-delay-80")].map(async (r) => (await r).text()));
    expect(await stats()).toEqual(expect.objectContaining({ inFlight: 0, maxInFlight: 3 }));
    await fetch(`${server.url}/__reset`, { method: "POST" });
    expect((await stats()).maxInFlight).toBe(0);
  });

  it("test-max-inflight-N answers 429 with Retry-After: 0 to the request over N", async () => {
    const slow = [post("test-delay-150+max-inflight-1"), post("test-delay-150+max-inflight-1")];
    const [a, b] = await Promise.all(slow);
    expect([a!.status, b!.status].sort()).toEqual([200, 429]);
    expect((b!.status === 429 ? b! : a!).headers.get("retry-after")).toBe("0");
  });

  it("parses test-delay-MS", () => {
    expect(parseMode("test-delay-200+invalid")).toMatchObject({ delayMs: 200, invalid: true });
  });
});

describe("hardening modes", () => {
  it("test-429xK-ra-S answers 429 with Retry-After S the first K times per key, then succeeds; test-429-ra-S always", async () => {
    await fetch(`${server.url}/__reset`, { method: "POST" });
    const statuses: (number | string | null)[][] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post("test-429x2-ra-2");
      statuses.push([res.status, res.headers.get("retry-after")]);
    }
    expect(statuses).toEqual([
      [429, "2"],
      [429, "2"],
      [200, null],
    ]);
    const always = await post("test-429-ra-3600");
    expect([always.status, always.headers.get("retry-after")]).toEqual([429, "3600"]);
  });

  it("test-payload-N answers with payload N as written", async () => {
    const { PAYLOADS } = await import("./payloads.ts");
    const body = (await (await post("test-payload-1")).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBe(PAYLOADS[1]);
  });
});
