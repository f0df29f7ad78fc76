/**
 * The part of promptfoo's configuration (promptfooconfig) the export writes, as a small zod
 * schema: what `contract export --to promptfoo` produces is parsed by it in the tests, so a
 * change that would write a shape promptfoo 0.120.8 refuses fails here first. It mirrors
 * promptfoo's own schema (its TestCaseSchema, AssertionSchema, VarsSchema) for the fields used.
 */
import { z } from "zod";

/** A test's variables: promptfoo takes strings, numbers, booleans, arrays and objects (not null). */
export const PromptfooVarsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())]),
);

export const PromptfooAssertionSchema = z.strictObject({
  /** A promptfoo type ("icontains", "is-json", "javascript", "llm-rubric", "not-contains" …). */
  type: z.string().regex(/^(not-)?[a-z][a-z0-9:-]*$/, "a promptfoo assertion type"),
  value: z.unknown().optional(),
  threshold: z.number().optional(),
  /** Handed to a javascript assertion as `context.config` (structured-cloned; not templated). */
  config: z.record(z.string(), z.unknown()).optional(),
  /** Groups scores in promptfoo's table: the Contract Studio type the assertion came from. */
  metric: z.string().optional(),
  weight: z.number().optional(),
});
export type PromptfooAssertion = z.infer<typeof PromptfooAssertionSchema>;

export const PromptfooProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z][\w.-]*:/, "a provider id like openai:chat:gpt-4o"),
  label: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type PromptfooProvider = z.infer<typeof PromptfooProviderSchema>;

export const PromptfooTestSchema = z.strictObject({
  description: z.string(),
  vars: PromptfooVarsSchema,
  assert: z.array(PromptfooAssertionSchema),
  /** disableVarExpansion: a list variable is one value here, not one test per item (promptfoo's default). */
  options: z.strictObject({ disableVarExpansion: z.boolean().optional() }).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type PromptfooTest = z.infer<typeof PromptfooTestSchema>;

export const PromptfooConfigSchema = z.strictObject({
  description: z.string(),
  prompts: z
    .array(
      z.strictObject({
        id: z.string().optional(),
        label: z.string(),
        raw: z.string(),
        /** Merged into the provider's config on every call (promptfoo's prompt-level config). */
        config: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
  providers: z.array(PromptfooProviderSchema).min(1),
  defaultTest: z.strictObject({ options: z.record(z.string(), z.unknown()) }).optional(),
  tests: z.array(PromptfooTestSchema),
});
export type PromptfooConfig = z.infer<typeof PromptfooConfigSchema>;
