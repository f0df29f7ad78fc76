/**
 * One logged exchange, read from the shapes gateways and SDK logs write (one JSON object a line):
 *
 *   {request, response}                 generic request/response loggers, LangSmith-style dumps
 *   {body, response}                    OpenAI batch files (`response.body` unwrapped too)
 *   {request: {body}, response: {body}} proxies that log the HTTP exchange (LiteLLM, Helicone)
 *   {messages, ..., response}           the request itself at the top, with its answer beside it
 *   {input, output} / {req, res}        other loggers' names for the same two halves
 *
 * The request is an OpenAI chat-completions body (its `messages`; content as a string or as
 * text parts). The response is a chat completion (`choices[0].message`), a list of streamed
 * chunks (their deltas joined), or the answer text itself. Optional beside them: latency
 * (latency_ms, duration_ms, … in ms; latency_s, response_time in seconds), cost in USD (cost,
 * cost_usd, response_cost, total_cost), a timestamp, and usage (from the response or the line).
 *
 * A line that is not one of these is an error naming what is missing, never a guess.
 */

export interface TrafficMessage {
  role: string;
  content: string;
}

export interface TrafficRecord {
  /** The log line it came from (1-based). */
  line: number;
  model: string | null;
  messages: TrafficMessage[];
  answer: string;
  /** The endpoint's own refusal field (choices[0].message.refusal), if any. */
  refusal: string | null;
  finishReason: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** As logged (ISO text or epoch seconds/ms turned into ISO). */
  timestamp: string | null;
}

