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
 * The first call probes (all of the above, in order); its answer names the route that worked,
 * and later calls pass it as `route` so a keystroke costs one or two requests, not four. The
 * app's preview does this per profile (app/features/assembly/server-count.ts).
 */
import type { ChatRequest } from "../assembly-types.ts";
import { endpointTarget, type EndpointProfile } from "./profile.ts";
import type { FetchLike } from "./run.ts";

/** Which of the server's routes gave the count. */
export type TokenCountSource = "llama.cpp input_tokens" | "llama.cpp tokenize" | "vllm tokenize";

export type PromptTokenCount =
  | {
      ok: true;
      tokens: number;
      source: TokenCountSource;
      /** The server's context window, when it says (vLLM's max_model_len). */
      contextTokens?: number;
    }
  | { ok: false; reason: string };

export interface CountOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  proxyBase?: string;
  /** A route an earlier call found (its `source`): only that one is asked. */
  route?: TokenCountSource;
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
  const route = options.route;
  if (route === undefined || route === "llama.cpp input_tokens") {
    const counted = await post(profile, "/chat/completions/input_tokens", chat);
    const n = count(counted?.input_tokens);
    if (n !== undefined) return { ok: true, tokens: n, source: "llama.cpp input_tokens" };
  }

  const messages = request.messages;
  // llama.cpp answers this with {"tokens": []} (it reads only `content`): go on to its template.
  const tokenized =
    route === undefined || route === "vllm tokenize"
      ? await post(rootProfile, "/tokenize", { model: request.model, messages, add_generation_prompt: true })
      : null;
  const vllm = count(tokenized?.count);
  if (vllm !== undefined) {
    const max = count(tokenized?.max_model_len);
    return { ok: true, tokens: vllm, source: "vllm tokenize", ...(max !== undefined ? { contextTokens: max } : {}) };
  }
  if (route === "llama.cpp tokenize" || (tokenized && Array.isArray(tokenized.tokens))) {
    const templated = await post(rootProfile, "/apply-template", { messages });
    if (typeof templated?.prompt === "string") {
      const tokens = await post(rootProfile, "/tokenize", { content: templated.prompt, add_special: true, parse_special: true });
      if (tokens && Array.isArray(tokens.tokens)) return { ok: true, tokens: tokens.tokens.length, source: "llama.cpp tokenize" };
    }
  }
  return { ok: false, reason: "The endpoint offers no token count (no llama.cpp or vLLM tokenize endpoint): counts are estimates." };
}

/**
 * Whether a local tokenizer count is OpenAI's own for this model: OpenAI's models (gpt-*, o1 and
 * later, chatgpt-*) or any model at api.openai.com. For every other model o200k_base or
 * cl100k_base is only an estimate (Llama, Qwen, Mistral … tokenize differently, and their chat
 * templates add other framing).
 */
export function isOpenAiModel(model: string, baseUrl?: string): boolean {
  if (baseUrl !== undefined && /^https?:\/\/api\.openai\.com(?:[:/]|$)/i.test(baseUrl.trim())) return true;
  return /^(?:ft:)?(?:gpt-|chatgpt-|o[1-9](?:$|-)|text-davinci|davinci|babbage)/i.test(model.trim());
}
