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

export type EndpointError =
  | (ErrorBase & { kind: "auth" | "not_found" | "server" | "http"; status: number })
  | (ErrorBase & { kind: "bad_request"; status: number; jsonSchemaUnsupported: boolean })
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
}

/** The endpoint's own message from an OpenAI-style `{error:{message}}`, a `{detail}` (vLLM), or plain text. */
export function endpointMessageOf(body: string): { message?: string; param?: string; code?: string } {
  const text = body.trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const err = parsed.error;
    if (typeof err === "string") return { message: err };
    if (err && typeof err === "object") {
      const e = err as Record<string, unknown>;
      return {
        message: typeof e.message === "string" ? e.message : undefined,
        param: typeof e.param === "string" ? e.param : undefined,
        code: typeof e.code === "string" ? e.code : undefined,
      };
    }
    if (typeof parsed.detail === "string") return { message: parsed.detail };
    if (typeof parsed.message === "string") return { message: parsed.message };
  } catch {
    // not JSON: fall through to the text itself
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

function looksLikeJsonSchemaUnsupported(message: string, param?: string, code?: string): boolean {
  const aboutFormat = param === "response_format" || /json_schema|response_format|structured output|guided/i.test(message) || /response_format/i.test(code ?? "");
  return aboutFormat && /support|invalid|unknown|not allowed|unrecognized|unexpected|extra/i.test(`${message} ${code ?? ""}`);
}

export function classifyHttpError(info: HttpErrorInfo): EndpointError {
  const { status } = info;
  const { message, param, code } = endpointMessageOf(info.body);
  const said = message ? { endpointMessage: message } : {};
  if (status === 401 || status === 403)
    return {
      kind: "auth", status, ...said, retryable: false,
      title: status === 401 ? "The endpoint rejected the API key" : "The endpoint refused access",
      explanation:
        status === 401
          ? "The endpoint answered 401 Unauthorized: the API key is missing, wrong or expired."
          : "The endpoint answered 403 Forbidden: the key is valid but not allowed to do this, or (for a local server such as Ollama) the browser's origin is not allowed.",
      advice: [
        "Check the API key in the endpoint profile (local servers usually need none; hosted ones do).",
        status === 403 ? "Check that the key may use this model or project; for Ollama, set OLLAMA_ORIGINS to this app's address, or switch the profile to the built-in proxy." : "Create a new key with the provider if this one was revoked.",
      ],
    };
  if (status === 404)
    return {
      kind: "not_found", status, ...said, retryable: false,
      title: "Model or path not found",
      explanation: `The endpoint answered 404 Not Found${info.model ? ` for model '${info.model}'` : ""}: either that model does not exist there, or the base URL is wrong.`,
      advice: [
        "Use \"Test connection\" to list the models the endpoint offers and pick one.",
        "Check the base URL: it usually ends with /v1 (e.g. http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:1234/v1 for LM Studio).",
      ],
    };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(info.retryAfter);
    return {
      kind: "rate_limited", status, ...said, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      title: "Rate limited",
      explanation: `The endpoint answered 429 Too Many Requests${retryAfterMs !== undefined ? ` and asked to wait ${Math.round(retryAfterMs / 100) / 10} s` : ""}.`,
      advice: ["Wait and run again, lower the suite's concurrency, or raise the rate limit with the provider."],
    };
  }
  if (status === 400 || status === 422) {
    const jsonSchemaUnsupported = looksLikeJsonSchemaUnsupported(message ?? "", param, code);
    return {
      kind: "bad_request", status, ...said, retryable: false, jsonSchemaUnsupported,
      title: jsonSchemaUnsupported ? "The endpoint does not support json_schema output" : "The endpoint rejected the request",
      explanation: `The endpoint answered ${status}${message ? `: "${message}"` : " without saying why"}.`,
      advice: jsonSchemaUnsupported
        ? [
            "Retry with response_format json_object (the schema is still described in the prompt and the answer is still validated).",
            "Or retry prompt-only (no response_format), and untick \"structured output\" in the profile's capabilities.",
          ]
        : ["Check the parameters the endpoint named (model, max_tokens, temperature, stop) against what it supports."],
    };
  }
  if (status >= 500 || status === 408 || status === 409)
    return {
      kind: status >= 500 ? "server" : "http", status, ...said, retryable: true,
      title: status >= 500 ? "The endpoint had an error" : `The endpoint answered ${status}`,
      explanation:
        status >= 500
          ? `The endpoint answered ${status}: a problem on its side, often temporary (an overloaded or restarting server, or the proxy could not reach it).`
          : `The endpoint answered ${status} (${status === 408 ? "request timeout" : "conflict"}), which usually passes on a retry.`,
      advice: ["Run again in a moment; if it persists, check the server's own logs."],
    };
  return {
    kind: "http", status, ...said, retryable: false,
    title: `The endpoint answered ${status}`,
    explanation: `The endpoint answered HTTP ${status}${message ? `: "${message}"` : ""}.`,
    advice: ["Check the base URL and the request parameters."],
  };
}

