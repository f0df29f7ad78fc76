/**
 * Reads an OpenAI chat-completions SSE stream. eventsource-parser does the SSE framing (events
 * split across arbitrary byte and line boundaries); this module turns events into deltas,
 * usage and the finish reason, and tells a clean end ([DONE]) from a cut or malformed stream.
 * State is kept in one object so the caller still has the partial answer when reading fails.
 */
import { createParser } from "eventsource-parser";
import { tokensFromChoiceLogprobs, type TokenLogprob } from "../confidence/logprobs.ts";
import { applyToolCallDeltas, type ToolCall } from "./tool-calls.ts";
import { classifyStreamError, EndpointFailure, malformedStreamError, streamCutError } from "./errors.ts";

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface StreamState {
  content: string;
  /** OpenAI structured outputs put a refusal here instead of in content. */
  refusal: string;
  finishReason: string | null;
  usage: Usage | null;
  /** The model the endpoint says answered (may differ from the one asked for). */
  model: string | null;
  /** `data: [DONE]` seen. */
  done: boolean;
  /** Content chunks received (a fallback token count for endpoints without usage). */
  chunks: number;
  /** The answer's token logprobs, when the request asked and the endpoint sent them (else null). */
  logprobs: TokenLogprob[] | null;
  /** Tool calls of the answer, accumulated from `delta.tool_calls` fragments (tool-calls.ts). */
  toolCalls: ToolCall[];
}

export function emptyStreamState(): StreamState {
  return { content: "", refusal: "", finishReason: null, usage: null, model: null, done: false, chunks: 0, logprobs: null, toolCalls: [] };
}

export function usageFrom(raw: unknown): Usage | null {
  if (!raw || typeof raw !== "object") return null;
  const u = raw as Record<string, unknown>;
  const p = typeof u.prompt_tokens === "number" ? u.prompt_tokens : null;
  const c = typeof u.completion_tokens === "number" ? u.completion_tokens : null;
  if (p === null && c === null) return null;
  const total = typeof u.total_tokens === "number" ? u.total_tokens : (p ?? 0) + (c ?? 0);
  return { promptTokens: p ?? 0, completionTokens: c ?? 0, totalTokens: total };
}

interface ChunkChoice {
  delta?: { content?: string | null; refusal?: string | null; tool_calls?: unknown };
  finish_reason?: string | null;
  /** `{content: [{token, logprob, top_logprobs}]}` for this chunk's tokens (confidence/logprobs.ts). */
  logprobs?: unknown;
}

/** Applies one parsed `data:` payload to the state. Throws EndpointFailure for errors sent in-stream. */
function applyChunk(
  state: StreamState,
  chunk: Record<string, unknown>,
  onDelta: (text: string) => void,
  onToolCalls?: (calls: readonly ToolCall[]) => void,
): void {
  // Its own status (error.code) decides the kind; runChat retries only while no content arrived.
  if (chunk.error) throw new EndpointFailure(classifyStreamError(chunk));
  if (typeof chunk.model === "string" && !state.model) state.model = chunk.model;
  const usage = usageFrom(chunk.usage);
  if (usage) state.usage = usage;
  const choice = Array.isArray(chunk.choices) ? (chunk.choices[0] as ChunkChoice | undefined) : undefined;
  if (!choice) return;
  const text = choice.delta?.content;
  if (typeof text === "string" && text.length > 0) {
    state.content += text;
    state.chunks++;
    onDelta(text);
  }
  if (typeof choice.delta?.refusal === "string") state.refusal += choice.delta.refusal;
  if (applyToolCallDeltas(state.toolCalls, choice.delta?.tool_calls)) onToolCalls?.(state.toolCalls);
  const tokens = tokensFromChoiceLogprobs(choice.logprobs);
  if (tokens) (state.logprobs ??= []).push(...tokens);
  if (choice.finish_reason) state.finishReason = choice.finish_reason;
}

export interface ChatStreamParser {
  /** Feed decoded text; any split is fine. */
  feed(text: string): void;
  /** The body ended: throws stream_cut unless the stream finished properly. */
  end(): void;
}

export function createChatStreamParser(
  state: StreamState,
  onDelta: (text: string) => void,
  onToolCalls?: (calls: readonly ToolCall[]) => void,
): ChatStreamParser {
  let failure: EndpointFailure | null = null;
  // The body's first characters while no event has come: an HTML page or a JSON object answered
  // with 200 (a base URL pointing at a web UI, a server ignoring `stream`) holds no event at all,
  // and saying "cut off" about it would send the user looking in the wrong place.
  let events = 0;
  let head = "";
  const parser = createParser({
    onEvent(event) {
      events++;
      if (failure || state.done) return;
      const data = event.data.trim();
      if (data === "[DONE]") {
        state.done = true;
        return;
      }
      if (!data) return;
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        failure = new EndpointFailure(malformedStreamError(`received ${JSON.stringify(data.length > 80 ? `${data.slice(0, 80)}…` : data)}`));
        return;
      }
      if (!chunk || typeof chunk !== "object") {
        failure = new EndpointFailure(malformedStreamError("a chunk was not a JSON object"));
        return;
      }
      try {
        applyChunk(state, chunk as Record<string, unknown>, onDelta, onToolCalls);
      } catch (e) {
        failure = e instanceof EndpointFailure ? e : new EndpointFailure(malformedStreamError(String(e)));
      }
    },
  });
  return {
    feed(text) {
      if (events === 0 && head.length < 80) head += text.slice(0, 80 - head.length);
      parser.feed(text);
      if (failure) throw failure;
    },
    end() {
      // A trailing event without its blank line still counts (some servers omit it).
      parser.reset({ consume: true });
      if (failure) throw failure;
      const start = head.trimStart();
      if (events === 0 && start && !start.startsWith(":") && !state.done)
        throw new EndpointFailure(
          malformedStreamError(
            `the body was not an event stream: it starts ${JSON.stringify(start.slice(0, 40))}${/^</.test(start) ? ", a web page: check that the base URL is the API's (it usually ends in /v1)" : ""}`,
          ),
        );
      // Some servers end with a finish_reason but no [DONE]: the answer is complete, accept it.
      if (!state.done && !state.finishReason) throw new EndpointFailure(streamCutError());
    },
  };
}

/**
 * Reads the body to its end. `onBytes` fires for every network read (the caller's idle timer).
 * A read that fails (socket destroyed) becomes stream_cut unless the caller's signal explains it.
 */
export async function readChatStream(
  body: ReadableStream<Uint8Array>,
  state: StreamState,
  onDelta: (text: string) => void,
  onBytes: () => void,
  onToolCalls?: (calls: readonly ToolCall[]) => void,
): Promise<void> {
  const parser = createChatStreamParser(state, onDelta, onToolCalls);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      // Inferred from the reader: Node types have no global ReadableStreamReadResult.
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch {
        throw new EndpointFailure(streamCutError());
      }
      if (result.done) break;
      onBytes();
      parser.feed(decoder.decode(result.value, { stream: true }));
      if (state.done) break;
    }
    parser.feed(decoder.decode());
    parser.end();
  } finally {
    // Releases the connection when we stop early (after [DONE], or on malformed data).
    reader.cancel().catch(() => {});
  }
}
