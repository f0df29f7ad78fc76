import { z } from "zod";

export const SectionSchema = z.strictObject({
  heading: z.string().min(1, "a section needs a heading"),
  required: z.boolean().default(true),
  description: z.string().default(""),
});
export type Section = z.infer<typeof SectionSchema>;

const examples = z.array(z.string()).default([]);

export const JsonSchemaOutputSchema = z.strictObject({
  kind: z.literal("json_schema"),
  /** Sent as response_format.json_schema.name: letters, digits, _ and -. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -"),
  schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().default(true),
  examples,
});

export const SectionsOutputSchema = z.strictObject({
  kind: z.literal("sections"),
  sections: z.array(SectionSchema).min(1, "a sections output needs at least one section"),
  examples,
});

export const TextOutputSchema = z.strictObject({
  kind: z.literal("text"),
  description: z.string().default(""),
  examples,
});

/** The contract of the answer. */
export const OutputSchema = z.discriminatedUnion("kind", [JsonSchemaOutputSchema, SectionsOutputSchema, TextOutputSchema]);
export type Output = z.infer<typeof OutputSchema>;
export type OutputKind = Output["kind"];