export interface NetworkContext {
  baseUrl: string;
  /** The page's origin in a browser (e.g. http://127.0.0.1:5173); absent in Node. */
  origin?: string;
  viaProxy?: boolean;
  cause?: string;
}

/**
 * A fetch that failed before any HTTP status: the server is down, the address is wrong, or (in a
 * browser, where these look identical) the server refused the page's origin by CORS.
 */
export function networkError(ctx: NetworkContext): EndpointError {
  const inBrowser = ctx.origin !== undefined;
  const origin = ctx.origin ?? "http://127.0.0.1:5173";
  const advice = [`Check that the server is running and that ${ctx.baseUrl} is the right address.`];
  if (inBrowser && !ctx.viaProxy) {
    if (origin.startsWith("https:") && ctx.baseUrl.startsWith("http:"))
      advice.push("This page is served over https and the endpoint over http: browsers block that; use the proxy or serve the endpoint over https.");
    advice.push(
      `Ollama: start it with OLLAMA_ORIGINS=${origin} (Ollama allows only its own origins otherwise).`,
      `vLLM: start it with --allowed-origins '["${origin}"]' (and --allowed-headers if you send extra headers).`,
      "LM Studio: enable CORS in the server settings (Developer → Server Settings → Enable CORS).",
      "llama.cpp server: it allows all origins by default; check that it is running and listening on this host and port (--host, --port).",
      "Or switch this profile to the built-in proxy (\"Send through the app's proxy\"), which calls the endpoint from the app's own server.",
    );
  }
  return {
    kind: "network_or_cors",
    retryable: true,
    title: inBrowser && !ctx.viaProxy ? "Could not reach the endpoint (network or CORS)" : "Could not reach the endpoint",
    explanation:
      inBrowser && !ctx.viaProxy
        ? "The request failed before any answer arrived. Either the server is unreachable, or it does not allow requests from this page's origin (CORS); browsers do not say which."
        : `The request failed before any answer arrived${ctx.cause ? ` (${ctx.cause})` : ""}.`,
    advice,
  };
}

export function timeoutError(kind: "timeout_first_byte" | "timeout_idle", timeoutMs: number): EndpointError {
  const s = `${Math.round(timeoutMs / 100) / 10} s`;
  return kind === "timeout_first_byte"
    ? {
        kind, timeoutMs, retryable: false,
        title: "No answer in time",
        explanation: `The endpoint sent nothing within ${s} of the request (the first-byte timeout).`,
        advice: ["Raise the first-byte timeout in the profile for large or cold models (the first request loads the model).", "Check that the server is not overloaded."],
      }
    : {
        kind, timeoutMs, retryable: false,
        title: "The stream stalled",
        explanation: `The answer started but then nothing arrived for ${s} (the idle timeout). The partial answer is kept.`,
        advice: ["Raise the idle timeout in the profile if the model pauses while thinking.", "Check the server's logs for a stuck generation."],
      };
}

export function streamCutError(): EndpointError {
  return {
    kind: "stream_cut", retryable: false,
    title: "The stream was cut off",
    explanation: "The connection closed before the endpoint said the answer was complete. The partial answer is kept and the run is marked failed.",
    advice: ["Run again; if it repeats, check the server or any proxy in between for response time or size limits."],
  };
}

export function malformedStreamError(detail: string): EndpointError {
  return {
    kind: "malformed_stream", retryable: false,
    title: "The endpoint sent malformed stream data",
    explanation: `A streamed chunk was not valid JSON (${detail}). The partial answer is kept.`,
    advice: ["Untick streaming in the profile's capabilities to get the answer in one piece, or check the server's version."],
  };
}

export function abortedError(): EndpointError {
  return {
    kind: "aborted", retryable: false,
    title: "Stopped",
    explanation: "The run was stopped before the answer was complete. The partial answer is kept.",
    advice: [],
  };
}

/** "Title: explanation" plus the endpoint's words: the one-paragraph form the CLI prints. */
export function describeEndpointError(e: EndpointError): string {
  const lines = [`${e.title}. ${e.explanation}`];
  if (e.endpointMessage && !e.explanation.includes(e.endpointMessage)) lines.push(`The endpoint said: ${e.endpointMessage}`);
  for (const a of e.advice) lines.push(`- ${a}`);
  return lines.join("\n");
}
