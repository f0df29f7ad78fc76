/**
 * An OpenAI-compatible chat-completions server written for the tests (node:http, 127.0.0.1 only).
 *
 * Endpoints
 *   GET  /v1/models                 model list (one id per mode below)
 *   POST /v1/chat/completions       non-streaming, or SSE when `stream: true`
 *                                   (`data: {chunk}` lines, `data: [DONE]`, a final usage chunk
 *                                   when `stream_options.include_usage`)
 *   GET  /__stats                   the last 100 requests: server-side first-byte / first-token
 *                                   times and the headers received (Authorization redacted);
 *                                   `inFlight` / `maxInFlight`: chat completions open now / at most
 *                                   at once since the last reset (for concurrency-limit tests)
 *   POST /__reset                   clears the then-ok counters and the stats
 *
 * Answers follow the request: response_format json_schema (or a JSON Schema written in the
 * system prompt) gives a minimal valid instance; json_object gives an object; a system prompt
 * asking for sections with `## Heading`s gives those headings; otherwise a sentence.
 *
 * Modes, by model name (combine with "+", e.g. `test-slow-first-token-300+invalid`):
 *   test-model                      normal answer (any unknown name behaves the same)
 *   test-invalid                    JSON that breaks the schema (first required field dropped),
 *                                   or a sections answer missing its first heading
 *   test-echo                       echoes the last user message
 *   test-echo-system                answers with the system message (leaks the prompt and any canary in it)
 *   test-grader                     a rubric grader: score 1 when the graded answer has the rubric's
 *                                   quoted phrase, else 0 (judge-modes.ts)
 *   +flaky                          every second request with the same messages answers "Sorry, I have
 *                                   no answer this time." (e.g. test-echo+flaky: repeats disagree)
 *   test-refusal / test-idk         a refusal / an "I don't know"
 *   test-no-usage                   never sends usage (the client must estimate)
 *   test-slow-first-token[-MS]      first token after MS (default 400) ms; headers at once
 *   test-slow-stream                100 tokens at 50/s
 *   test-stream-<R>tps-<N>          N filler tokens at R tokens/s (perf measurements)
 *   test-delay-<MS>                 the whole answer MS ms after the request arrived (fixed latency)
 *   test-max-inflight-<N>           429 with Retry-After: 0 while N requests of the same model
 *                                   are already open (a rate limit that follows concurrency)
 *   test-401 / -403 / -404 / -429 / -500   always that status (OpenAI-style error body)
 *   test-400-json-schema            400 "json_schema unsupported" when response_format is
 *                                   json_schema; succeeds with json_object or none
 *   test-429-then-ok                429 + Retry-After: 1, then success, alternating per key
 *   test-429x<K>-ra-<S>             429 + Retry-After: S for the first K requests per key, then
 *                                   success; test-429-ra-<S>: always (POST /__reset clears)
 *   test-payload-<N> / -all         answers with payload N of e2e/server/payloads.ts (XSS and
 *                                   exfiltration attempts), or all of them, one a line
 *   test-500-then-ok                500, then success, alternating per key
 *                                   (key = model + `x-test-key` header; POST /__reset clears)
 *   test-cut                        socket destroyed after 3 chunks (no [DONE])
 *   test-malformed                  a malformed `data:` chunk after 2 good ones
 *   test-stall                      first chunk, then silence until the client gives up
 *   test-ctx-<N>                    a context of N tokens: a longer prompt (about 4 characters a
 *                                   token) gets llama.cpp's exact 400 body (type
 *                                   exceed_context_size_error, n_prompt_tokens, n_ctx)
 *   test-vllm-ctx-<N>               the same with vLLM's message and body, counting max_tokens too
 *   test-length                     the answer stops half-way with finish_reason "length"
 *   test-served-as-<NAME>           the answer's `model` is NAME (as servers that rename do)
 *   test-null-first                 the first stream chunk is {role:"assistant", content:null},
 *                                   as llama.cpp sends it
 *   test-stream-error-<STATUS>      after 2 content chunks, `data: {"error":{"code":STATUS,…}}`
 *                                   and the stream ends without [DONE] (llama.cpp's way)
 *   test-400-llama-schema           llama.cpp's 400 "… JSON schema error at #/…: unsupported
 *                                   $ref" for json_schema; json_object and none succeed
 *   test-400-samplers               llama.cpp's 400 "Failed to initialize samplers" for any
 *                                   response_format; prompt-only succeeds
 *   test-tools[-all|-bad-args|-unknown]  answers a request with `tools` by calling them (streamed
 *                                   and not), and a tool result with text quoting it (tool-calls.ts)
 *   test-logprobs                   token logprobs when the request asks (logprobs, top_logprobs),
 *                                   streamed and not; digits 4%, some tokens 62% (logprobs.ts)
 *   test-generator                  answers the case-generation and fix-proposal prompts of
 *                                   contracts/generate deterministically (generation.ts)
 *
 * Path prefixes before /v1 (combinable): `/nocors/v1/...` sends no CORS headers and refuses
 * preflights with a bare 403 (as Ollama does for unknown origins), so a browser test can prove
 * the proxy is needed; `/needs-key/v1/...` answers 401 unless `Authorization: Bearer sk-test`;
 * `/fail-401/v1`, `/fail-404/v1`, `/fail-500/v1` make every endpoint (models too) fail;
 * `/cors-no-auth/v1/...` answers preflights with `Access-Control-Allow-Headers: Content-Type`
 * (llama-server --cors-headers 'Content-Type'), so a browser sending a key is blocked;
 * `/cors-star/v1/...` answers them with `*` (llama-server's default), which the Fetch standard
 * says does not cover Authorization (Chromium 156 lets it through all the same).
 * `/with-tokenize/...` also serves llama.cpp's counting routes at its root, POST
 * `/with-tokenize/tokenize` and `/with-tokenize/apply-template` (tokenize-route.ts), so the
 * preview's exact server count can be tested; without the prefix they are 404 as on most servers.
 *
 * Nothing here logs request bodies or Authorization values.
 */
