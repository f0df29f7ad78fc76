/**
 * Token log-probabilities as an endpoint returns them, kept compactly. OpenAI, vLLM and
 * llama.cpp's OpenAI endpoint all send `choices[0].logprobs.content[]` items
 * `{token, logprob, bytes?, top_logprobs[]}` (in a stream, one such list per chunk). A run keeps
 * `{t, lp}` per token, the byte count `b` only when the token's text is not its own bytes (llama.cpp
 * sends a lone "�" for each piece of a character split over tokens), and the alternatives `top`
 * as [token, logprob] pairs.
 */
import { z } from "zod";

export const TokenLogprobSchema = z.object({
  /** The token's text. */
  t: z.string(),
  /** Its natural-log probability (≤ 0). */
  lp: z.number(),
  /** UTF-8 bytes of the token, when they differ from t's (a token ending inside a character). */
  b: z.int().min(0).optional(),
  /** The most likely alternatives, [token, logprob], when top_logprobs was asked for. */
  top: z.array(z.tuple([z.string(), z.number()])).optional(),
});
export type TokenLogprob = z.infer<typeof TokenLogprobSchema>;

const encoder = new TextEncoder();

/** UTF-8 length of a string. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One `logprobs.content[]` item, or null when it is not one. */
function tokenOf(raw: unknown): TokenLogprob | null {
  if (!isObject(raw) || typeof raw.token !== "string" || typeof raw.logprob !== "number" || !Number.isFinite(raw.logprob)) return null;
  const out: TokenLogprob = { t: raw.token, lp: Math.min(0, raw.logprob) };
  if (Array.isArray(raw.bytes) && raw.bytes.every((x) => typeof x === "number") && raw.bytes.length !== utf8Length(raw.token)) out.b = raw.bytes.length;
  if (Array.isArray(raw.top_logprobs)) {
    const top = raw.top_logprobs.flatMap((a): [string, number][] =>
      isObject(a) && typeof a.token === "string" && typeof a.logprob === "number" && Number.isFinite(a.logprob) ? [[a.token, Math.min(0, a.logprob)]] : [],
    );
    if (top.length) out.top = top;
  }
  return out;
}

/**
 * The tokens of a choice's `logprobs` field (`{content: [...]}`), or null when it holds none
 * (absent, null, or an unknown shape). Refusal tokens (`logprobs.refusal`) are not the answer's.
 */
export function tokensFromChoiceLogprobs(raw: unknown): TokenLogprob[] | null {
  if (!isObject(raw) || !Array.isArray(raw.content)) return null;
  const tokens = raw.content.map(tokenOf).filter((t): t is TokenLogprob => t !== null);
  return tokens.length || raw.content.length === 0 ? tokens : null;
}

/** A logprob as a probability in [0, 1]. */
export const probability = (lp: number): number => Math.exp(lp);
