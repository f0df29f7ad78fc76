/**
 * Citations in an answer, read the way the system prompt asks for them (assembly/system-prompt.ts,
 * policy.citations): the id of a context item in square brackets, `[kb-12]` (several as
 * `[kb-12, kb-7]`), or, when the output is JSON, ids listed in a citations field.
 *
 *  - Text: every `[id]` whose id looks like a context item id (CONTEXT_ITEM_ID). Not Markdown
 *    link texts (`[text](url)`) and not task-list boxes (`- [x]`). A quoted span right before a
 *    citation, `"refunds take 5 days" [kb-12]`, is a quote of that item.
 *  - JSON: fields named citations, sources, references, cited, citedIds, contextIds or
 *    evidence (any depth): a string id, an array of ids, or an array of objects with an `id`
 *    (or `source`) and an optional `quote` (or `span`, `text`).
 */
import { CONTEXT_ITEM_ID } from "../schema/context.ts";

export interface Citation {
  id: string;
  /** The quoted span attributed to the item, when the answer gave one. */
  quote?: string;
}

const ID_BODY = CONTEXT_ITEM_ID.source.replace(/^\^/, "").replace(/\$$/, "");
export const CITATION_BRACKET = new RegExp(
  String.raw`(?:(["\u201c])([^"\u201c\u201d\n]{3,}?)["\u201d]\s*)?\[(${ID_BODY}(?:\s*[,;]\s*${ID_BODY})*)\](?!\()`,
  "g",
);
export const CITATION_KEYS = /^(citations?|sources?|references?|cited|cited_?ids|context_?ids|evidence)$/i;

function fromText(text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(CITATION_BRACKET)) {
    const before = text.slice(text.lastIndexOf("\n", m.index) + 1, m.index + (m[1] ? m[0].indexOf("[") : 0));
    // `- [x] done`: a task-list box, not a citation.
    if (/^\s*(?:[-*+]|\d+[.)])\s*$/.test(before) && /^[xX ]$/.test(m[3]!)) continue;
    const ids = m[3]!.split(/\s*[,;]\s*/);
    ids.forEach((id, i) => out.push(m[2] && i === 0 ? { id, quote: m[2] } : { id }));
  }
  return out;
}

function fromJson(value: unknown, out: Citation[], depth = 0): void {
  if (depth > 64 || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) fromJson(v, out, depth + 1);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (CITATION_KEYS.test(key)) {
      for (const c of Array.isArray(v) ? v : [v]) {
        if (typeof c === "string" && c) out.push({ id: c });
        else if (c && typeof c === "object" && !Array.isArray(c)) {
          const o = c as Record<string, unknown>;
          const id = typeof o.id === "string" ? o.id : typeof o.source === "string" ? o.source : null;
          const quote = [o.quote, o.span, o.text].find((q) => typeof q === "string" && q);
          if (id) out.push(typeof quote === "string" ? { id, quote } : { id });
        }
      }
    } else fromJson(v, out, depth + 1);
  }
}

/** The answer's citations: from its JSON fields when it is JSON, plus `[id]`s in its text (in JSON strings too). */
export function extractCitations(text: string, json: unknown): Citation[] {
  const out: Citation[] = [];
  if (json !== undefined) fromJson(json, out);
  out.push(...fromText(text));
  return out;
}
