/**
 * Token counting with gpt-tokenizer. Each encoding's rank table is 1-2 MB of JS, so it is
 * loaded on demand through its own entry point (a separate chunk in a browser bundle) and
 * counting is synchronous once loaded: call `loadEncoding` once (the assembly worker, the
 * CLI and tests do), then `countTokens` as often as needed.
 */
export type TokenEncoding = "o200k_base" | "cl100k_base";

export const TOKEN_ENCODINGS: readonly TokenEncoding[] = ["o200k_base", "cl100k_base"];
export const DEFAULT_ENCODING: TokenEncoding = "o200k_base";

/**
 * Chat framing, per OpenAI's cookbook for the gpt-3.5/4/4o family: every message costs
 * `<|start|>{role}<|message|>...<|end|>` (3 tokens plus the role), and the reply is primed
 * with 3 more. Other servers frame differently; the counts are an estimate for them.
 */
export const CHAT_TOKENS_PER_MESSAGE = 3;
export const CHAT_REPLY_PRIMING = 3;

type EncodeFn = (text: string, options: { disallowedSpecial: Set<string> }) => number[];

const loaded = new Map<TokenEncoding, EncodeFn>();
const loading = new Map<TokenEncoding, Promise<void>>();

// Text is data: "<|endoftext|>" inside a document is counted as plain text, never rejected.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Loads an encoding's tables (once). Resolves when `countTokens` can use it. */
export function loadEncoding(encoding: TokenEncoding): Promise<void> {
  if (loaded.has(encoding)) return Promise.resolve();
  let pending = loading.get(encoding);
  if (!pending) {
    // One literal import per encoding so bundlers split each into its own chunk.
    const mod = encoding === "o200k_base" ? import("gpt-tokenizer/encoding/o200k_base") : import("gpt-tokenizer/encoding/cl100k_base");
    pending = mod.then((m) => {
      loaded.set(encoding, m.encode as EncodeFn);
    });
    loading.set(encoding, pending);
  }
  return pending;
}

export function isEncodingLoaded(encoding: TokenEncoding): boolean {
  return loaded.has(encoding);
}

// Pieces of a contract (items, rules) repeat between edits; remembering their counts makes
// re-assembly after a keystroke cost only the text that changed. Bounded, oldest out first.
const CACHE_LIMIT = 4096;
const CACHE_MIN_LENGTH = 64;
const cache = new Map<string, number>();

/** Tokens in `text` (no chat framing). Throws if the encoding was not loaded first. */
export function countTokens(text: string, encoding: TokenEncoding = DEFAULT_ENCODING): number {
  if (text === "") return 0;
  const encode = loaded.get(encoding);
  if (!encode) throw new Error(`token encoding ${encoding} is not loaded: await loadEncoding("${encoding}") first`);
  if (text.length < CACHE_MIN_LENGTH) return encode(text, PLAIN_TEXT).length;
  const key = `${encoding}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const n = encode(text, PLAIN_TEXT).length;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, n);
  return n;
}

/** The framing tokens one chat message adds around its content. */
export function chatMessageOverhead(role: string, encoding: TokenEncoding = DEFAULT_ENCODING): number {
  return CHAT_TOKENS_PER_MESSAGE + countTokens(role, encoding);
}

/** Prompt tokens of a whole chat: contents, per-message framing and the reply priming. */
export function countChatTokens(messages: readonly { role: string; content: string }[], encoding: TokenEncoding = DEFAULT_ENCODING): number {
  let total = CHAT_REPLY_PRIMING;
  for (const m of messages) total += chatMessageOverhead(m.role, encoding) + countTokens(m.content, encoding);
  return total;
}
