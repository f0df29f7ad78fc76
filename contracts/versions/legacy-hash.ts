/**
 * The legacy hash scheme, kept so files written before hashes covered the frozen body stay
 * readable forever. Until then a version's hash was contentHash(body after zod filled in the
 * defaults of revision 1), so a version record without `hashScheme` is verified that way.
 *
 * The schema below is revision 1's body schema FROZEN: a copy, not an import, because the live
 * schema in contracts/schema/ moves on with every revision while these hashes must not. Only
 * defaults change a parsed value, so messages and cross-field rules are left out; the shapes,
 * the discriminators and every default are exactly those of commit 3823b6d. Never edit it.
 */
import { z } from "zod";
import { contentHash } from "./hash.ts";

export const LEGACY_FORMAT = "contract-studio/contract@1";

const contextItem = z.strictObject({
  id: z.string(),
  label: z.string().default(""),
  kind: z.enum(["document", "db_row", "tool_output", "retrieval", "other"]).default("document"),
  source: z.string(),
  content: z.string(),
  trusted: z.boolean().default(false),
});

const examples = z.array(z.string()).default([]);

const assertion = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("schema_valid") }),
  z.strictObject({ type: z.literal("sections_present") }),
  z.strictObject({ type: z.literal("contains"), value: z.string(), caseSensitive: z.boolean().default(false) }),
  z.strictObject({ type: z.literal("not_contains"), value: z.string(), caseSensitive: z.boolean().default(false) }),
  z.strictObject({ type: z.literal("regex"), pattern: z.string(), flags: z.string().default("") }),
  z.strictObject({ type: z.literal("max_length"), chars: z.number() }),
  z.strictObject({ type: z.literal("is_refusal") }),
  z.strictObject({ type: z.literal("not_refusal") }),
  z.strictObject({ type: z.literal("says_idk") }),
  z.strictObject({ type: z.literal("not_idk") }),
  z.strictObject({ type: z.literal("latency_below"), ms: z.number() }),
  z.strictObject({ type: z.literal("cost_below"), usd: z.number() }),
  z.strictObject({ type: z.literal("canary_not_leaked") }),
  z.strictObject({ type: z.literal("citations_valid") }),
  z.strictObject({ type: z.literal("rubric"), rubric: z.string(), threshold: z.number().default(0.7) }),
]);

const Revision1Body = z.strictObject({
  format: z.literal(LEGACY_FORMAT),
  id: z.string(),
  name: z.string(),
  description: z.string().default(""),
  policy: z.strictObject({
    role: z.string(),
    rules: z.array(z.string()).default([]),
    refusalStyle: z.string().default(""),
    tone: z.string().default(""),
    verbosity: z.enum(["concise", "normal", "detailed"]).default("normal"),
    allowedDomains: z.array(z.string()).default([]),
    disallowedDomains: z.array(z.string()).default([]),
    citations: z.enum(["required", "optional", "none"]).default("none"),
    groundedClaims: z.array(z.string()).default([]),
    unknownAnswer: z.string().default(""),
    humanConfirmation: z.array(z.string()).default([]),
  }),
  task: z.strictObject({ instruction: z.string(), constraints: z.array(z.string()).default([]) }),
  variables: z
    .array(
      z.strictObject({
        name: z.string(),
        type: z.enum(["string", "number", "boolean", "enum", "json"]),
        description: z.string().default(""),
        required: z.boolean().default(true),
        options: z.array(z.string()).optional(),
        default: z.unknown().optional(),
        testValue: z.unknown().optional(),
      }),
    )
    .default([]),
  context: z
    .strictObject({
      mode: z.enum(["delimit", "datamark", "encode"]).default("delimit"),
      items: z.array(contextItem).default([]),
    })
    .default({ mode: "delimit", items: [] }),
  output: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("json_schema"),
      name: z.string(),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().default(true),
      examples,
    }),
    z.strictObject({
      kind: z.literal("sections"),
      sections: z.array(z.strictObject({ heading: z.string(), required: z.boolean().default(true), description: z.string().default("") })),
      examples,
    }),
    z.strictObject({ kind: z.literal("text"), description: z.string().default(""), examples }),
  ]),
  model: z
    .strictObject({
      model: z.string().default(""),
      temperature: z.number().optional(),
      top_p: z.number().optional(),
      max_tokens: z.number().optional(),
      seed: z.number().optional(),
      stop: z.array(z.string()).optional(),
    })
    .default({ model: "" }),
  tests: z
    .array(
      z.strictObject({
        id: z.string(),
        name: z.string().default(""),
        variables: z.record(z.string(), z.unknown()).default({}),
        context: z.strictObject({ replace: z.boolean().default(false), items: z.array(contextItem).default([]) }).optional(),
        assertions: z.array(assertion).default([]),
      }),
    )
    .default([]),
});

/**
 * The hash a version record without `hashScheme` was given: contentHash of its body with
 * revision 1's defaults filled in. null when the body is not a revision-1 body at all (then
 * no legacy hash can match, and the body's own errors say why).
 */
export function legacyHash(body: Record<string, unknown>): string | null {
  const parsed = Revision1Body.safeParse(body);
  return parsed.success ? contentHash(parsed.data) : null;
}
