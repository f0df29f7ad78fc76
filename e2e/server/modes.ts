/**
 * Behaviour modes, chosen by the request's model name so one server can serve every test.
 * Flags combine with "+", e.g. `test-slow-first-token-300+invalid`. The full list is in
 * the header of test-server.ts.
 */
export interface Mode {
  /** Always answer with this HTTP status (test-401, test-403, test-404, test-429, test-500). */
  failStatus?: 401 | 403 | 404 | 429 | 500;
  /** Fail with this status every other request per key, then succeed (test-429-then-ok, test-500-then-ok). */
  failThenOk?: 429 | 500;
  /**
   * 429 with `Retry-After: SECONDS`: the first TIMES requests per key, then success
   * (test-429x2-ra-2), or always (test-429-ra-3600).
   */
  rateLimit?: { times: number | null; retryAfterSec: number };
  /** The answer is the hardening suite's payload number N (e2e/server/payloads.ts): test-payload-N, or all of them: test-payload-all. */
  payload?: number | "all";
  jsonSchemaUnsupported: boolean;
  invalid: boolean;
  echo: boolean;
  /** Answers with the system message (test-echo-system): a model that leaks its prompt, and the canary in it. */
  echoSystem: boolean;
  /** A rubric grader (test-grader): judge-modes.ts graderAnswer. */
  grader?: boolean;
  /** Every second request with the same messages answers judge-modes.ts FLAKY_ANSWER (…+flaky): repeats disagree. */
  flaky?: boolean;
  refusal: boolean;
  idk: boolean;
  noUsage: boolean;
  cut: boolean;
  malformed: boolean;
  stall: boolean;
  slowFirstTokenMs: number;
  /** The whole answer MS after the request arrived, in one go (test-delay-200): a fixed latency for benches. */
  delayMs?: number;
  /** 429 (Retry-After: 0) while N requests of this model are already in flight (test-max-inflight-2): a rate limit. */
  maxInFlight?: number;
  /** Paced stream of generated filler tokens: test-stream-500tps-5000. */
  rate?: { tokensPerSec: number; tokens: number };
  /**
   * A context window of this many tokens (test-ctx-2048): a longer prompt gets llama.cpp's 400
   * exceed_context_size_error body; vllm-ctx-N gets vLLM's message, which also counts max_tokens.
   */
  contextWindow?: { tokens: number; style: "llama.cpp" | "vllm" };
  /** The answer stops half-way with finish_reason "length" (as at max_tokens). */
  length: boolean;
  /** The answer names this model instead of the one asked for (served-as-NAME). */
  servedAs?: string;
  /** The first stream chunk is `{role:"assistant", content:null}`, as llama.cpp sends it. */
  nullFirstChunk: boolean;
  /** After two content chunks, `data: {"error":{"code":STATUS,...}}` and the stream ends (stream-error-STATUS). */
  streamErrorStatus?: number;
  /**
   * llama.cpp's structured-output rejections: "schema" fails json_schema with "JSON schema
   * conversion failed … unsupported $ref" (json_object works); "samplers" fails any
   * response_format with "Failed to initialize samplers" (prompt-only works).
   */
  llamaRejects?: "schema" | "samplers";
}

export function parseMode(model: string): Mode {
  const mode: Mode = {
    jsonSchemaUnsupported: false,
    invalid: false,
    echo: false,
    echoSystem: false,
    refusal: false,
    idk: false,
    noUsage: false,
    cut: false,
    malformed: false,
    stall: false,
    slowFirstTokenMs: 0,
    length: false,
    nullFirstChunk: false,
  };
  for (const raw of model.split("+")) {
    const flag = raw.trim().replace(/^test-/, "");
    let m: RegExpExecArray | null;
    if ((m = /^(401|403|404|429|500)$/.exec(flag))) mode.failStatus = Number(m[1]) as Mode["failStatus"];
    else if ((m = /^(429|500)-then-ok$/.exec(flag))) mode.failThenOk = Number(m[1]) as Mode["failThenOk"];
    else if ((m = /^429(?:x(\d+))?-ra-(\d+)$/.exec(flag))) mode.rateLimit = { times: m[1] ? Number(m[1]) : null, retryAfterSec: Number(m[2]) };
    else if ((m = /^payload-(\d+|all)$/.exec(flag))) mode.payload = m[1] === "all" ? "all" : Number(m[1]);
    else if (flag === "400-json-schema") mode.jsonSchemaUnsupported = true;
    else if ((m = /^slow-first-token(?:-(\d+))?$/.exec(flag))) mode.slowFirstTokenMs = m[1] ? Number(m[1]) : 400;
    else if ((m = /^stream-(\d+)tps-(\d+)$/.exec(flag))) mode.rate = { tokensPerSec: Number(m[1]), tokens: Number(m[2]) };
    else if (flag === "slow-stream") mode.rate = { tokensPerSec: 50, tokens: 100 };
    else if ((m = /^delay-(\d+)$/.exec(flag))) mode.delayMs = Number(m[1]);
    else if ((m = /^max-inflight-(\d+)$/.exec(flag))) mode.maxInFlight = Number(m[1]);
    else if (flag === "invalid") mode.invalid = true;
    else if (flag === "echo") mode.echo = true;
    else if (flag === "echo-system") mode.echoSystem = true;
    else if (flag === "grader") mode.grader = true;
    else if (flag === "flaky") mode.flaky = true;
    else if (flag === "refusal") mode.refusal = true;
    else if (flag === "idk") mode.idk = true;
    else if (flag === "no-usage") mode.noUsage = true;
    else if (flag === "cut") mode.cut = true;
    else if (flag === "malformed") mode.malformed = true;
    else if (flag === "stall") mode.stall = true;
    else if ((m = /^(vllm-)?ctx-(\d+)$/.exec(flag))) mode.contextWindow = { tokens: Number(m[2]), style: m[1] ? "vllm" : "llama.cpp" };
    else if (flag === "length") mode.length = true;
    else if ((m = /^served-as-(.+)$/.exec(flag))) mode.servedAs = m[1];
    else if (flag === "null-first") mode.nullFirstChunk = true;
    else if ((m = /^stream-error-(\d{3})$/.exec(flag))) mode.streamErrorStatus = Number(m[1]);
    else if (flag === "400-llama-schema") mode.llamaRejects = "schema";
    else if (flag === "400-samplers") mode.llamaRejects = "samplers";
  }
  return mode;
}

/** Model ids listed by GET /v1/models: one per mode, so a model picker shows them all. */
export const LISTED_MODELS = [
  "test-model",
  "test-invalid",
  "test-echo",
  "test-tools",
  "test-grader",
  "test-refusal",
  "test-idk",
  "test-no-usage",
  "test-slow-first-token",
  "test-slow-stream",
  "test-stream-500tps-5000",
  "test-401",
  "test-403",
  "test-404",
  "test-429",
  "test-500",
  "test-400-json-schema",
  "test-429-then-ok",
  "test-500-then-ok",
  "test-cut",
  "test-malformed",
  "test-stall",
  "test-ctx-64",
  "test-vllm-ctx-64",
  "test-length",
  "test-served-as-test-model-2026",
  "test-null-first",
  "test-stream-error-500",
  "test-400-llama-schema",
  "test-400-samplers",
  "test-logprobs",
  "test-generator",
];
