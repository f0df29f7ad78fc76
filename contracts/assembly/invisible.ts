/**
 * Invisible Unicode: characters that render as nothing but reach the model, the carriers of
 * "ASCII smuggling" (instructions spelled in tag characters) and of bidi tricks that make text
 * read differently to a human reviewer than to the model.
 */

// Why each range: tag characters U+E0000-E007F (ASCII smuggling); zero-width space, joiners,
// LRM/RLM U+200B-200F; bidi embeddings/overrides U+202A-202E and isolates U+2066-2069; word
// joiner and invisible operators U+2060-2064; deprecated format controls U+206A-206F; BOM /
// zero-width no-break space U+FEFF; soft hyphen U+00AD; combining grapheme joiner U+034F;
// Arabic letter mark U+061C; Mongolian vowel separator U+180E; interlinear annotation controls
// U+FFF9-FFFB; supplementary variation selectors U+E0100-E01EF (used to hide bytes after a
// visible character). U+FE00-FE0F are left alone: emoji presentation needs them.
// U+034F, a combining mark, stands outside the class: inside, next to U+00AD, it would read as one
// combined character (no-misleading-character-class).
const INVISIBLE =
  /\u034F|[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]|\uDB40[\uDD00-\uDDEF]/g;

/** How many invisible characters `text` holds (a supplementary character counts once). */
export function countInvisible(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(INVISIBLE)) n++;
  return n;
}

/** `text` without its invisible characters, and how many were removed. */
export function stripInvisible(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(INVISIBLE, () => {
    removed++;
    return "";
  });
  return { text: out, removed };
}
