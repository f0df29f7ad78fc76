/**
 * Endpoint failures as values: a kind to branch on, a title, a plain-English explanation, and
 * advice. Made here only, so the run view, "Test connection" and the CLI all say the same thing.
 */

interface ErrorBase {
  /** One line, e.g. "The endpoint rejected the API key". */
  title: string;
  /** What happened, in a sentence or two. */
  explanation: string;
  /** What to do about it, one suggestion per entry. */
  advice: string[];
  /** What the endpoint itself said (its error.message), when it said anything. */
  endpointMessage?: string;
  /** Worth another attempt (408, 409, 429, 5xx, connection errors). */
  retryable: boolean;
}

/**
 * The prompt (plus, on servers that reserve it, max_tokens) did not fit the model's context.
 * Numbers are the server's own when it gave them (llama.cpp: n_prompt_tokens, n_ctx), else
 * read from its message (vLLM, OpenAI); any may be missing.
 */
export interface ContextOverflow {
  /** Whose wording was recognised: decides the advice (-c, --max-model-len, a bigger model). */
  server: "llama.cpp" | "vllm" | "openai" | "unknown";
  promptTokens?: number;
  /** The window the server allows (llama.cpp n_ctx, vLLM max_model_len, the model's limit). */
  contextTokens?: number;
  /** Prompt plus the room asked for the answer, when the server says. */
  requestedTokens?: number;
  /** The answer's room (max_tokens) from the server's message or the request. */
  maxTokens?: number;
}

export type EndpointError =
  | (ErrorBase & { kind: "auth"; status: number; /** Whether the request carried a key (absent: unknown). */ keySent?: boolean })
  | (ErrorBase & { kind: "not_found" | "server" | "http"; status: number })
  | (ErrorBase & { kind: "bad_request"; status: number; jsonSchemaUnsupported: boolean; contextOverflow?: ContextOverflow })
  | (ErrorBase & { kind: "rate_limited"; status: number; retryAfterMs?: number })
  | (ErrorBase & { kind: "timeout_first_byte" | "timeout_idle"; timeoutMs: number })
  | (ErrorBase & { kind: "stream_cut" | "malformed_stream" | "network_or_cors" | "aborted" });
export type EndpointErrorKind = EndpointError["kind"];

/** Thrown inside the client and caught at its edge; callers receive the EndpointError value. */
export class EndpointFailure extends Error {
  constructor(readonly error: EndpointError) {
    super(error.title);
    this.name = "EndpointFailure";
  }
}

export interface HttpErrorInfo {
  status: number;
  /** The response body as text (a JSON error object, HTML, or nothing). */
  body: string;
  retryAfter?: string | null;
  model?: string;
  /** The request's response_format type ("none" when it sent none); absent: not known. */
  responseFormat?: "json_schema" | "json_object" | "text" | "none";
  /** The request's max_tokens, for context-overflow advice. */
  maxTokens?: number;
  /** Whether the request carried an API key, for 401/403 explanations. */
  keySent?: boolean;
}

/** The error object of an OpenAI-style `{error:{...}}`, a vLLM `{object:"error", message}`, or a `{detail}`. */
function errorObjectOf(body: string): Record<string, unknown> | undefined {
  const text = body.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const err = parsed.error;
    if (typeof err === "string") return { message: err };
    if (err && typeof err === "object") return err as Record<string, unknown>;
    if (typeof parsed.detail === "string") return { message: parsed.detail };
    if (typeof parsed.message === "string") return parsed;
    return {};
  } catch {
    return undefined;
  }
}

/** The endpoint's own message from an OpenAI-style `{error:{message}}`, a `{detail}` (vLLM), or plain text. */
export function endpointMessageOf(body: string): { message?: string; param?: string; code?: string; type?: string } {
  const text = body.trim();
  if (!text) return {};
  const e = errorObjectOf(text);
  if (e) {
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return { message: str(e.message), param: str(e.param), code: str(e.code), type: str(e.type) };
  }
  return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}

/** Retry-After as milliseconds: seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The server could not turn the schema into a grammar (llama.cpp: "Failed to initialize samplers",
 * "JSON schema conversion failed", "JSON schema error at /…: unsupported $ref …"; vLLM's guided
 * decoding backends): the schema is the problem, not the request, so a fallback can work.
 */
