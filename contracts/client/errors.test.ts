import { describe, expect, it } from "vitest";
import {
  classifyHttpError,
  classifyStreamError,
  contextOverflowOf,
  describeEndpointError,
  explainForCli,
  fetchFailureCause,
  networkError,
  type EndpointError,
} from "./errors.ts";
import { retryDelay } from "./retry.ts";

const body = (error: unknown) => JSON.stringify({ error });
/** llama.cpp's answer to a too-long prompt, as llama-server de3ff81 sent it (numbers changed). */
const LLAMA_OVERFLOW = body({
  code: 400,
  message: "request (2990 tokens) exceeds the available context size (2048 tokens), try increasing it",
  type: "exceed_context_size_error",
  n_prompt_tokens: 2990,
  n_ctx: 2048,
});

function overflow(e: EndpointError) {
  expect(e.kind).toBe("bad_request");
  return e.kind === "bad_request" ? e.contextOverflow : undefined;
}

describe("context overflow", () => {
  it("reads llama.cpp's exceed_context_size_error: both numbers, -c advice, no max_tokens advice", () => {
    const e = classifyHttpError({ status: 400, body: LLAMA_OVERFLOW, maxTokens: 256 });
    expect(overflow(e)).toEqual({ server: "llama.cpp", promptTokens: 2990, contextTokens: 2048, maxTokens: 256 });
    expect(e.title).toBe("The prompt does not fit the model's context");
    expect(e.explanation).toBe("The prompt is 2,990 tokens and the server's context holds 2,048 (n_ctx): it does not fit.");
    const advice = e.advice.join("\n");
    expect(advice).toMatch(/-c N \(--ctx-size N, e\.g\. 4096\)/);
    // llama.cpp checks the prompt alone: lowering max_tokens would not help there.
    expect(advice).not.toMatch(/max_tokens/);
    expect(advice).not.toMatch(/--max-model-len|num_ctx/);
    expect(e.retryable).toBe(false);
    if (e.kind === "bad_request") expect(e.jsonSchemaUnsupported).toBe(false);
  });

  it("reads the numbers from llama.cpp's message when the fields are missing", () => {
    const o = contextOverflowOf(
      body({ code: 400, type: "exceed_context_size_error", message: "input (5000 tokens) is larger than the max context size (4096 tokens). skipping" }),
    );
    expect(o).toEqual({ server: "llama.cpp", promptTokens: 5000, contextTokens: 4096 });
  });

  it("reads vLLM's 'your request has N input tokens'", () => {
    const e = classifyHttpError({
      status: 400,
      body: body({
        message:
          "This model's maximum context length is 1536 tokens. However, your request has 4176 input tokens. Please reduce the length of the input messages.",
        type: "BadRequestError",
        param: null,
        code: 400,
      }),
    });
    expect(overflow(e)).toEqual({ server: "vllm", promptTokens: 4176, contextTokens: 1536 });
    expect(e.explanation).toContain("The prompt is 4,176 tokens and the server's context holds 1,536");
    expect(e.advice.join("\n")).toMatch(/--max-model-len, e\.g\. 8192/);
    expect(e.advice.join("\n")).not.toMatch(/-c N/);
  });

  it("reads vLLM's 'max_tokens is too large' and says how far to lower it", () => {
    const e = classifyHttpError({
      status: 400,
      body: body({
        message:
          "'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context length is 4096 tokens and your request has 2778 input tokens (8000 > 4096 - 2778). None",
        type: "BadRequestError",
        param: null,
        code: 400,
      }),
    });
    expect(overflow(e)).toEqual({ server: "vllm", promptTokens: 2778, contextTokens: 4096, maxTokens: 8000 });
    expect(e.explanation).toBe(
      "The prompt is 2,778 tokens and the answer may take up to 8,000 (max_tokens), 10,778 in all, but the model's context holds 4,096 tokens.",
    );
    expect(e.advice).toContain("Lower max_tokens to at most 1,318 so the prompt and the answer fit together.");
  });

  it("reads vLLM's older body ({object:'error'}) with the messages/completion split", () => {
    const o = contextOverflowOf(
      JSON.stringify({
        object: "error",
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
        type: "BadRequestError",
        param: null,
        code: 400,
      }),
    );
    expect(o).toEqual({ server: "vllm", promptTokens: 4000, contextTokens: 4096, requestedTokens: 5000, maxTokens: 1000 });
  });

  it("reads vLLM's decoder-prompt wording", () => {
    const o = contextOverflowOf(
      body({
        message:
          "The decoder prompt (length 5000) is longer than the maximum model length of 4096. Make sure that `max_model_len` is no smaller than the number of text tokens.",
        type: "BadRequestError",
        code: 400,
      }),
    );
    expect(o).toEqual({ server: "vllm", promptTokens: 5000, contextTokens: 4096 });
  });

  it("reads OpenAI's context_length_exceeded and advises a larger model", () => {
    const e = classifyHttpError({
      status: 400,
      body: body({
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.",
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      }),
    });
    expect(overflow(e)).toEqual({ server: "openai", promptTokens: 130532, contextTokens: 128000 });
    expect(e.advice.join("\n")).toMatch(/larger context window/);
  });

  it("recognises other servers by their words and lists every server's setting", () => {
    const e = classifyHttpError({ status: 400, body: body({ message: "the input length exceeds the context length" }), maxTokens: 500 });
    expect(overflow(e)).toMatchObject({ server: "unknown", maxTokens: 500 });
    const advice = e.advice.join("\n");
    for (const setting of ["-c N", "num_ctx", "--max-model-len", "max_tokens"]) expect(advice).toContain(setting);
  });

  it("leaves other 400s alone", () => {
    const e = classifyHttpError({ status: 400, body: body({ message: "temperature must be at most 2", type: "invalid_request_error" }) });
    expect(e.kind).toBe("bad_request");
    expect(overflow(e)).toBeUndefined();
    expect(e.title).toBe("The endpoint rejected the request");
  });
});

