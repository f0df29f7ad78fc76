import { describe, expect, it } from "vitest";
import { createEndpointProfile } from "./profile.ts";
import type { FetchLike } from "./run.ts";
import { countPromptTokens, isOpenAiModel, serverRoot } from "./tokenize.ts";

const request = {
  model: "m",
  messages: [
    { role: "system" as const, content: "You triage tickets." },
    { role: "user" as const, content: "The app crashes." },
  ],
  stream: true,
  stream_options: { include_usage: true },
};
const profile = (baseUrl = "http://127.0.0.1:8089/v1", useProxy = false) => createEndpointProfile({ id: "p", name: "p", baseUrl, useProxy });

interface Call {
  url: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}
/** A server given as routes: path -> answer (null: 404). Records every call. */
function fakeServer(routes: Record<string, (body: Record<string, unknown>) => unknown>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    calls.push({ url, body, headers: init.headers as Record<string, string> });
    const route = routes[new URL(url).pathname];
    const answer = route?.(body);
    return answer === undefined
      ? new Response('{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}', { status: 404 })
      : Response.json(answer);
  };
  return { fetch, calls };
}

describe("countPromptTokens", () => {
  it("uses llama.cpp's /v1/chat/completions/input_tokens when it exists, without stream fields", async () => {
    const s = fakeServer({ "/v1/chat/completions/input_tokens": () => ({ object: "response.input_tokens", input_tokens: 27 }) });
    expect(await countPromptTokens(profile(), request, "k", { fetch: s.fetch })).toEqual({ ok: true, tokens: 27, source: "llama.cpp input_tokens" });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]!.body.stream).toBeUndefined();
    expect(s.calls[0]!.body.stream_options).toBeUndefined();
    expect(s.calls[0]!.body.messages).toEqual(request.messages);
    expect(s.calls[0]!.headers.authorization).toBe("Bearer k");
  });

  it("falls back to llama.cpp's /apply-template + /tokenize at the server root", async () => {
    const s = fakeServer({
      // llama.cpp reads only `content`: without it the answer is an empty list.
      "/tokenize": (b) => ({ tokens: typeof b.content === "string" ? Array.from({ length: b.content.length }, (_, i) => i) : [] }),
      "/apply-template": () => ({ prompt: "<|im_start|>system\nabc<|im_end|>\n" }),
    });
    const result = await countPromptTokens(profile(), request, undefined, { fetch: s.fetch });
    expect(result).toEqual({ ok: true, tokens: "<|im_start|>system\nabc<|im_end|>\n".length, source: "llama.cpp tokenize" });
    expect(s.calls.map((c) => new URL(c.url).pathname)).toEqual(["/v1/chat/completions/input_tokens", "/tokenize", "/apply-template", "/tokenize"]);
    expect(s.calls[3]!.body).toEqual({ content: "<|im_start|>system\nabc<|im_end|>\n", add_special: true, parse_special: true });
  });

  it("reads vLLM's /tokenize count and max_model_len", async () => {
    const s = fakeServer({ "/tokenize": (b) => (Array.isArray(b.messages) ? { count: 31, max_model_len: 4096, tokens: [] } : undefined) });
    expect(await countPromptTokens(profile("http://gpu:8000/v1"), request, undefined, { fetch: s.fetch })).toEqual({
      ok: true,
      tokens: 31,
      source: "vllm tokenize",
      contextTokens: 4096,
    });
    expect(s.calls[1]!.body).toMatchObject({ model: "m", add_generation_prompt: true });
  });

  it("says the count is an estimate when nothing answers", async () => {
    const s = fakeServer({});
    const result = await countPromptTokens(profile(), request, undefined, { fetch: s.fetch });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/estimates/);
  });

  it("goes through the proxy with the server root as the target", async () => {
    const s = fakeServer({ "/api/proxy/tokenize": () => ({ count: 5, tokens: [] }) });
    await countPromptTokens(profile("http://gpu:8000/v1", true), request, undefined, { fetch: s.fetch, proxyBase: "http://app/api/proxy" });
    expect(s.calls[1]!.url).toBe("http://app/api/proxy/tokenize");
    expect(s.calls[1]!.headers["x-contract-studio-target"]).toBe("http://gpu:8000");
  });

  it("with a known route asks only that route: one call for input_tokens and vLLM, two for llama.cpp's template + tokenize", async () => {
    const s = fakeServer({
      "/v1/chat/completions/input_tokens": () => ({ input_tokens: 27 }),
      "/tokenize": (b) => (typeof b.content === "string" ? { tokens: [1, 2, 3] } : { count: 31, tokens: [] }),
      "/apply-template": () => ({ prompt: "abc" }),
    });
    const paths = () => s.calls.splice(0).map((c) => new URL(c.url).pathname);
    expect(await countPromptTokens(profile(), request, undefined, { fetch: s.fetch, route: "llama.cpp input_tokens" })).toMatchObject({ tokens: 27 });
    expect(paths()).toEqual(["/v1/chat/completions/input_tokens"]);
    expect(await countPromptTokens(profile(), request, undefined, { fetch: s.fetch, route: "vllm tokenize" })).toMatchObject({ tokens: 31 });
    expect(paths()).toEqual(["/tokenize"]);
    expect(await countPromptTokens(profile(), request, undefined, { fetch: s.fetch, route: "llama.cpp tokenize" })).toMatchObject({ tokens: 3 });
    expect(paths()).toEqual(["/apply-template", "/tokenize"]);
  });

  it("a known route that stops answering gives no count (no probing of the others)", async () => {
    const s = fakeServer({ "/tokenize": () => ({ count: 31, tokens: [] }) });
    expect((await countPromptTokens(profile(), request, undefined, { fetch: s.fetch, route: "llama.cpp input_tokens" })).ok).toBe(false);
    expect(s.calls).toHaveLength(1);
  });

  it("strips only a trailing /v1", () => {
    expect(serverRoot("http://h:1/v1/")).toBe("http://h:1");
    expect(serverRoot("http://h:1/api/v1")).toBe("http://h:1/api");
    expect(serverRoot("http://h:1")).toBe("http://h:1");
  });
});

describe("isOpenAiModel", () => {
  it.each([
    ["gpt-4o-mini", undefined, true],
    ["gpt-5", undefined, true],
    ["o3-mini", undefined, true],
    ["o1", undefined, true],
    ["ft:gpt-4o-mini:acme::abc", undefined, true],
    ["chatgpt-4o-latest", undefined, true],
    ["anything", "https://api.openai.com/v1", true],
    ["llama-3.1-8b", "http://127.0.0.1:8080/v1", false],
    ["qwen2.5:7b", undefined, false],
    ["/work/llama/tiny.gguf", undefined, false],
    ["openai/gpt-oss-20b", undefined, false],
    ["olmo-2", undefined, false],
    ["", undefined, false],
  ])("%s at %s: %s", (model, baseUrl, want) => expect(isOpenAiModel(model, baseUrl)).toBe(want));
});
