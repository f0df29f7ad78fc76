/**
 * Confidence of an answer from its token logprobs: each token's probability, and for a JSON
 * answer each field's confidence, the lowest probability of a token within its value (one
 * guessed digit in a price makes the price a guess, however sure the rest was). A token that
 * straddles a value's edge (`"5`, `,"`) counts for the value it overlaps.
 */
import { probability, type TokenLogprob } from "./logprobs.ts";
import { jsonValueSpans, type ValueSpan } from "./json-spans.ts";
import { tokenSpans, type TokenSpan } from "./token-spans.ts";

/** Below this a token is shaded as low confidence in the run view (a default the view can change). */
export const LOW_CONFIDENCE = 0.5;

export interface FieldConfidence extends ValueSpan {
  /** Lowest token probability within the value (0 … 1), or null when no token covers it. */
  confidence: number | null;
  /** The token with that probability. */
  weakest: { index: number; text: string } | null;
}

function minOver(
  spans: readonly TokenSpan[],
  tokens: readonly TokenLogprob[],
  start: number,
  end: number,
): (FieldConfidence["weakest"] & { lp: number }) | null {
  let best: { index: number; text: string; lp: number } | null = null;
  for (const s of spans) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    if (!best || s.logprob < best.lp) best = { index: s.index, text: tokens[s.index]!.t, lp: s.logprob };
  }
  return best;
}

/** Every value of a JSON answer with its confidence (containers included), or null when the text is not JSON. */
export function fieldConfidences(text: string, tokens: readonly TokenLogprob[]): FieldConfidence[] | null {
  const values = jsonValueSpans(text);
  if (!values) return null;
  const spans = tokenSpans(text, tokens);
  return values.map((v) => {
    const w = minOver(spans, tokens, v.start, v.end);
    return { ...v, confidence: w ? probability(w.lp) : null, weakest: w ? { index: w.index, text: w.text } : null };
  });
}

/** The leaf values (strings, numbers, booleans, nulls): the fields a person reads. */
export const leafFields = (fields: readonly FieldConfidence[]): FieldConfidence[] => fields.filter((f) => f.kind !== "object" && f.kind !== "array");

/** A probability as the view and reasons write it: 97%, 4.2%, 0.03%. */
export function formatProbability(p: number): string {
  const pct = p * 100;
  if (pct >= 10) return `${Math.round(pct)}%`;
  if (pct >= 1) return `${Number(pct.toFixed(1))}%`;
  return `${Number(pct.toPrecision(1))}%`;
}

export interface ShadedPiece {
  text: string;
  /** The token's probability, or null for text no token covers. */
  p: number | null;
  index: number | null;
}

/** The answer cut at token boundaries, each piece with its token's probability (for shading). */
export function shadedPieces(text: string, tokens: readonly TokenLogprob[]): ShadedPiece[] {
  const out: ShadedPiece[] = [];
  let at = 0;
  for (const s of tokenSpans(text, tokens)) {
    // A character split over several tokens is shown once, with the least sure of them.
    if (s.end <= at) {
      const last = out[out.length - 1];
      if (last?.p != null) last.p = Math.min(last.p, probability(s.logprob));
      continue;
    }
    const start = Math.max(at, s.start);
    if (start > at) out.push({ text: text.slice(at, start), p: null, index: null });
    out.push({ text: text.slice(start, s.end), p: probability(s.logprob), index: s.index });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), p: null, index: null });
  return out;
}
