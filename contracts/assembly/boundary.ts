/**
 * The context packet's delimiters. As in MIME multipart, the blocks carry a boundary derived
 * from a hash of the packet itself: assembly stays deterministic, yet text written into an
 * item before assembly cannot know the boundary of the packet it will land in. Escaping, not
 * secrecy, is what makes break-out impossible: any look-alike tag inside an item is defused.
 */
import type { Context } from "../schema/context.ts";
import { ATTRIBUTE_SPECIALS, findTagLookalikes, INVISIBLE_OR_CONTROL, type Lookalike } from "./fold.ts";
import { fnv1a64Hex } from "./hash.ts";

export const BOUNDARY_LENGTH = 8;

/** The packet in a fixed field order, so equal packets hash equally whatever their key order. */
function canonicalPacket(context: Context): string {
  return JSON.stringify([context.mode, context.items.map((it) => [it.id, it.label, it.kind, it.source, it.trusted, it.content])]);
}

/** Hex boundary for the packet's block tags, e.g. "7f3a9c01". */
export function contextBoundary(context: Context): string {
  return fnv1a64Hex(canonicalPacket(context)).slice(0, BOUNDARY_LENGTH);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 items", "1 variable value", "2 items and 1 variable value": what the packet holds. */
export function packetSize(items: number, variables: number): string {
  const parts = [items ? plural(items, "item", "items") : "", variables ? plural(variables, "variable value", "variable values") : ""].filter(Boolean);
  return parts.join(" and ");
}

export const openTag = (boundary: string) => `<context-${boundary}`;
export const closeTag = (boundary: string) => `</context-${boundary}>`;

/**
 * Content with every tag look-alike defused: its `<` (or the character that reads as one)
 * becomes `&lt;`. Look-alikes are found in folded form (see fold.ts), so fullwidth, small-form
 * and confusable brackets, invisible characters inside the tag, and case changes are caught.
 * Only that one character is touched, so ordinary text (HTML included) reads as written.
 */
export function escapeContent(content: string): string {
  return replaceAt(content, findTagLookalikes(content), () => "&lt;");
}

/** `text` with each listed span replaced (spans sorted, not overlapping). */
export function replaceAt(text: string, spans: readonly Lookalike[], by: (s: Lookalike) => string): string {
  if (!spans.length) return text;
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.at) + by(s);
    at = s.at + s.length;
  }
  return out + text.slice(at);
}

// Every way to start a new line: CR LF, CR, LF, VT, FF, NEL, line and paragraph separators.
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const hexRef = (ch: string) => `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;

/**
 * An attribute value that cannot end its quotes or its tag, and stays on one line: `&`, `"`,
 * `<`, `>` become entities; their look-alikes (fullwidth, curly quotes, angle quotes) and
 * invisible or control characters become numeric references, so they stay legible but can
 * be read as nothing else; every line break becomes `&#10;`.
 */
export function escapeAttribute(value: string): string {
  let out = "";
  for (const ch of value.replace(LINE_BREAK, "\n")) {
    if (ch === "&") out += "&amp;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === "\n") out += "&#10;";
    else if (ch === "\t") out += ch;
    else if (ATTRIBUTE_SPECIALS.test(ch) || INVISIBLE_OR_CONTROL.test(ch)) out += hexRef(ch);
    else out += ch;
  }
  return out;
}
