/**
 * The shape of assembly's result, shared by the preview, the runner and the CLI.
 * `assemble(contract, inputs, options)` in assemble.ts returns an AssembleResult.
 */
import type { TokenEncoding } from "./tokens.ts";

export interface ChatMessage {
  /** Assembly writes system and user; "assistant" with tool_calls and "tool" appear only in a tool follow-up turn. */
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  /** The calls an assistant message made (a follow-up turn repeats them before the results). */
  tool_calls?: ChatToolCall[];
  /** On a "tool" message: the call it answers. */
  tool_call_id?: string;
}

/** A tool call as OpenAI sends it back: `arguments` is the JSON text the model wrote. */
export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One entry of the request's `tools` (OpenAI function tools). */
export interface ChatTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type ChatToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export type ResponseFormat =
  { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict: boolean } } | { type: "json_object" } | { type: "text" };

/** An OpenAI chat-completions request body. Keys appear in this order in the bytes sent. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  response_format?: ResponseFormat;
  temperature?: number;
  top_p?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

/** How the answer's shape is asked for: by the endpoint's structured output, or in words only. */
export type OutputEnforcement = "json_schema" | "json_object" | "prompt_only";

export interface AssembleOptions {
  /** Overrides contract.model.model (an endpoint profile's model). */
  model?: string;
  /** Default "json_schema" when the output kind is json_schema; the profile may lack support. */
  enforcement?: OutputEnforcement;
  /** Adds `stream: true` and `stream_options.include_usage`. */
  stream?: boolean;
  /** Secret marker embedded in the system message for leak tests; never exported. */
  canary?: string;
  /** Tokenizer used for the counts; default o200k_base. */
  encoding?: TokenEncoding;
  /** Skip token counting (the runner does not need it). */
  countTokens?: boolean;
}

/** A span of a message's content and the contract field that produced it. */
export interface SourceSpan {
  /** Index into request.messages. */
  message: number;
  /** Character offsets in that message's content, end exclusive. */
  start: number;
  end: number;
  /** JSON path of the field, as in errors: `policy.rules[2]`, `context.items[0]`, `task.instruction`. */
  field: string;
}

export interface AssemblyIssue {
  severity: "error" | "warning";
  /** JSON path of the field concerned. */
  path: string;
  message: string;
}

export interface TokenCounts {
  encoding: TokenEncoding;
  /** One per request.messages entry. */
  messages: number[];
  /** Per contract section: policy, task, output, and one `context.items[i]` per item. */
  sections: Record<string, number>;
  /** The whole request's prompt tokens (messages plus per-message overhead). */
  total: number;
}

export interface AssembleResult {
  /** False when an error-severity issue prevents a usable request. The request is still built best-effort for preview. */
  ok: boolean;
  request: ChatRequest;
  /** The exact bytes sent: JSON.stringify(request). */
  body: string;
  spans: SourceSpan[];
  tokens: TokenCounts | null;
  issues: AssemblyIssue[];
  /** The context boundary used, e.g. "7f3a9c" (derived from a hash of the packet). */
  boundary: string;
}
