/**
 * The context packet's delimiters. As in MIME multipart, the blocks carry a boundary derived
 * from a hash of the packet itself: assembly stays deterministic, yet text written into an
 * item before assembly cannot know the boundary of the packet it will land in. Escaping, not
 * secrecy, is what makes break-out impossible: any look-alike tag inside an item is defused.
 */
import type { Context } from "../schema/context.ts";
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

export const openTag = (boundary: string) => `<context-${boundary}`;
export const closeTag = (boundary: string) => `</context-${boundary}>`;

// Anything a reader (human or model) could take for a context tag: `<context-`, `</context-`,
// `<context>`, `</context ...`, in any case, with spaces or slashes after the `<`, whatever
// boundary follows (or none: a bare `<context id=...>` could pass for a block to a model).
const TAG_LOOKALIKE = /<(?=[\s/]*context(?![a-z0-9_]))/gi;

/**
 * Content with every tag look-alike defused: its `<` becomes `&lt;`. Only that character is
 * touched, so ordinary text (HTML included) reads as written, and no sequence left in the
 * content can open or close a block.
 */
export function escapeContent(content: string): string {
  return content.replace(TAG_LOOKALIKE, "&lt;");
}

/** An attribute value that cannot end its quotes or its tag, and stays on one line. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n|\r/g, "&#10;");
}
