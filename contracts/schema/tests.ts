import { z } from "zod";
import { CONTEXT_ITEM_ID, ContextItemSchema } from "./context.ts";
import { CaseToolsSchema } from "./tools.ts";

// The assertion schema is derived from the one registry of assertion types (DESIGN 6).
export { AssertionSchema, type Assertion, type AssertionInput, type AssertionType } from "../eval/assertions/registry.ts";
import { AssertionSchema } from "../eval/assertions/registry.ts";

/** Tuned on dev, judged on holdout (cases the contract was not tuned on), attacked in adversarial. */
export const TEST_SPLITS = ["dev", "holdout", "adversarial"] as const;
export const TestSplitSchema = z.enum(TEST_SPLITS);
export type TestSplit = z.infer<typeof TestSplitSchema>;

/**
 * How a case changes the contract's context packet, applied in this order: start from the
 * contract's items (base "contract") or from none (base "none"); remove the items whose ids are
 * listed; put each `replace` item in the place of the contract item with its id; append `add`.
 * An id in remove or replace that the contract does not have is an assembly warning (like an
 * undeclared variable), not a format error, so deleting a context item never breaks a file.
 * Revision 1's `{replace, items}` migrates to `{base, add}` (migrations/index.ts).
 */
export const ContextOverrideSchema = z.strictObject({
  base: z.enum(["contract", "none"]).default("contract"),
  remove: z.array(z.string().regex(CONTEXT_ITEM_ID, "must be a context item id like kb-12")).default([]),
  replace: z.array(ContextItemSchema).default([]),
  add: z.array(ContextItemSchema).default([]),
});
export type ContextOverride = z.infer<typeof ContextOverrideSchema>;

export const TestCaseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be an id like refund-late (letters, digits, . _ -)"),
  name: z.string().default(""),
  split: TestSplitSchema.default("dev"),
  /** Free labels for filtering results ("billing", "regression-42"). */
  tags: z.array(z.string().min(1, "a tag cannot be empty")).default([]),
  variables: z.record(z.string(), z.unknown()).default({}),
  context: ContextOverrideSchema.optional(),
  assertions: z.array(AssertionSchema).default([]),
  /**
   * The answer this case should get, marked from a result (or kept from a production log): what
   * makes a case "approved" for training-data export (contracts/dataset/). Optional and absent by
   * default, so files written before it existed read and hash the same.
   */
  reference: z
    .strictObject({
      answer: z.string(),
      /** Where it came from, for people: "suite run, test-model", "production log line 42". */
      source: z.string().default(""),
    })
    .optional(),
  /** Mock tool results for one follow-up turn, and the tools the human confirmed (schema/tools.ts). Optional: old cases hash as before. */
  tools: CaseToolsSchema.optional(),
});
export type TestCase = z.infer<typeof TestCaseSchema>;
export type TestCaseInput = z.input<typeof TestCaseSchema>;