const GRAMMAR_FAILURE =
  /failed to initiali[sz]e samplers|json schema (?:conversion failed|error)|unsupported \$ref|unresolved \$ref|cannot resolve \$ref|failed to parse grammar|grammar_init|xgrammar|outlines|guided decoding|lm-format-enforcer/i;

function looksLikeJsonSchemaUnsupported(message: string, param?: string, code?: string): boolean {
  if (GRAMMAR_FAILURE.test(message)) return true;
  const aboutFormat =
    param === "response_format" || /json_schema|response_format|structured output|guided/i.test(message) || /response_format/i.test(code ?? "");
  return aboutFormat && /support|invalid|unknown|not allowed|unrecognized|unexpected|extra/i.test(`${message} ${code ?? ""}`);
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
const int = (m: RegExpExecArray | null, i = 1): number | undefined => (m?.[i] !== undefined ? Number(m[i].replace(/,/g, "")) : undefined);
const N = "([\\d,]+)";

/** Recognises a context overflow in llama.cpp's, vLLM's or OpenAI's words; null when it is something else. */
export function contextOverflowOf(body: string, requestMaxTokens?: number): ContextOverflow | null {
  const err = errorObjectOf(body) ?? {};
  const message = typeof err.message === "string" ? err.message : body.trim().startsWith("{") ? "" : body;
  const code = typeof err.code === "string" ? err.code : "";
  const rx = (re: string) => new RegExp(re, "i").exec(message);
  let o: ContextOverflow | null = null;
  if (err.type === "exceed_context_size_error") {
    // llama.cpp: {"code":400,"type":"exceed_context_size_error","n_prompt_tokens":N,"n_ctx":M}
    const m = rx(`\\(${N} tokens\\).*?\\(${N} tokens\\)`);
    o = { server: "llama.cpp", promptTokens: num(err.n_prompt_tokens) ?? int(m, 1), contextTokens: num(err.n_ctx) ?? int(m, 2) };
  } else if (code === "context_length_exceeded" || /maximum context length is/i.test(message) || rx(`maximum model length of ${N}`)) {
    // OpenAI: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."
    // vLLM: "... However, you requested 5000 tokens (4000 in the messages, 1000 in the completion)." /
    //       "... However, your request has 4176 input tokens." /
    //       "'max_tokens' or 'max_completion_tokens' is too large: 8000. ... your request has 2778 input tokens (8000 > 4096 - 2778)." /
    //       "The decoder prompt (length 5000) is longer than the maximum model length of 4096."
    const openai = code === "context_length_exceeded" || err.type === "invalid_request_error";
    const split = rx(`you requested ${N} tokens \\(${N} in the messages, ${N} in the completion\\)`);
    o = {
      server: openai ? "openai" : "vllm",
      contextTokens: int(rx(`maximum context length is ${N}`)) ?? int(rx(`maximum model length of ${N}`)),
      promptTokens:
        int(split, 2) ?? int(rx(`messages resulted in ${N} tokens`)) ?? int(rx(`request has ${N} input tokens`)) ?? int(rx(`prompt \\(length ${N}\\)`)),
      requestedTokens: int(split, 1),
      maxTokens: int(split, 3) ?? int(rx(`max_completion_tokens' is too large: ${N}`)),
    };
  } else if (
    /context(?: length| size| window)|n_ctx|num_ctx/i.test(message) &&
    /exceed|larger than|longer than|greater than|too (?:long|large|many)|maximum|overflow|only/i.test(message)
  ) {
    // Other servers (Ollama, LM Studio, proxies): recognised by words, numbers if they follow "context … N".
    o = { server: "unknown", contextTokens: int(rx(`context (?:length|size|window)[^\\d]{0,40}${N}`)) };
  }
  if (!o) return null;
  if (o.maxTokens === undefined && requestMaxTokens !== undefined) o.maxTokens = requestMaxTokens;
  // Drop what nobody said, so the value compares and serialises cleanly.
  for (const k of Object.keys(o) as (keyof ContextOverflow)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const fmt = (n: number) => n.toLocaleString("en-US");
/** The next power of two with room for the prompt and an answer: what to pass to -c / --max-model-len. */
function suggestedWindow(o: ContextOverflow): number | undefined {
  if (o.promptTokens === undefined) return undefined;
  const need = o.promptTokens + (o.maxTokens ?? 512);
  let w = 1024;
  while (w < need) w *= 2;
  return o.contextTokens !== undefined && w <= o.contextTokens ? o.contextTokens * 2 : w;
}

function contextOverflowError(status: number, o: ContextOverflow, message: string | undefined): EndpointError {
  const { promptTokens: p, contextTokens: c, maxTokens: m, requestedTokens: r } = o;
  // llama.cpp checks the prompt alone; vLLM and OpenAI also reserve max_tokens for the answer.
  const answerCounts = o.server !== "llama.cpp";
  let explanation: string;
  if (p !== undefined && c !== undefined && answerCounts && m !== undefined && p < c)
    explanation = `The prompt is ${fmt(p)} tokens and the answer may take up to ${fmt(m)} (max_tokens), ${fmt(r ?? p + m)} in all, but the model's context holds ${fmt(c)} tokens.`;
  else if (p !== undefined && c !== undefined)
    explanation = `The prompt is ${fmt(p)} tokens and the server's context holds ${fmt(c)}${o.server === "llama.cpp" ? " (n_ctx)" : ""}: it does not fit.`;
  else if (c !== undefined) explanation = `The request is longer than the model's context of ${fmt(c)} tokens.`;
  else explanation = "The request is longer than the model's context window.";
  const win = suggestedWindow(o);
  const e = win !== undefined ? `, e.g. ${win}` : "";
  const advice: string[] = [];
  if (o.server === "llama.cpp" || o.server === "unknown")
    advice.push(
      `llama.cpp: start llama-server with a larger context, -c N (--ctx-size N${e}); it cannot exceed the model's trained context (n_ctx_train in GET /v1/models).`,
    );
  if (o.server === "unknown")
    advice.push(
      `Ollama: raise num_ctx (OLLAMA_CONTEXT_LENGTH${win !== undefined ? `=${win}` : ""} for the server, or PARAMETER num_ctx in a Modelfile); its OpenAI-compatible API takes no per-request num_ctx.`,
    );
  if (o.server === "vllm" || o.server === "unknown") advice.push(`vLLM: start it with a larger --max-model-len${e} (up to what the model supports).`);
  if (o.server === "openai") advice.push("Use a model with a larger context window.");
  if (answerCounts && m !== undefined && p !== undefined && c !== undefined && p < c)
    advice.push(`Lower max_tokens to at most ${fmt(c - p)} so the prompt and the answer fit together.`);
  else if (answerCounts) advice.push("Lower max_tokens: the answer's room counts against the same window.");
  advice.push("Shorten the prompt: fewer or shorter context documents, examples or test inputs.");
  return {
    kind: "bad_request",
    status,
    retryable: false,
    jsonSchemaUnsupported: false,
    contextOverflow: o,
    ...(message ? { endpointMessage: message } : {}),
    title: "The prompt does not fit the model's context",
    explanation,
    advice,
  };
}

function authError(status: 401 | 403, said: { endpointMessage?: string }, keySent: boolean | undefined): EndpointError {
  const sent = keySent === undefined ? "" : keySent ? " A key was sent." : " No key was sent.";
  return {
    kind: "auth",
    status,
    ...said,
    retryable: false,
    ...(keySent !== undefined ? { keySent } : {}),
    title: status === 401 ? (keySent === false ? "The endpoint needs an API key" : "The endpoint rejected the API key") : "The endpoint refused access",
    explanation:
      (status === 401
        ? "The endpoint answered 401 Unauthorized: the API key is missing, wrong or expired."
        : "The endpoint answered 403 Forbidden: the key is valid but not allowed to do this, or (for a local server such as Ollama) the browser's origin is not allowed.") +
      sent,
    advice: [
      keySent === false
        ? "Enter the endpoint's API key for this profile (a llama.cpp server started with --api-key, or a hosted endpoint, needs one)."
        : "Check the API key in the endpoint profile (local servers usually need none; hosted ones do).",
      status === 403
        ? "Check that the key may use this model or project; for Ollama, set OLLAMA_ORIGINS to this app's address, or switch the profile to the built-in proxy."
        : "Create a new key with the provider if this one was revoked.",
    ],
  };
}

export function classifyHttpError(info: HttpErrorInfo): EndpointError {
  const { status } = info;
  const { message, param, code } = endpointMessageOf(info.body);
  const said = message ? { endpointMessage: message } : {};
  if (status === 401 || status === 403) return authError(status, said, info.keySent);
  if (status === 404)
    return {
      kind: "not_found",
      status,
      ...said,
      retryable: false,
      title: "Model or path not found",
      explanation: `The endpoint answered 404 Not Found${info.model ? ` for model '${info.model}'` : ""}: either that model does not exist there, or the base URL is wrong.`,
      advice: [
        'Use "Test connection" to list the models the endpoint offers and pick one.',
        "Check the base URL: it usually ends with /v1 (e.g. http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:1234/v1 for LM Studio).",
      ],
    };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(info.retryAfter);
    return {
      kind: "rate_limited",
      status,
      ...said,
      retryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      title: "Rate limited",
      explanation: `The endpoint answered 429 Too Many Requests${retryAfterMs !== undefined ? ` and asked to wait ${Math.round(retryAfterMs / 100) / 10} s` : ""}.`,
      advice: ["Wait and run again, lower the suite's concurrency, or raise the rate limit with the provider."],
    };
  }
  if (status >= 400 && status !== 408 && status !== 409) {
    const overflow = contextOverflowOf(info.body, info.maxTokens);
    if (overflow) return contextOverflowError(status, overflow, message);
  }
  // A schema the server cannot compile is a 400 (llama.cpp: invalid_argument) or, for some of
  // its errors, a 500; either way a retry cannot pass, but a fallback can.
  const formatRejected = (status === 400 || status === 422 || status === 500 || status === 501) && looksLikeJsonSchemaUnsupported(message ?? "", param, code);
  if (status === 400 || status === 422 || formatRejected) {
    const schemaSent = info.responseFormat === undefined || info.responseFormat === "json_schema";
    const jsonSchemaUnsupported = formatRejected && schemaSent;
    const objectRejected = formatRejected && info.responseFormat === "json_object";
    return {
      kind: "bad_request",
      status,
      ...said,
      retryable: false,
      jsonSchemaUnsupported,
      title: jsonSchemaUnsupported
        ? "The endpoint does not support json_schema output"
        : objectRejected
          ? "The endpoint does not support json_object output"
          : "The endpoint rejected the request",
      explanation: `The endpoint answered ${status}${message ? `: "${message}"` : " without saying why"}.${
        jsonSchemaUnsupported && GRAMMAR_FAILURE.test(message ?? "") ? " It could not turn the output schema into a grammar for constrained generation." : ""
      }`,
      advice: jsonSchemaUnsupported
        ? [
            "Retry with response_format json_object (the schema is still described in the prompt and the answer is still validated).",
            'Or retry prompt-only (no response_format), and untick "structured output" in the profile\'s capabilities.',
          ]
        : objectRejected
          ? ["Retry prompt-only (no response_format): the schema is still described in the prompt and the answer is still validated."]
          : ["Check the parameters the endpoint named (model, max_tokens, temperature, stop) against what it supports."],
    };
  }
  if (status >= 500 || status === 408 || status === 409)
    return {
      kind: status >= 500 ? "server" : "http",
      status,
      ...said,
      retryable: true,
      title: status >= 500 ? "The endpoint had an error" : `The endpoint answered ${status}`,
      explanation:
        status >= 500
          ? `The endpoint answered ${status}: a problem on its side, often temporary (an overloaded or restarting server, or the proxy could not reach it).`
          : `The endpoint answered ${status} (${status === 408 ? "request timeout" : "conflict"}), which usually passes on a retry.`,
      advice: ["Run again in a moment; if it persists, check the server's own logs."],
    };
  return {
    kind: "http",
    status,
    ...said,
    retryable: false,
    title: `The endpoint answered ${status}`,
    explanation: `The endpoint answered HTTP ${status}${message ? `: "${message}"` : ""}.`,
    advice: ["Check the base URL and the request parameters."],
  };
}

/**
 * An error object sent inside an SSE stream (`data: {"error":{...}}`; llama.cpp, vLLM and
 * proxies do this once the 200 headers are out). Its own status (error.code or status) decides
 * the kind, so a mid-stream context overflow or 429 reads like the HTTP one.
 */
export function classifyStreamError(payload: Record<string, unknown>): EndpointError {
  const err = payload.error;
  const e = err && typeof err === "object" ? (err as Record<string, unknown>) : {};
  const status = [e.code, e.status, payload.status, payload.code].map(Number).find((n) => Number.isInteger(n) && n >= 400 && n <= 599) ?? 500;
  const classified = classifyHttpError({ status, body: JSON.stringify({ error: typeof err === "string" ? { message: err } : e }) });
  return { ...classified, explanation: `The stream carried an error after it started. ${classified.explanation}` };
}

export interface NetworkContext {
  baseUrl: string;
  /** The page's origin in a browser (e.g. http://127.0.0.1:5173); absent in Node. */
  origin?: string;
  viaProxy?: boolean;
  cause?: string;
  /** Names of the headers the request carried beyond Content-Type (authorization, extra headers). */
  sentHeaders?: string[];
}

/**
 * What a failed fetch says about why: Node's fetch puts the socket error (with a `code` such as
 * ECONNREFUSED; for "localhost" an AggregateError whose message is empty) in `cause`; a browser
 * says only "Failed to fetch".
 */
export function fetchFailureCause(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const c = e.cause as { code?: unknown; message?: unknown } | undefined;
  if (c && typeof c === "object") {
    const code = typeof c.code === "string" ? c.code : "";
    const msg = typeof c.message === "string" ? c.message : "";
    const text = msg.includes(code) ? msg : [code, msg].filter(Boolean).join(" ");
    if (text) return text;
  }
  return e.message;
}

/** Node's connection error code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET …) from the cause text. */
export function networkCauseCode(cause: string | undefined): string | undefined {
  return /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(cause ?? "")?.[1];
}

/**
 * Which connection failures are worth another attempt. In a browser none are: a CORS refusal
 * looks exactly like a failed connection there and cannot pass on a retry, and a local server
 * that is down does not come up in the second of backoff (the user presses Run again instead).
 * In Node (the CLI) the cause is known: nothing listening (ECONNREFUSED) or a wrong host
 * (ENOTFOUND) fails at once with its explanation; a dropped or timed-out connection (ECONNRESET,
 * ETIMEDOUT, EPIPE, socket errors) or a temporary DNS failure (EAI_AGAIN) is retried, as
 * are failures without a code.
 */
export function networkRetryable(ctx: Pick<NetworkContext, "origin" | "viaProxy" | "cause">): boolean {
  if (ctx.origin !== undefined) return false;
  const code = networkCauseCode(ctx.cause);
  return !(code && ["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL", "EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER"].includes(code));
}

/**
 * A fetch that failed before any HTTP status: the server is down, the address is wrong, or (in a
 * browser, where these look identical) the server refused the page's origin or one of the
 * request's headers by CORS.
 */
export function networkError(ctx: NetworkContext): EndpointError {
  const inBrowser = ctx.origin !== undefined;
  const origin = ctx.origin ?? "http://127.0.0.1:5173";
  const advice = [`Check that the server is running and that ${ctx.baseUrl} is the right address.`];
  const sentAuth = (ctx.sentHeaders ?? []).some((h) => h.toLowerCase() === "authorization");
  const extra = (ctx.sentHeaders ?? []).filter((h) => !["authorization", "content-type"].includes(h.toLowerCase()));
  if (inBrowser && !ctx.viaProxy) {
    if (origin.startsWith("https:") && ctx.baseUrl.startsWith("http:"))
      advice.push("This page is served over https and the endpoint over http: browsers block that; use the proxy or serve the endpoint over https.");
    if (sentAuth)
      advice.push(
        "llama.cpp server: the API key goes in an Authorization header, which the browser sends only if the server's CORS answer allows it: if llama-server was started with --cors-headers, the list must include Authorization, e.g. --cors-headers 'Content-Type,Authorization' (name it even instead of the default *: the Fetch standard does not count Authorization under *, though Chromium does).",
      );
    advice.push(
      `Ollama: start it with OLLAMA_ORIGINS=${origin} (Ollama allows only its own origins otherwise).`,
      `vLLM: start it with --allowed-origins '["${origin}"]' (and --allowed-headers if you send extra headers).`,
      "LM Studio: enable CORS in the server settings (Developer → Server Settings → Enable CORS).",
      sentAuth
        ? "llama.cpp server: it allows all origins by default; if it needs no key (no --api-key), remove the key from this profile so no Authorization header is sent."
        : "llama.cpp server: it allows all origins by default; check that it is running and listening on this host and port (--host, --port).",
    );
    if (extra.length)
      advice.push(
        `The profile's extra headers (${extra.join(", ")}) must also be allowed by the server's CORS settings (llama.cpp --cors-headers, vLLM --allowed-headers).`,
      );
    advice.push("Or switch this profile to the built-in proxy (\"Send through the app's proxy\"), which calls the endpoint from the app's own server.");
  }
  const headerNote = sentAuth ? " The request carried an Authorization header (the API key), which the server's CORS settings must allow by name." : "";
  return {
    kind: "network_or_cors",
    retryable: networkRetryable(ctx),
    title: inBrowser && !ctx.viaProxy ? "Could not reach the endpoint (network or CORS)" : "Could not reach the endpoint",
    explanation:
      inBrowser && !ctx.viaProxy
        ? `The request failed before any answer arrived. Either the server is unreachable, or it does not allow requests from this page's origin (CORS); browsers do not say which.${headerNote} A retry cannot help with CORS, so none was made.`
        : `The request failed before any answer arrived${ctx.cause ? ` (${ctx.cause})` : ""}.`,
    advice,
  };
}

export function timeoutError(kind: "timeout_first_byte" | "timeout_idle", timeoutMs: number): EndpointError {
  const s = `${Math.round(timeoutMs / 100) / 10} s`;
  return kind === "timeout_first_byte"
    ? {
        kind,
        timeoutMs,
        retryable: false,
        title: "No answer in time",
        explanation: `The endpoint sent nothing within ${s} of the request (the first-byte timeout).`,
        advice: [
          "Raise the first-byte timeout in the profile for large or cold models (the first request loads the model).",
          "Check that the server is not overloaded.",
        ],
      }
    : {
        kind,
        timeoutMs,
        retryable: false,
        title: "The stream stalled",
        explanation: `The answer started but then nothing arrived for ${s} (the idle timeout). The partial answer is kept.`,
        advice: ["Raise the idle timeout in the profile if the model pauses while thinking.", "Check the server's logs for a stuck generation."],
      };
}

export function streamCutError(): EndpointError {
  return {
    kind: "stream_cut",
    retryable: false,
    title: "The stream was cut off",
    explanation: "The connection closed before the endpoint said the answer was complete. The partial answer is kept and the run is marked failed.",
    advice: ["Run again; if it repeats, check the server or any proxy in between for response time or size limits."],
  };
}

export function malformedStreamError(detail: string): EndpointError {
  return {
    kind: "malformed_stream",
    retryable: false,
    title: "The endpoint sent malformed stream data",
    explanation: `A streamed chunk was not valid JSON (${detail}). The partial answer is kept.`,
    advice: ["Untick streaming in the profile's capabilities to get the answer in one piece, or check the server's version."],
  };
}

export function abortedError(): EndpointError {
  return {
    kind: "aborted",
    retryable: false,
    title: "Stopped",
    explanation: "The run was stopped before the answer was complete. The partial answer is kept.",
    advice: [],
  };
}

/** What the CLI knows about a run that the error value does not carry. */
export interface CliFacts {
  /** The variable the key was read from: OPENAI_API_KEY or the --api-key-env NAME. */
  apiKeyEnv: string;
  /** Whether a key was sent (used when the error itself does not say). */
  apiKeySent?: boolean;
}

/**
 * The same error worded for the command line: there is no profile, no "Test connection" and no
 * CORS there, but flags (--api-key-env, --enforcement, --no-stream, timeouts, --retries). The
 * app shows errors as made; `contract run` prints `describeEndpointError(e, { surface: "cli", … })`.
 */
export function explainForCli(e: EndpointError, facts: CliFacts): EndpointError {
  const env = facts.apiKeyEnv;
  switch (e.kind) {
    case "auth": {
      const sent = e.keySent ?? facts.apiKeySent;
      const keyLine = sent === undefined ? "" : sent ? ` A key was sent (from $${env}).` : ` No key was sent: $${env} is not set.`;
      const setKey =
        env === "OPENAI_API_KEY"
          ? "Set OPENAI_API_KEY to the endpoint's key (export OPENAI_API_KEY=…), or put it in another variable and pass --api-key-env NAME."
          : `Set ${env} to the endpoint's key, or pass --api-key-env NAME for another variable (the default is OPENAI_API_KEY).`;
      return {
        ...e,
        explanation: `${e.status === 401 ? "The endpoint answered 401 Unauthorized: the API key is missing, wrong or expired." : "The endpoint answered 403 Forbidden: the key is valid but not allowed to do this."}${keyLine}`,
        advice: [
          sent ? `Check the key in $${env}: it is the one the endpoint rejected (a llama.cpp server takes the value given to its --api-key).` : setKey,
          ...(sent ? [setKey] : []),
          "Keys are never taken as a command-line flag, so they stay out of shell history.",
        ],
      };
    }
    case "not_found":
      return {
        ...e,
        advice: [
          "Check --model against the endpoint's list (GET <endpoint>/models, e.g. curl http://127.0.0.1:8089/v1/models).",
          "Check --endpoint: it usually ends with /v1 (http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:8080/v1 for llama.cpp).",
        ],
      };
    case "bad_request":
      if (e.jsonSchemaUnsupported)
        return {
          ...e,
          advice: [
            "Run again with --enforcement json_object (the schema is still described in the prompt and the answer is still validated).",
            "Or with --enforcement prompt_only (no response_format at all).",
          ],
        };
      if (e.title.includes("json_object")) return { ...e, advice: ["Run again with --enforcement prompt_only (no response_format at all)."] };
      return e;
    case "rate_limited":
      return { ...e, advice: ["Wait and run again, or raise --retries N so the run waits out the limit (a Retry-After over 60 s is not waited for)."] };
    case "timeout_first_byte":
      return {
        ...e,
        advice: ["Raise --first-byte-timeout MS for large or cold models (the first request loads the model).", "Check that the server is not overloaded."],
      };
    case "timeout_idle":
      return { ...e, advice: ["Raise --idle-timeout MS if the model pauses while thinking.", "Check the server's logs for a stuck generation."] };
    case "malformed_stream":
      return { ...e, advice: ["Run again with --no-stream to get the answer in one piece, or check the server's version."] };
    case "network_or_cors": {
      const code = networkCauseCode(e.explanation);
      const advice =
        code === "ECONNREFUSED"
          ? ["Nothing is listening at that address: start the server (llama-server --port N, ollama serve, vllm serve), or correct --endpoint."]
          : code === "ENOTFOUND" || code === "EAI_AGAIN"
            ? ["The host name did not resolve: check --endpoint (for a local server use 127.0.0.1)."]
            : [
                ...e.advice.slice(0, 1).map((a) => a.replace(/ is the right address\.$/, " (--endpoint) is the right address.")),
                "If a proxy or VPN is in between, check that it lets the connection through.",
              ];
      return { ...e, advice };
    }
    default:
      return e;
  }
}

/**
 * "Title. Explanation" plus the endpoint's words and the advice: the one-paragraph form the CLI
 * prints. With `{ surface: "cli", apiKeyEnv }` the advice names the CLI's flags (explainForCli).
 */
export function describeEndpointError(e: EndpointError, options?: { surface: "app" } | ({ surface: "cli" } & CliFacts)): string {
  const shown = options?.surface === "cli" ? explainForCli(e, options) : e;
  const lines = [`${shown.title}. ${shown.explanation}`];
  if (shown.endpointMessage && !shown.explanation.includes(shown.endpointMessage)) lines.push(`The endpoint said: ${shown.endpointMessage}`);
  for (const a of shown.advice) lines.push(`- ${a}`);
  return lines.join("\n");
}
