/**
 * One chat-completions run against an OpenAI-compatible endpoint, streamed when the request asks
 * for it (`stream: true`), with timeouts, retries, timings, usage and cost.
 *
 * Why fetch + eventsource-parser and not the openai SDK: the SDK adds `x-stainless-*` headers
 * to every request (and needs `dangerouslyAllowBrowser`). Non-safelisted headers force a CORS
 * preflight, and local servers (Ollama, LM Studio) that do not list them in
 * Access-Control-Allow-Headers then fail the request even though the call itself would be
 * allowed. With plain fetch we send only Content-Type, the profile's extra headers and, when
 * there is a key, Authorization; so a keyless local server that allows the page's origin works,
 * and one that allows no origin fails with an explained network_or_cors error (or goes through
 * the proxy). The same code runs in Node (the CLI) with its global fetch.
 */
import type { ChatRequest } from "../assembly-types.ts";
import {
  abortedError,
  classifyHttpError,
  EndpointFailure,
  fetchFailureCause,
  malformedStreamError,
  networkError,
  timeoutError,
  type EndpointError,
} from "./errors.ts";
import { endpointTarget, type EndpointPrices, type EndpointProfile } from "./profile.ts";
import { abortableSleep, DEFAULT_RETRY_POLICY, retryDelay, type RetryEvent, type RetryPolicy } from "./retry.ts";
import { toolCallsFromMessage, type ToolCall } from "./tool-calls.ts";
import { emptyStreamState, readChatStream, usageFrom, type StreamState, type Usage } from "./stream.ts";
import { tokensFromChoiceLogprobs, type TokenLogprob } from "../confidence/logprobs.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type RunEvent =
  | { type: "request"; attempt: number; url: string }
  | { type: "response"; attempt: number; status: number }
  | { type: "first_token"; ttftMs: number }
  | RetryEvent;

export interface RunChatOptions {
  profile: EndpointProfile;
  /** Kept apart from the profile so the profile can be saved without it. */
  apiKey?: string;
  /** Sent as is (the bytes the preview shows); streamed when `request.stream` is true. */
  request: ChatRequest;
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** Each piece of the answer as it arrives. */
  onDelta?: (text: string) => void;
  /** The answer's tool calls so far, each time a fragment of one arrives (the same array, growing). */
  onToolCalls?: (calls: readonly ToolCall[]) => void;
  onEvent?: (event: RunEvent) => void;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Token counter for estimated usage when the endpoint reports none (default: about 4 characters a token). */
  countTokens?: (text: string) => number;
  retryPolicy?: Partial<RetryPolicy>;
  /** The proxy's path or URL when profile.useProxy (default /api/proxy, same origin). */
  proxyBase?: string;
  /** The page's origin, for CORS advice (default: globalThis.location.origin when there is one). */
  origin?: string;
}

export interface RunTimings {
  /** Epoch ms when the run started. */
  startedAt: number;
  /** From sending the answering attempt to its first content token. */
  ttftMs: number | null;
  /** From sending the answering attempt to the end of its answer. */
  latencyMs: number;
  /** From the first attempt to the end, retries and their waits included. */
  totalMs: number;
  /** Output tokens per second after the first token (generation speed). */
  outputTokensPerSec: number | null;
}

export interface RunCost {
  inputUsd: number;
  outputUsd: number;
  totalUsd: number;
}

export interface RunOutcome {
  status: "ok" | "failed" | "aborted";
  /** The answer, or as much of it as arrived. */
  output: string;
  refusal: string | null;
  finishReason: string | null;
  /** The model that answered, as the endpoint named it (else the one asked for). */
  model: string;
  error: EndpointError | null;
  httpStatus: number | null;
  attempts: number;
  timings: RunTimings;
  usage: Usage;
  usageSource: "endpoint" | "estimated";
  cost: RunCost | null;
  /** The answer's token logprobs when the request asked for them and the endpoint sent them; null otherwise. */
  logprobs: TokenLogprob[] | null;
  /** The tool calls the answer made (empty when none), arguments as the model wrote them. */
  toolCalls: ToolCall[];
}