describe("structured output rejected by llama.cpp", () => {
  const samplers = body({ code: 400, message: "Failed to initialize samplers: failed to parse grammar", type: "invalid_request_error" });
  const ref = body({
    code: 400,
    message:
      "JSON schema conversion failed:\nJSON schema error at /properties/a: unsupported $ref https://x/y.json, only references into the same document are supported",
    type: "invalid_request_error",
  });

  it.each([
    ["Failed to initialize samplers", 400, samplers],
    ["unsupported $ref", 400, ref],
    // The exact body of llama-server (de3ff81) for a schema with an external $ref:
    [
      "llama-server's parser-generation failure",
      400,
      body({
        code: 400,
        message:
          "Unable to generate parser for this template. Automatic parser generation failed: JSON schema error at #/properties/a: unsupported $ref https://example.com/a.json, only references into the same document are supported",
        type: "invalid_request_error",
      }),
    ],
    [
      "llama-server's unresolvable local $ref",
      400,
      body({
        code: 400,
        message:
          "Unable to generate parser for this template. Automatic parser generation failed: JSON schema error at #/properties/a: cannot resolve $ref #/$defs/missing, $defs not found",
        type: "invalid_request_error",
      }),
    ],
    ["a schema error answered as 500", 500, body({ code: 500, message: "JSON schema error at /properties/a: unrecognized type foo", type: "server_error" })],
    [
      "OpenAI-style unsupported response_format",
      400,
      body({
        message: "'response_format' of type 'json_schema' is not supported with this model.",
        param: "response_format",
        code: "unsupported_response_format",
      }),
    ],
  ])("%s is 'json_schema not supported', offering json_object and prompt-only, not retried", (_name, status, text) => {
    const e = classifyHttpError({ status, body: text, responseFormat: "json_schema" });
    expect(e.kind).toBe("bad_request");
    if (e.kind !== "bad_request") return;
    expect(e.jsonSchemaUnsupported).toBe(true);
    expect(e.title).toBe("The endpoint does not support json_schema output");
    expect(e.advice.join(" ")).toMatch(/json_object/);
    expect(e.advice.join(" ")).toMatch(/prompt-only/);
    expect(e.retryable).toBe(false);
    expect(e.status).toBe(status);
  });

  it("a json_object request that fails the same way is offered prompt-only, not json_object again", () => {
    const e = classifyHttpError({ status: 400, body: samplers, responseFormat: "json_object" });
    expect(e.kind === "bad_request" && e.jsonSchemaUnsupported).toBe(false);
    expect(e.title).toBe("The endpoint does not support json_object output");
    expect(e.advice.join(" ")).toMatch(/prompt-only/);
  });

  it("a real server error stays a retryable 500", () => {
    const e = classifyHttpError({
      status: 500,
      body: body({ code: 500, message: "got exception: out of memory", type: "server_error" }),
      responseFormat: "json_schema",
    });
    expect(e.kind).toBe("server");
    expect(e.retryable).toBe(true);
  });
});

describe("errors inside a stream", () => {
  it("use their own status: llama.cpp's in-stream context overflow reads like the HTTP one", () => {
    const e = classifyStreamError(JSON.parse(LLAMA_OVERFLOW) as Record<string, unknown>);
    expect(overflow(e)).toMatchObject({ promptTokens: 2990, contextTokens: 2048 });
    expect(e.explanation).toMatch(/^The stream carried an error after it started\./);
  });

  it("a 429 inside the stream is rate limiting, a bare message a server error", () => {
    expect(classifyStreamError({ error: { code: 429, message: "slow down", type: "rate_limit" } }).kind).toBe("rate_limited");
    const e = classifyStreamError({ error: "model crashed" });
    expect(e.kind).toBe("server");
    expect(e.endpointMessage).toBe("model crashed");
    expect(classifyStreamError({ error: { message: "x" }, status: 503 }).kind).toBe("server");
  });
});

