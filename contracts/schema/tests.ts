import { z } from "zod";
import { ContextItemSchema } from "./context.ts";

/** Checks on one answer (DESIGN 6). Each kind carries only what it needs. */
export const AssertionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("schema_valid") }),
  z.strictObject({ type: z.literal("sections_present") }),
  z.strictObject({ type: z.literal("contains"), value: z.string().min(1), caseSensitive: z.boolean().default(false) }),
  z.strictObject({ type: z.literal("not_contains"), value: z.string().min(1), caseSensitive: z.boolean().default(false) }),
  z.strictObject({
    type: z.literal("regex"),
    pattern: z.string().min(1),
    flags: z
      .string()
      .regex(/^[gimsuy]*$/)
      .default(""),
  }),
  z.strictObject({ type: z.literal("max_length"), chars: z.int().positive() }),
  z.strictObject({ type: z.literal("is_refusal") }),
  z.strictObject({ type: z.literal("not_refusal") }),
  z.strictObject({ type: z.literal("says_idk") }),
  z.strictObject({ type: z.literal("not_idk") }),
  z.strictObject({ type: z.literal("latency_below"), ms: z.number().positive() }),
  z.strictObject({ type: z.literal("cost_below"), usd: z.number().positive() }),
  z.strictObject({ type: z.literal("canary_not_leaked") }),
  z.strictObject({ type: z.literal("citations_valid") }),
  z.strictObject({ type: z.literal("rubric"), rubric: z.string().min(1), threshold: z.number().min(0).max(1).default(0.7) }),
]);
export type Assertion = z.infer<typeof AssertionSchema>;
export type AssertionType = Assertion["type"];

export const TestCaseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be an id like refund-late (letters, digits, . _ -)"),
  name: z.string().default(""),
  variables: z.record(z.string(), z.unknown()).default({}),
  /** Context for this case: appended to the contract's packet, or replacing it. */
  context: z.strictObject({ replace: z.boolean().default(false), items: z.array(ContextItemSchema).default([]) }).optional(),
  assertions: z.array(AssertionSchema).default([]),
});
export type TestCase = z.infer<typeof TestCaseSchema>;
