/**
 * Folding text the way a reader (human or model) perceives it, for finding delimiter
 * look-alikes. Raw bytes are the wrong thing to compare: `＜/context-…>` (fullwidth),
 * `﹤` (small form), `‹` (angle quote), `<\u200B/context` (zero-width space), `<ᴄᴏɴᴛᴇxᴛ`
 * (small capitals) or `<соntext` (Cyrillic с, о) all read as the tag. A character folds to:
 * nothing when it is default-ignorable, a format or control character (other than whitespace)
 * or a combining mark; its confusable base when it is listed below; else its NFKD form without
 * marks, in lower case.
 */

// Confusables that NFKD leaves alone (from Unicode's confusables.txt and a few more that a model
// plausibly reads the same). Why each group: `<` `>` `/` `"` because they make tags and
// attributes; the letters of "context" because they make the tag's name.
const CONFUSABLES: Record<string, string> = {};
function confusable(target: string, chars: string) {
  for (const ch of chars) CONFUSABLES[ch] = target;
}
confusable("<", "\u02C2\u02F1\u1438\u16B2\u2039\u276E\u3008\u27E8\u276C\u2770\u29FC\u2991\u00AB\u300A\u27EA\u227A\u22D6\u{1D236}");
confusable(">", "\u02C3\u02F2\u1433\u203A\u276F\u3009\u27E9\u276D\u2771\u29FD\u2992\u00BB\u300B\u27EB\u227B\u22D7\u{16F3F}\u{1D237}");
confusable("/", "\u2044\u2215\u2571\u27CB\u29F8\u1735\u2CC6\u2F03\u3033\u30CE\u31D3\u4E3F\u{1D23A}\u0338\u2E4A");
confusable('"', "\u201C\u201D\u201E\u201F\u2033\u2036\u3003\u02BA\u02DD\u02EE\u05F4\u1CD3\u301D\u301E\u301F\uFF02");
confusable("c", "\u0441\u03F2\u1D04\u217D\u2CA5\uABAF");
confusable("o", "\u043E\u03BF\u0585\u1D0F\u03C3\u0D20\u0ED0\u1040\u2C9F\u05E1");
confusable("n", "\u0578\u057C\u0274\u1D0E\u03B7");
confusable("t", "\u0442\u1D1B\u03C4\u0167");
confusable("e", "\u0435\u1D07\u04BD\u0454\u212E\uAB32");
confusable("x", "\u0445\u03C7\u00D7\u2179\u1541\u166E\u292B\u292C\u2A2F");

// JS `\s` misses U+0085 (NEL); the rest of the line breaks are in it.
const REMOVED = /^(?:[\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}]|(?![\s\u0085])\p{Cc})$/u;

/** Invisible, format and control characters (not combining marks, which belong to letters). */
export const INVISIBLE_OR_CONTROL = /^(?:[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}])$/u;

const cache = new Map<string, string>();

/** The folded form of one code point (possibly empty, possibly several characters). */
export function foldChar(ch: string): string {
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  let out: string;
  if (REMOVED.test(ch)) out = "";
  else if (CONFUSABLES[ch]) out = CONFUSABLES[ch];
  else {
    out = "";
    for (const c of ch.normalize("NFKD")) out += REMOVED.test(c) ? "" : (CONFUSABLES[c] ?? c.toLowerCase());
  }
  if (cache.size < 65_536) cache.set(ch, out);
  return out;
}

/** Every character whose fold is exactly `target` among the lists above, plus the ones NFKD maps. */
function foldsTo(target: string, nfkd: string): string {
  return (
    target +
    nfkd +
    Object.keys(CONFUSABLES)
      .filter((k) => CONFUSABLES[k] === target)
      .join("")
  );
}
// With NFKD (and then the confusables), exactly these fold to `<`, `>`; the quotes are all
// listed above. Scanned over all of Unicode; a unit test rechecks.
export const LT_CHARS = foldsTo("<", "\u226E\u2280\u2329\uFE3D\uFE3F\uFE64\uFF1C");
const GT_CHARS = foldsTo(">", "\u226F\u2281\u232A\uFE3E\uFE40\uFE65\uFF1E");
const escapeClass = (chars: string) =>
  [...chars].map((c) => (c.length > 1 || c === "\\" || c === "]" || c === "^" || c === "-" ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join("");
/** A character that reads as `<`. */
const LT_ANY = new RegExp(`[${escapeClass(LT_CHARS)}]`, "gu");

/** Characters folding to `<`, `>` or `"`: what an attribute value must not carry. */
export const ATTRIBUTE_SPECIALS = new RegExp(`[${escapeClass(LT_CHARS + GT_CHARS + foldsTo('"', ""))}]`, "u");

// After a `<`: any run of non-letters, non-digits (spaces, slashes, marks, datamarks, quotes),
// then the tag's name, not continued by a letter or digit. `<context-`, `</context>`,
// `< / CONTEXT-ab >`, `<!--context` all match; `<contexts>` and `a < b, context` do not.
const TAG_AFTER_LT = /^[^\p{L}\p{N}<>]*context(?![\p{L}\p{N}])/u;
// How far after the `<` to look, in folded characters: longer runs of filler read as no tag.
const LOOKAHEAD = 64;

export interface Lookalike {
  /** UTF-16 offset of the `<`-like character. */
  at: number;
  /** Its length in UTF-16 units (2 for a supplementary character). */
  length: number;
}

/**
 * The `<`-like characters in `text` that start something a reader could take for a context
 * tag (`<context…`, `</context…`, with any boundary or none), compared in folded form.
 */
export function findTagLookalikes(text: string): Lookalike[] {
  const out: Lookalike[] = [];
  LT_ANY.lastIndex = 0;
  for (let m = LT_ANY.exec(text); m; m = LT_ANY.exec(text)) {
    const start = m.index + m[0].length;
    // Fast path for ordinary markup (`<div`, `<p>`, `<b`): an ASCII letter other than c, or a
    // digit, right after the bracket cannot start the name.
    const next = text.charCodeAt(start);
    if (((next | 32) >= 97 && (next | 32) <= 122 && (next | 32) !== 99) || (next >= 48 && next <= 57)) continue;
    let folded = "";
    let i = start;
    // Fold forward until there is enough to decide (the name plus one character), or a letter
    // other than the name's first shows there is no tag.
    while (i < text.length && folded.length < LOOKAHEAD) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      folded += foldChar(ch);
      i += ch.length;
      const letters = /[\p{L}\p{N}<>]/u.exec(folded);
      if (letters && folded.length - letters.index >= 8) break;
      if (letters && folded[letters.index] !== "c") break;
    }
    if (TAG_AFTER_LT.test(folded)) out.push({ at: m.index, length: m[0].length });
  }
  return out;
}

/** `text` in folded form (the whole string): what the fuzz tests' reader compares. */
export function foldText(text: string): string {
  let out = "";
  for (const ch of text) out += foldChar(ch);
  return out;
}