describe("CORS and connection failures", () => {
  const page = { baseUrl: "http://127.0.0.1:8089/v1", origin: "http://127.0.0.1:5173" };

  it("names llama.cpp's --cors-headers with Authorization when the browser sent a key", () => {
    const e = networkError({ ...page, cause: "Failed to fetch", sentHeaders: ["authorization"] });
    const advice = e.advice.join("\n");
    expect(advice).toContain("--cors-headers 'Content-Type,Authorization'");
    expect(e.explanation).toMatch(/Authorization header/);
    expect(advice).toMatch(/remove the key/);
  });

  it("does not blame the Authorization header when none was sent, but names extra headers", () => {
    const e = networkError({ ...page, sentHeaders: ["x-org"] });
    expect(e.advice.join("\n")).not.toContain("--cors-headers 'Content-Type,Authorization'");
    expect(e.advice.join("\n")).toMatch(/extra headers \(x-org\)/);
  });

  it("never retries a browser network failure: CORS cannot pass on a retry", () => {
    const e = networkError({ ...page, sentHeaders: ["authorization"] });
    expect(e.retryable).toBe(false);
    expect(retryDelay(e, 1)).toBeNull();
  });

  it("in Node, retries a dropped connection but not a refused one or an unknown host", () => {
    const node = (cause: string) => networkError({ baseUrl: page.baseUrl, cause });
    expect(node("connect ECONNREFUSED 127.0.0.1:8089").retryable).toBe(false);
    expect(node("getaddrinfo ENOTFOUND llama.local").retryable).toBe(false);
    expect(node("read ECONNRESET").retryable).toBe(true);
    expect(node("other side closed UND_ERR_SOCKET").retryable).toBe(true);
    expect(node("fetch failed").retryable).toBe(true);
    expect(node("read ECONNRESET").advice.join("\n")).not.toMatch(/OLLAMA_ORIGINS|--cors-headers/);
  });

  it("takes the code from Node's fetch cause, also from an AggregateError without a message", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" }) });
    expect(fetchFailureCause(refused)).toBe("ECONNREFUSED");
    const plain = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
    expect(fetchFailureCause(plain)).toBe("connect ECONNREFUSED 127.0.0.1:1");
    expect(fetchFailureCause(new TypeError("Failed to fetch"))).toBe("Failed to fetch");
  });
});

describe("the command line's wording", () => {
  const cli = { surface: "cli" as const, apiKeyEnv: "OPENAI_API_KEY" };
  const rejected = (keySent?: boolean) =>
    classifyHttpError({
      status: 401,
      body: body({ message: "Invalid API Key", type: "authentication_error", code: 401 }),
      ...(keySent === undefined ? {} : { keySent }),
    });

  it("a 401 without a key says none was sent and how to send one", () => {
    const text = describeEndpointError(rejected(false), cli);
    expect(text).toContain("No key was sent: $OPENAI_API_KEY is not set.");
    expect(text).toContain("Set OPENAI_API_KEY");
    expect(text).toContain("--api-key-env NAME");
    expect(text).not.toMatch(/profile/);
  });

  it("a 401 with a key says which variable it came from", () => {
    const text = describeEndpointError(rejected(true), { surface: "cli", apiKeyEnv: "LLAMA_KEY" });
    expect(text).toContain("A key was sent (from $LLAMA_KEY).");
    expect(text).toMatch(/Check the key in \$LLAMA_KEY/);
    expect(text).toContain("--api-key-env NAME");
  });

  it("falls back to the CLI's own knowledge of the key when the error does not carry it", () => {
    expect(explainForCli(rejected(), { apiKeyEnv: "OPENAI_API_KEY", apiKeySent: false }).explanation).toContain("No key was sent");
  });

  it("the app's wording stays with the profile", () => {
    const e = rejected(false);
    expect(e.title).toBe("The endpoint needs an API key");
    expect(e.explanation).toContain("No key was sent.");
    expect(describeEndpointError(e)).toMatch(/profile/);
  });

  it("names --enforcement for a json_schema rejection, --no-stream for a malformed stream", () => {
    const schema = classifyHttpError({ status: 400, body: body({ code: 400, message: "Failed to initialize samplers: x", type: "invalid_request_error" }) });
    expect(describeEndpointError(schema, cli)).toMatch(/--enforcement json_object[\s\S]*--enforcement prompt_only/);
    expect(describeEndpointError({ kind: "malformed_stream", retryable: false, title: "t", explanation: "x", advice: [] }, cli)).toContain("--no-stream");
  });

  it("says nothing listens for a refused connection", () => {
    const text = describeEndpointError(networkError({ baseUrl: "http://127.0.0.1:8089/v1", cause: "connect ECONNREFUSED 127.0.0.1:8089" }), cli);
    expect(text).toContain("Nothing is listening at that address");
    expect(text).toContain("--endpoint");
  });

  it("keeps the context-overflow advice (it names server flags, not app settings)", () => {
    const e = classifyHttpError({ status: 400, body: LLAMA_OVERFLOW });
    expect(explainForCli(e, cli)).toEqual(e);
  });
});
