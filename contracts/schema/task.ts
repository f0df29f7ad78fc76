import { z } from "zod";

/** A `{{name}}` placeholder name: what the task instruction may reference. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const VariableTypeSchema = z.enum(["string", "number", "boolean", "enum", "json"]);
export type VariableType = z.infer<typeof VariableTypeSchema>;

export const VariableSchema = z.strictObject({
  name: z.string().regex(VARIABLE_NAME, "must be a name like customer_name (letters, digits, _; not starting with a digit)"),
  type: VariableTypeSchema,
  description: z.string().default(""),
  required: z.boolean().default(true),
  /** Allowed values, for type "enum". */
  options: z.array(z.string()).optional(),
  default: z.unknown().optional(),
  /** The value the preview and ad-hoc runs use. */
  testValue: z.unknown().optional(),
  /**
   * The value may carry someone else's text (a ticket body, a user's question): it goes into
   * the context packet as a delimited block, like an untrusted item, and the task refers to it.
   * Optional without a default, so files without it parse (and hash) as before.
   */
  untrusted: z.boolean().optional(),
});
export type Variable = z.infer<typeof VariableSchema>;

export const TaskSchema = z.strictObject({
  /** Markdown with `{{variables}}`. */
  instruction: z.string().min(1, "the task needs an instruction"),
  constraints: z.array(z.string()).default([]),
});
export type Task = z.infer<typeof TaskSchema>;
