/**
 * The server's own count of a chat request's prompt tokens, where it offers one, so a preview can
 * show the exact figure instead of an estimate (local models do not use OpenAI's tokenizers).
 *
 * Tried in order, each a cheap call that generates nothing:
 *   1. llama.cpp (recent): POST {base}/chat/completions/input_tokens with the chat body
 *      -> {"input_tokens": N}; the chat template applied, exactly what the run would send.
 *   2. POST {root}/tokenize {model, messages, add_generation_prompt}:
 *      vLLM answers {"count": N, "max_model_len": M, "tokens": [...]};
 *      llama.cpp answers {"tokens": []} (it only reads `content`), so then
 *      POST {root}/apply-template {messages} -> {"prompt"} and
 *      POST {root}/tokenize {content: prompt, add_special: true, parse_special: true} -> {"tokens"}.
 * {root} is the base URL without its /v1: both servers serve /tokenize there.
 * Not wired into the app or the CLI yet; see countPromptTokens' callers (none).
 */
import type { ChatRequest } from "../assembly-types.ts";
import { endpointTarget, type EndpointProfile } from "./profile.ts";
import type { FetchLike } from "./run.ts";

export type PromptTokenCount =
  | {
      ok: true;
      tokens: number;
      source: "llama.cpp input_tokens" | "llama.cpp tokenize" | "vllm tokenize";
      /** The server's context window, when it says (vLLM's max_model_len). */
      contextTokens?: number;
    }
  | { ok: false; reason: string };

export interface CountOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  proxyBase?: string;
}

/** The base URL without a trailing /v1 (where llama.cpp and vLLM serve /tokenize). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

type Json = Record<string, unknown>;

export async function countPromptTokens(
  profile: EndpointProfile,
  request: ChatRequest,
  apiKey?: string,
  options: CountOptions = {},
): Promise<PromptTokenCount> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const rootProfile: EndpointProfile = { ...profile, baseUrl: serverRoot(profile.baseUrl) };
  const post = async (p: EndpointProfile, path: string, body: unknown): Promise<Json | null> => {
    const target = endpointTarget(p, path, apiKey, options.proxyBase);
    try {
      const res = await fetchFn(target.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...target.headers },
        body: JSON.stringify(body),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!res.ok) return null;
      const parsed: unknown = await res.json();
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : null;
    } catch (e) {
      if (options.signal?.aborted) throw e;
      return null;
    }
  };
  const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined);

  // Without stream: the counting route reads the same body, and nothing should stream back.
  const chat: ChatRequest = { ...request };
  delete chat.stream;
  delete chat.stream_options;
  const counted = await post(profile, "/chat/completions/input_tokens", chat);
  const n = count(counted?.input_tokens);
  if (n !== undefined) return { ok: true, tokens: n, source: "llama.cpp input_tokens" };

  const messages = request.messages;
  const tokenized = await post(rootProfile, "/tokenize", { model: request.model, messages, add_generation_prompt: true });
  const vllm = count(tokenized?.count);
  if (vllm !== undefined) {
    const max = count(tokenized?.max_model_len);
    return { ok: true, tokens: vllm, source: "vllm tokenize", ...(max !== undefined ? { contextTokens: max } : {}) };
  }
  if (tokenized && Array.isArray(tokenized.tokens)) {
    const templated = await post(rootProfile, "/apply-template", { messages });
    if (typeof templated?.prompt === "string") {
      const tokens = await post(rootProfile, "/tokenize", { content: templated.prompt, add_special: true, parse_special: true });
      if (tokens && Array.isArray(tokens.tokens)) return { ok: true, tokens: tokens.tokens.length, source: "llama.cpp tokenize" };
    }
  }
  return { ok: false, reason: "The endpoint offers no token count (no llama.cpp or vLLM tokenize endpoint): counts are estimates." };
}
