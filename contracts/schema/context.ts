import { z } from "zod";

export const CONTEXT_ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const ContextKindSchema = z.enum(["document", "db_row", "tool_output", "retrieval", "other"]);
export type ContextKind = z.infer<typeof ContextKindSchema>;

/** One piece of data handed to the model. Untrusted unless marked: it is data, never instructions. */
export const ContextItemSchema = z.strictObject({
  id: z.string().regex(CONTEXT_ITEM_ID, "must be an id like kb-12 (letters, digits, . _ : -)"),
  label: z.string().default(""),
  kind: ContextKindSchema.default("document"),
  /** Provenance: a URL, table+key, or tool name+call id. */
  source: z.string().min(1, "say where this item came from (URL, table+key, tool+call id)"),
  content: z.string(),
  trusted: z.boolean().default(false),
});
export type ContextItem = z.infer<typeof ContextItemSchema>;

/** Spotlighting modes: delimit (labelled blocks), datamark (marker between words), encode (base64). */
export const ContextModeSchema = z.enum(["delimit", "datamark", "encode"]);
export type ContextMode = z.infer<typeof ContextModeSchema>;

export const ContextSchema = z.strictObject({
  mode: ContextModeSchema.default("delimit"),
  items: z.array(ContextItemSchema).default([]),
});
export type Context = z.infer<typeof ContextSchema>;