import { createServer, type IncomingMessage as HttpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { answerFor, messageText, pieces, type IncomingMessage } from "./answers.ts";
import { toolAnswer, toolCallDeltas, toolCallMessage } from "./tool-calls.ts";
import { LISTED_MODELS, parseMode } from "./modes.ts";
import { tokenizeAnswer } from "./tokenize-route.ts";
import { payloadAnswer } from "./payloads.ts";
import { FLAKY_ANSWER, flakyMiss, graderAnswer } from "./judge-modes.ts";
import { logprobsField } from "./logprobs.ts";
import { generationAnswer } from "./generation.ts";

export interface RequestStat {
  id: number;
  method: string;
  path: string;
  model: string | null;
  stream: boolean;
  status: number;
  /** Epoch ms when the request's headers arrived. */
  receivedAt: number;
  /** Server-side ms from arrival to the first response byte / the first content token written. */
  firstByteMs: number | null;
  firstTokenMs: number | null;
  totalMs: number | null;
  /** Header names lower-cased; authorization shows only as "[redacted]". */
  headers: Record<string, string>;
}

export interface TestServerOptions {
  port?: number;
  /** false: never send CORS headers (a second instance for the "proxy needed" test). */
  cors?: boolean;
  /** Pause between streamed chunks, ms (default 1). */
  chunkDelayMs?: number;
}

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_STATS = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function redactHeaders(req: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = k === "authorization" ? "[redacted]" : Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function errorBody(status: number, model: string): { message: string; type: string; code: string | null; param: string | null } {
  switch (status) {
    case 400:
      return { message: "The request was invalid.", type: "invalid_request_error", code: null, param: null };
    case 401:
      return {
        message: "Incorrect API key provided. You can find your API key in your account settings.",
        type: "invalid_request_error",
        code: "invalid_api_key",
        param: null,
      };
    case 403:
      return { message: "You are not allowed to use this model.", type: "permission_error", code: "forbidden", param: null };
    case 404:
      return {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        code: "model_not_found",
        param: null,
      };
    case 429:
      return { message: "Rate limit reached for requests. Please try again in 1s.", type: "requests", code: "rate_limit_exceeded", param: null };
    default:
      return { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null, param: null };
  }
}

async function readBody(req: HttpRequest): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const stats: RequestStat[] = [];
  const counters = new Map<string, number>();
  const chunkDelay = options.chunkDelayMs ?? 1;
  let nextId = 1;
  // Chat completions open right now, overall and per model (max-inflight-N), and the most at once.
  let inFlight = 0;
  let maxInFlight = 0;
  const openByModel = new Map<string, number>();

  const server = createServer((req, res) => {
    const t0 = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const segments = url.pathname.split("/").filter(Boolean);
    const prefixes = new Set<string>();
    while (
      segments.length &&
      ["nocors", "needs-key", "fail-401", "fail-403", "fail-404", "fail-500", "cors-no-auth", "cors-star", "with-tokenize"].includes(segments[0]!)
    )
      prefixes.add(segments.shift()!);
    const underV1 = segments[0] === "v1";
    if (underV1) segments.shift();
    const route = "/" + segments.join("/");
    const cors = options.cors !== false && !prefixes.has("nocors");

    const stat: RequestStat = {
      id: nextId++,
      method: req.method ?? "GET",
      path: url.pathname,
      model: null,
      stream: false,
      status: 0,
      receivedAt: Date.now(),
      firstByteMs: null,
      firstTokenMs: null,
      totalMs: null,
      headers: redactHeaders(req),
    };
    const isControl = route.startsWith("/__");
    if (!isControl && req.method !== "OPTIONS") {
      stats.push(stat);
      if (stats.length > MAX_STATS) stats.shift();
    }
    let closed = false;
    res.on("close", () => {
      closed = true;
      stat.totalMs = performance.now() - t0;
    });
    const since = () => performance.now() - t0;

    const head = (status: number, headers: Record<string, string> = {}) => {
      stat.status = status;
      const h: Record<string, string> = { ...headers };
      if (cors) {
        h["access-control-allow-origin"] = req.headers.origin ?? "*";
        h["access-control-expose-headers"] = "retry-after, x-request-id";
        h["vary"] = "Origin";
      }
      res.writeHead(status, h);
      stat.firstByteMs ??= since();
    };
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      head(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, model: string, headers: Record<string, string> = {}) => json(status, { error: errorBody(status, model) }, headers);

    if (req.method === "OPTIONS") {
      if (!cors) {
        res.writeHead(403).end();
        return;
      }
      if (prefixes.has("cors-no-auth") || prefixes.has("cors-star")) {
        // llama-server's own preflight answer, header for header (tools/server/server-http.cpp).
        res.writeHead(200, {
          "access-control-allow-origin": req.headers.origin ?? "*",
          "access-control-allow-credentials": "true",
          "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
          "access-control-allow-headers": prefixes.has("cors-no-auth") ? "Content-Type" : "*",
          "content-type": "text/html",
        });
        res.end();
        return;
      }
      res.writeHead(204, {
        "access-control-allow-origin": req.headers.origin ?? "*",
        "access-control-allow-methods": "GET, POST, OPTIONS",
        // Echo what the page asks for: `*` does not cover Authorization.
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "",
        "access-control-max-age": "600",
        vary: "Origin, Access-Control-Request-Headers",
      });
      res.end();
      return;
    }

    if (route === "/__stats" && req.method === "GET") return json(200, { requests: stats, inFlight, maxInFlight });
    if (route === "/__reset" && req.method === "POST") {
      counters.clear();
      stats.length = 0;
      maxInFlight = inFlight;
      return json(200, { ok: true });
    }
    for (const p of prefixes) {
      const m = /^fail-(\d+)$/.exec(p);
      if (m) return fail(Number(m[1]), "");
    }
    if (prefixes.has("needs-key") && req.headers.authorization !== "Bearer sk-test") return fail(401, "");

    if (route === "/models" && req.method === "GET") {
      return json(200, { object: "list", data: LISTED_MODELS.map((id) => ({ id, object: "model", created: 1767225600, owned_by: "contract-studio-test" })) });
    }
    if (prefixes.has("with-tokenize") && !underV1 && req.method === "POST" && (route === "/tokenize" || route === "/apply-template")) {
      void readBody(req).then((text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // As llama-server answers a body it cannot parse.
          return json(500, { error: { code: 500, message: "[json.exception.parse_error.101] parse error", type: "server_error" } });
        }
        const body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
        json(200, tokenizeAnswer(route, body));
      });
      return;
    }
    if (route !== "/chat/completions" || req.method !== "POST") {
      return json(404, { error: { message: `Unknown route ${req.method} ${url.pathname}`, type: "invalid_request_error", code: "not_found", param: null } });
    }

    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    void readBody(req)
      .then(async (text) => {
        let body: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as { messages?: unknown }).messages)) throw new Error("no messages");
          body = parsed as Record<string, unknown>;
        } catch {
          return json(400, {
            error: {
              message: "We could not parse the JSON body of your request, or it has no messages.",
              type: "invalid_request_error",
              code: null,
              param: null,
            },
          });
        }
        const model = typeof body.model === "string" ? body.model : "";
        const mode = parseMode(model);
        stat.model = model;
        stat.stream = body.stream === true;
        const key = `${model}|${String(req.headers["x-test-key"] ?? "")}`;
        const open = (openByModel.get(model) ?? 0) + 1;
        openByModel.set(model, open);
        res.on("close", () => openByModel.set(model, (openByModel.get(model) ?? 1) - 1));
        if (mode.maxInFlight !== undefined && open > mode.maxInFlight) return fail(429, model, { "retry-after": "0" });

        if (mode.failStatus) return fail(mode.failStatus, model, mode.failStatus === 429 ? { "retry-after": "1" } : {});
        if (mode.rateLimit) {
          const n = (counters.get(key) ?? 0) + 1;
          counters.set(key, n);
          if (mode.rateLimit.times === null || n <= mode.rateLimit.times) return fail(429, model, { "retry-after": String(mode.rateLimit.retryAfterSec) });
        }
        if (mode.failThenOk) {
          const n = (counters.get(key) ?? 0) + 1;
          counters.set(key, n);
          if (n % 2 === 1) return fail(mode.failThenOk, model, mode.failThenOk === 429 ? { "retry-after": "1" } : {});
        }
        const rf = body.response_format as { type?: string } | undefined;
        if (mode.jsonSchemaUnsupported && rf?.type === "json_schema") {
          return json(400, {
            error: {
              message:
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. Use 'json_object' or omit response_format.",
              type: "invalid_request_error",
              param: "response_format",
              code: "unsupported_response_format",
            },
          });
        }

        // llama.cpp's structured-output rejections, with its body shape ({code, message, type}).
        if (mode.llamaRejects === "schema" && rf?.type === "json_schema")
          return json(400, {
            error: {
              code: 400,
              message:
                "Unable to generate parser for this template. Automatic parser generation failed: JSON schema error at #/properties/customer: unsupported $ref https://example.com/customer.json, only references into the same document are supported",
              type: "invalid_request_error",
            },
          });
        if (mode.llamaRejects === "samplers" && (rf?.type === "json_schema" || rf?.type === "json_object"))
          return json(400, { error: { code: 400, message: "Failed to initialize samplers: failed to parse grammar", type: "invalid_request_error" } });

        const messages = body.messages as IncomingMessage[];
        const promptTokens = Math.ceil(messages.map(messageText).join("").length / 4) + 3 * messages.length;
        const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : undefined;
        const win = mode.contextWindow;
        if (win?.style === "llama.cpp" && promptTokens >= win.tokens)
          return json(400, {
            error: {
              code: 400,
              message: `request (${promptTokens} tokens) exceeds the available context size (${win.tokens} tokens), try increasing it`,
              type: "exceed_context_size_error",
              n_prompt_tokens: promptTokens,
              n_ctx: win.tokens,
            },
          });
        if (win?.style === "vllm" && (promptTokens >= win.tokens || (maxTokens !== undefined && promptTokens + maxTokens > win.tokens)))
          return json(400, {
            error: {
              message:
                promptTokens >= win.tokens
                  ? `This model's maximum context length is ${win.tokens} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`
                  : `'max_tokens' or 'max_completion_tokens' is too large: ${maxTokens}. This model's maximum context length is ${win.tokens} tokens and your request has ${promptTokens} input tokens (${maxTokens} > ${win.tokens} - ${promptTokens}).`,
              type: "BadRequestError",
              param: null,
              code: 400,
            },
          });

        const lastUser = [...messages].reverse().find((m) => m.role === "user");
        const tool = toolAnswer(model, body, String(stat.id));
        const answer =
          tool?.kind === "text"
            ? tool.text
            : mode.payload !== undefined
              ? payloadAnswer(mode.payload)
              : mode.rate
                ? ""
                : mode.grader
                  ? graderAnswer(messageText(lastUser))
                  : mode.flaky && flakyMiss(counters, `flaky\n${model}\n${JSON.stringify(messages)}`)
                    ? FLAKY_ANSWER
                    : (generationAnswer(model, messages) ?? answerFor({ model, messages, response_format: body.response_format }, mode));
        let tokens = mode.rate ? Array.from({ length: mode.rate.tokens }, (_, i) => (i === 0 ? "lorem" : " lorem")) : pieces(answer);
        let finish = "stop";
        if (maxTokens !== undefined && tokens.length > maxTokens) {
          tokens = tokens.slice(0, maxTokens);
          finish = "length";
        }
        if (mode.length && tokens.length > 1) {
          tokens = tokens.slice(0, Math.ceil(tokens.length / 2));
          finish = "length";
        }
        const answeredAs = mode.servedAs ?? model;
        const usage = { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length };
        const id = `chatcmpl-test-${stat.id}`;
        const created = Math.floor(Date.now() / 1000);

        if (mode.delayMs) await sleep(Math.max(0, mode.delayMs - since()));
        if (body.stream !== true) {
          if (mode.slowFirstTokenMs) await sleep(mode.slowFirstTokenMs);
          if (closed) return;
          stat.firstTokenMs = since();
          if (mode.streamErrorStatus)
            return json(mode.streamErrorStatus, { error: { ...errorBody(mode.streamErrorStatus, model), code: mode.streamErrorStatus } });
          return json(
            200,
            {
              id,
              object: "chat.completion",
              created,
              model: answeredAs,
              choices:
                tool?.kind === "calls"
                  ? [{ index: 0, message: toolCallMessage(tool.calls), finish_reason: "tool_calls" }]
                  : [{ index: 0, message: { role: "assistant", content: tokens.join("") }, ...logprobsField(model, body, tokens), finish_reason: finish }],
              ...(mode.noUsage ? {} : { usage }),
            },
            { "x-request-id": id },
          );
        }

        const so = body.stream_options as { include_usage?: boolean } | undefined;
        head(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-request-id": id });
        res.flushHeaders();
        const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}) =>
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: answeredAs, choices: [{ index: 0, delta, ...extra, finish_reason: finishReason }] })}\n\n`;
        if (mode.slowFirstTokenMs) await sleep(mode.slowFirstTokenMs);
        if (mode.nullFirstChunk) res.write(chunk({ role: "assistant", content: null }));
        if (tool?.kind === "calls") {
          for (const delta of toolCallDeltas(tool.calls)) {
            if (closed) return;
            res.write(chunk(delta));
            // Paced like the text modes (test-tools+stream-4tps-1: four fragments a second), so a UI test can watch them arrive.
            await sleep(mode.rate ? 1000 / mode.rate.tokensPerSec : chunkDelay);
          }
          stat.firstTokenMs ??= since();
          tokens = [];
          finish = "tool_calls";
        }
        const gap = mode.rate ? 1000 / mode.rate.tokensPerSec : chunkDelay;
        const start = performance.now();
        for (let i = 0; i < tokens.length; i++) {
          if (closed) return;
          if (mode.cut && i === 3) {
            res.socket?.destroy();
            return;
          }
          if (mode.streamErrorStatus && i === 2) {
            // llama.cpp's in-stream error: the error object with its own code, then the end.
            const { type, message } = errorBody(mode.streamErrorStatus, model);
            res.end(`data: ${JSON.stringify({ error: { code: mode.streamErrorStatus, message, type } })}\n\n`);
            return;
          }
          if (mode.malformed && i === 2) res.write(`data: {"id":"${id}","choices":[{"delta":{"content":"oops\n\n`);
          res.write(
            chunk(
              i === 0 && !mode.nullFirstChunk ? { role: "assistant", content: tokens[i] } : { content: tokens[i] },
              null,
              logprobsField(model, body, [tokens[i]!], i),
            ),
          );
          if (i === 0) stat.firstTokenMs = since();
          if (mode.stall) {
            // Silence until the client gives up; the socket close ends this handler.
            await new Promise<void>((resolve) => res.on("close", resolve));
            return;
          }
          // Pace by schedule, not by sleeping a fixed gap, so timer lag does not accumulate.
          const due = start + (i + 1) * gap;
          const wait = due - performance.now();
          if (mode.delayMs) continue; // the whole answer at once
          if (wait > 0 || !mode.rate) await sleep(Math.max(0, wait));
        }
        if (closed) return;
        res.write(chunk({}, finish));
        if (so?.include_usage && !mode.noUsage)
          res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: answeredAs, choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
      })
      .catch(() => {
        if (!res.headersSent) json(500, { error: errorBody(500, "") });
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