/** About four characters a token: good enough for an "estimated" label; inject a tokenizer for better. */
export function roughTokenCount(text: string): number {
  return text ? Math.ceil(text.length / 4) : 0;
}

export function costOf(usage: Usage, prices: EndpointPrices | undefined): RunCost | null {
  if (!prices) return null;
  const inputUsd = (usage.promptTokens * prices.inputPerMTok) / 1e6;
  const outputUsd = (usage.completionTokens * prices.outputPerMTok) / 1e6;
  return { inputUsd, outputUsd, totalUsd: inputUsd + outputUsd };
}

export function pageOrigin(): string | undefined {
  const loc = (globalThis as { location?: { origin?: unknown } }).location;
  return typeof loc?.origin === "string" && loc.origin !== "null" ? loc.origin : undefined;
}

/** Reads a non-streamed completion into the same state a stream fills. */
async function readCompletion(
  res: Response,
  state: StreamState,
  onDelta: (t: string) => void,
  onToolCalls: (calls: readonly ToolCall[]) => void,
): Promise<void> {
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new EndpointFailure(malformedStreamError("the response was not JSON"));
  }
  const choice = Array.isArray(body.choices) ? (body.choices[0] as Record<string, unknown> | undefined) : undefined;
  const message = (choice?.message ?? {}) as { content?: unknown; refusal?: unknown; tool_calls?: unknown };
  if (typeof body.model === "string") state.model = body.model;
  state.usage = usageFrom(body.usage);
  state.finishReason = typeof choice?.finish_reason === "string" ? choice.finish_reason : null;
  if (typeof message.refusal === "string") state.refusal = message.refusal;
  state.logprobs = tokensFromChoiceLogprobs(choice?.logprobs);
  if (typeof message.content === "string" && message.content) {
    state.content = message.content;
    state.chunks = 1;
    onDelta(message.content);
  }
  state.toolCalls = toolCallsFromMessage(message.tool_calls);
  if (state.toolCalls.length) onToolCalls(state.toolCalls);
  state.done = true;
}