export type ReadRecord = { ok: true; record: TrafficRecord } | { ok: false; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const REQUEST_KEYS = ["request", "body", "req", "input", "payload"] as const;
const RESPONSE_KEYS = ["response", "output", "res", "completion", "result"] as const;
const LATENCY_MS_KEYS = ["latency_ms", "latencyMs", "duration_ms", "durationMs", "elapsed_ms", "response_ms", "total_ms"] as const;
const LATENCY_S_KEYS = ["latency_s", "latency", "response_time", "duration_s", "duration"] as const;
const COST_KEYS = ["cost_usd", "costUsd", "cost", "response_cost", "total_cost"] as const;
const TIME_KEYS = ["timestamp", "created_at", "createdAt", "time", "start_time", "startTime", "ts"] as const;

/** A request or response body, unwrapped from an HTTP-exchange log (`{body}`, `{json}`) and from JSON text. */
function unwrap(v: unknown): unknown {
  for (let i = 0; i < 3; i++) {
    if (typeof v === "string" && /^\s*[[{]/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        return v;
      }
      continue;
    }
    if (isObj(v) && !("messages" in v) && !("choices" in v)) {
      const inner = v.body ?? v.json ?? v.data;
      if (inner !== undefined) {
        v = inner;
        continue;
      }
    }
    return v;
  }
  return v;
}

/** A message's text: a string, or the text parts of a content list. */
function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (Array.isArray(content)) return content.map((p) => (typeof p === "string" ? p : isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
  return null;
}

function readMessages(request: Obj): TrafficMessage[] | string {
  if (!Array.isArray(request.messages)) return "the request has no `messages` list";
  const out: TrafficMessage[] = [];
  for (const [i, m] of request.messages.entries()) {
    if (!isObj(m) || typeof m.role !== "string") return `messages[${i}] has no role`;
    const text = contentText(m.content);
    if (text === null) return `messages[${i}].content is neither text nor a list of text parts`;
    out.push({ role: m.role, content: text });
  }
  return out;
}

interface Answer {
  text: string;
  refusal: string | null;
  finishReason: string | null;
  usage: Obj | null;
  model: string | null;
  created: number | null;
}

/** A completion, a list of streamed chunks, or the answer text. */
function readResponse(v: unknown): Answer | string {
  if (typeof v === "string") return { text: v, refusal: null, finishReason: null, usage: null, model: null, created: null };
  if (Array.isArray(v)) {
    let text = "";
    let finishReason: string | null = null;
    let usage: Obj | null = null;
    let model: string | null = null;
    for (const chunk of v) {
      if (!isObj(chunk)) continue;
      const c = Array.isArray(chunk.choices) && isObj(chunk.choices[0]) ? chunk.choices[0] : null;
      const delta = c && isObj(c.delta) ? contentText(c.delta.content) : null;
      if (delta) text += delta;
      if (c && typeof c.finish_reason === "string") finishReason = c.finish_reason;
      if (isObj(chunk.usage)) usage = chunk.usage;
      if (typeof chunk.model === "string") model = chunk.model;
    }
    return { text, refusal: null, finishReason, usage, model, created: null };
  }
  if (!isObj(v)) return "the response is neither a chat completion nor text";
  if (isObj(v.error) && !v.choices) return `the logged call failed (${typeof v.error.message === "string" ? v.error.message : "an error response"})`;
  const choice = Array.isArray(v.choices) && isObj(v.choices[0]) ? v.choices[0] : null;
  if (!choice) return "the response has no choices[0]";
  const message = isObj(choice.message) ? choice.message : null;
  const text = message ? contentText(message.content) : typeof choice.text === "string" ? choice.text : null;
  if (text === null) return "choices[0].message.content is neither text nor a list of text parts";
  return {
    text,
    refusal: message && typeof message.refusal === "string" && message.refusal ? message.refusal : null,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    usage: isObj(v.usage) ? v.usage : null,
    model: typeof v.model === "string" ? v.model : null,
    created: typeof v.created === "number" ? v.created : null,
  };
}

function firstNumber(o: Obj, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

/** Epoch seconds or ms, or ISO text, as ISO text. */
function isoTime(v: unknown): string | null {
  if (typeof v === "string" && v.trim()) return v;
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v < 1e11 ? v * 1000 : v).toISOString();
  return null;
}

const tokens = (usage: Obj | null, key: string): number | null => (usage && typeof usage[key] === "number" ? (usage[key] as number) : null);

/** Reads one parsed log line (see the header for the shapes). */
export function readRecord(value: unknown, line: number): ReadRecord {
  if (!isObj(value)) return { ok: false, message: "is not a JSON object" };
  let request: unknown = undefined;
  let response: unknown = undefined;
  if (Array.isArray(value.messages)) request = value;
  else
    for (const k of REQUEST_KEYS)
      if (value[k] !== undefined) {
        request = unwrap(value[k]);
        if (isObj(request) && Array.isArray(request.messages)) break;
      }
  for (const k of RESPONSE_KEYS)
    if (value[k] !== undefined) {
      response = unwrap(value[k]);
      break;
    }
  if (!isObj(request))
    return { ok: false, message: "has no chat request (expected `request`, `body` or `input` holding `messages`, or `messages` at the top)" };
  const messages = readMessages(request);
  if (typeof messages === "string") return { ok: false, message: messages };
  if (response === undefined) return { ok: false, message: "has no response (expected `response`, `output` or `completion`)" };
  const answer = readResponse(response);
  if (typeof answer === "string") return { ok: false, message: answer };
  // Latency and cost may sit on the line or on the logged response's wrapper.
  const wrappers = [value, ...(isObj(value.response) ? [value.response] : []), ...(isObj(value.metadata) ? [value.metadata] : [])];
  let latencyMs: number | null = null;
  let costUsd: number | null = null;
  let timestamp: string | null = null;
  for (const w of wrappers) {
    latencyMs ??= firstNumber(w, LATENCY_MS_KEYS) ?? ((s) => (s === null ? null : s * 1000))(firstNumber(w, LATENCY_S_KEYS));
    costUsd ??= firstNumber(w, COST_KEYS);
    for (const k of TIME_KEYS) timestamp ??= isoTime(w[k]);
  }
  timestamp ??= answer.created === null ? null : isoTime(answer.created);
  const usage = answer.usage ?? (isObj(value.usage) ? value.usage : null);
  return {
    ok: true,
    record: {
      line,
      model: answer.model ?? (typeof request.model === "string" ? request.model : null),
      messages,
      answer: answer.text,
      refusal: answer.refusal,
      finishReason: answer.finishReason,
      latencyMs,
      costUsd,
      promptTokens: tokens(usage, "prompt_tokens") ?? tokens(usage, "input_tokens"),
      completionTokens: tokens(usage, "completion_tokens") ?? tokens(usage, "output_tokens"),
      timestamp,
    },
  };
}
