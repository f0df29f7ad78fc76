/**
 * Logprobs for the test server's answers (test-logprobs, combinable: test-logprobs+invalid),
 * in the shape OpenAI and llama.cpp's OpenAI endpoint send: `choices[0].logprobs.content[]`
 * items `{token, logprob, bytes, top_logprobs[]}`, one list per streamed chunk or one for the
 * whole answer. Sent only when the request asks (`logprobs: true`), as real servers do; any
 * other mode ignores the request's logprobs, like an endpoint that does not support them.
 *
 * Deterministic, so tests can name what is shaded: a token holding a digit is a guess (4%),
 * every fifth token after the third is unsure (62%), the rest are sure (97%).
 */

export function wantsLogprobs(model: string): boolean {
  return model.split("+").some((f) => f.trim().replace(/^test-/, "") === "logprobs");
}

export const GUESS_P = 0.04;
export const UNSURE_P = 0.62;
export const SURE_P = 0.97;

export function tokenProbability(token: string, index: number): number {
  if (/\d/.test(token)) return GUESS_P;
  return index % 5 === 3 ? UNSURE_P : SURE_P;
}

const ALTERNATIVES = [" maybe", " perhaps", " the", "1", " a"];

function entry(token: string, index: number, top: number) {
  const p = tokenProbability(token, index);
  const rest = (1 - p) / Math.max(1, top);
  return {
    token,
    logprob: Math.log(p),
    bytes: [...new TextEncoder().encode(token)],
    top_logprobs: [
      { token, logprob: Math.log(p), bytes: [...new TextEncoder().encode(token)] },
      ...ALTERNATIVES.filter((a) => a !== token)
        .slice(0, Math.max(0, top - 1))
        .map((a) => ({ token: a, logprob: Math.log(rest), bytes: [...new TextEncoder().encode(a)] })),
    ].slice(0, top),
  };
}

/** The `logprobs` field of a choice for tokens [from, from + tokens.length) of the answer, or {} when none are to be sent. */
export function logprobsField(model: string, body: Record<string, unknown>, tokens: readonly string[], from = 0): { logprobs?: { content: unknown[] } } {
  if (!wantsLogprobs(model) || body.logprobs !== true) return {};
  const top = typeof body.top_logprobs === "number" ? Math.min(20, Math.max(0, Math.floor(body.top_logprobs))) : 0;
  return { logprobs: { content: tokens.map((t, i) => entry(t, from + i, top)) } };
}