export async function runChat(options: RunChatOptions): Promise<RunOutcome> {
  const { profile, apiKey, request } = options;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: profile.retries, ...options.retryPolicy };
  const countTokens = options.countTokens ?? roughTokenCount;
  const emit = (e: RunEvent) => options.onEvent?.(e);
  const onDelta = options.onDelta ?? (() => {});
  const target = endpointTarget(profile, "/chat/completions", apiKey, options.proxyBase);
  const body = JSON.stringify(request);
  const streaming = request.stream === true;

  // One controller for the user's Stop and our own timeouts; `watchdog.fired` says which fired.
  const controller = new AbortController();
  const onUserAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener("abort", onUserAbort, { once: true });
  // Held in an object: TypeScript does not see the timer callback assign a plain `let`.
  const watchdog: { fired: { kind: "timeout_first_byte" | "timeout_idle"; ms: number } | null } = { fired: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (kind: "timeout_first_byte" | "timeout_idle", ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      watchdog.fired = { kind, ms };
      controller.abort();
    }, ms);
  };

  const startedAt = Date.now();
  const runStart = now();
  let attemptStart = runStart;
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;
  let state = emptyStreamState();
  let error: EndpointError | null = null;
  let httpStatus: number | null = null;
  let attempts = 0;

  const deltaHandler = (text: string) => {
    const t = now();
    if (firstTokenAt === null) {
      firstTokenAt = t;
      // A whole (non-streamed) answer has no first token: its arrival is the latency.
      if (streaming) emit({ type: "first_token", ttftMs: t - attemptStart });
    }
    lastTokenAt = t;
    onDelta(text);
  };
  // A tool call is part of the answer: its first fragment is the first token (and ends retrying).
  const toolCallHandler = (calls: readonly ToolCall[]) => {
    const t = now();
    if (firstTokenAt === null) {
      firstTokenAt = t;
      if (streaming) emit({ type: "first_token", ttftMs: t - attemptStart });
    }
    lastTokenAt = t;
    options.onToolCalls?.(calls);
  };

  try {
    for (;;) {
      attempts++;
      state = emptyStreamState();
      attemptStart = now();
      arm("timeout_first_byte", profile.timeouts.firstByteMs);
      emit({ type: "request", attempt: attempts, url: target.url });
      try {
        let res: Response;
        try {
          res = await fetchFn(target.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...target.headers },
            body,
            signal: controller.signal,
          });
        } catch (e) {
          if (controller.signal.aborted) throw e;
          throw new EndpointFailure(
            networkError({
              baseUrl: profile.baseUrl,
              origin: options.origin ?? pageOrigin(),
              viaProxy: profile.useProxy,
              cause: fetchFailureCause(e),
              sentHeaders: Object.keys(target.headers),
            }),
          );
        }
        httpStatus = res.status;
        emit({ type: "response", attempt: attempts, status: res.status });
        if (!res.ok) {
          const text = await res.text().catch(() => "");
          throw new EndpointFailure(
            classifyHttpError({
              status: res.status,
              body: text,
              retryAfter: res.headers.get("retry-after"),
              model: request.model,
              responseFormat: request.response_format?.type ?? "none",
              maxTokens: request.max_tokens,
              keySent: Boolean(apiKey),
            }),
          );
        }
        if (streaming && res.body) {
          await readChatStream(res.body, state, deltaHandler, () => arm("timeout_idle", profile.timeouts.idleMs), toolCallHandler);
        } else {
          await readCompletion(res, state, deltaHandler, toolCallHandler);
        }
        break;
      } catch (e) {
        if (controller.signal.aborted || !(e instanceof EndpointFailure)) throw e;
        // Retry only while nothing of the answer has arrived.
        const delay = firstTokenAt === null ? retryDelay(e.error, attempts, policy, options.random) : null;
        if (!delay) throw e;
        clearTimeout(timer);
        emit({ type: "retry", attempt: attempts, delayMs: delay.delayMs, fromRetryAfter: delay.fromRetryAfter, error: e.error });
        await sleep(delay.delayMs, controller.signal);
      }
    }
  } catch (e) {
    if (watchdog.fired) error = timeoutError(watchdog.fired.kind, watchdog.fired.ms);
    else if (controller.signal.aborted) error = abortedError();
    else if (e instanceof EndpointFailure) error = e.error;
    else error = networkError({ baseUrl: profile.baseUrl, origin: options.origin ?? pageOrigin(), viaProxy: profile.useProxy, cause: String(e) });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onUserAbort);
  }

  const end = now();
  const usageSource = state.usage ? "endpoint" : "estimated";
  const usage: Usage = state.usage ?? estimateUsage(request, state.content + state.toolCalls.map((c) => c.name + c.arguments).join(""), countTokens);
  const genSeconds = firstTokenAt !== null && lastTokenAt !== null ? (lastTokenAt - firstTokenAt) / 1000 : 0;
  return {
    status: error === null ? "ok" : error.kind === "aborted" ? "aborted" : "failed",
    output: state.content,
    refusal: state.refusal || null,
    finishReason: state.finishReason,
    model: state.model ?? request.model,
    error,
    httpStatus,
    attempts,
    timings: {
      startedAt,
      ttftMs: firstTokenAt === null || !streaming ? null : firstTokenAt - attemptStart,
      latencyMs: end - attemptStart,
      totalMs: end - runStart,
      outputTokensPerSec: genSeconds > 0 && usage.completionTokens > 1 ? usage.completionTokens / genSeconds : null,
    },
    usage,
    usageSource,
    cost: costOf(usage, profile.prices),
    logprobs: state.logprobs,
    toolCalls: state.toolCalls,
  };
}

function estimateUsage(request: ChatRequest, output: string, count: (t: string) => number): Usage {
  // About 4 tokens of framing per message, as OpenAI's chat format adds.
  const promptTokens = request.messages.reduce((n, m) => n + count(m.content) + 4, 0);
  const completionTokens = count(output);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
