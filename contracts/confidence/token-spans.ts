/**
 * Where each token lies in the answer text, in UTF-16 offsets (what a string index and the DOM
 * use). Tokens are laid end to end: a token whose text is at the cursor takes that text; one
 * that is not (a byte piece of a character split over tokens, which llama.cpp sends as "�" with
 * its `bytes`) takes its bytes, and a character split that way belongs to every token holding
 * one of its bytes. A "�" in the text (an invalid byte the endpoint replaced) matches a "�"
 * token as text, so a run of them does not shift the tokens after it. When the
 * tokens do not add up to the text (an endpoint that reports only part of them), spans stop
 * at the text's end and the caller still gets the ones that fit; when the endpoint trimmed the
 * text the tokens spell (llama.cpp), the spans are moved onto the trimmed text.
 */
import { utf8Length, type TokenLogprob } from "./logprobs.ts";

export interface TokenSpan {
  /** Index into the tokens. */
  index: number;
  start: number;
  end: number;
  logprob: number;
}

/** For each UTF-8 byte offset of the text, the UTF-16 offset of the character holding that byte (plus one entry for the end). */
function byteToCharOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) out.push(i);
    i += units;
  }
  out.push(text.length);
  return out;
}

/**
 * Where the answer starts in the tokens' own text, when the endpoint trimmed it: llama.cpp's
 * server strips the whitespace (and a stray fence) its output parser drops around a JSON answer,
 * while its logprobs still list those tokens. 0 when the text is the tokens' text, or cannot be
 * found in it (byte tokens, or a text the endpoint rewrote).
 */
function trimmedLead(text: string, tokens: readonly TokenLogprob[]): number {
  if (tokens.some((t) => t.b !== undefined)) return 0;
  const joined = tokens.map((t) => t.t).join("");
  if (joined === text || joined.startsWith(text)) return 0;
  const core = text.trim();
  if (!core) return 0;
  const at = joined.indexOf(core);
  const lead = text.length - text.trimStart().length;
  return at > lead ? at - lead : 0;
}

export function tokenSpans(text: string, tokens: readonly TokenLogprob[]): TokenSpan[] {
  const shift = trimmedLead(text, tokens);
  if (!shift) return laidOut(text, tokens);
  // Lay the tokens over their own text, then move the spans onto the answer's.
  const joined = tokens.map((t) => t.t).join("");
  return laidOut(joined, tokens).flatMap((s) => {
    const start = Math.max(0, s.start - shift);
    const end = Math.min(text.length, s.end - shift);
    return end > start ? [{ ...s, start, end }] : [];
  });
}

function laidOut(text: string, tokens: readonly TokenLogprob[]): TokenSpan[] {
  const at = byteToCharOffsets(text);
  const totalBytes = at.length - 1;
  const spans: TokenSpan[] = [];
  let byte = 0;
  for (let index = 0; index < tokens.length && byte < totalBytes; index++) {
    const tok = tokens[index]!;
    const onBoundary = byte === 0 || at[byte - 1] !== at[byte];
    const len = onBoundary && tok.t && text.startsWith(tok.t, at[byte]!) ? utf8Length(tok.t) : (tok.b ?? utf8Length(tok.t));
    const startByte = byte;
    const endByte = Math.min(totalBytes, byte + len);
    byte = endByte;
    if (len === 0) continue;
    const start = at[startByte]!;
    // The end is the end of the character holding the last byte.
    const lastChar = at[endByte - 1]!;
    const cp = text.codePointAt(lastChar)!;
    const end = Math.max(start, lastChar + (cp > 0xffff ? 2 : 1));
    spans.push({ index, start, end, logprob: tok.lp });
  }
  return spans;
}
