/**
 * THE registry of assertion types: every type once, in the order the case editor lists them.
 * The test-case schema's AssertionSchema, the review text (describeAssertion), the evaluator
 * (evaluate.ts) and the case editor's type picker are derived from this list; adding a type
 * means adding its definition to one of the groups below, nothing else.
 */
import { z } from "zod";
import { BEHAVIOUR_ASSERTIONS } from "./behaviour.ts";
import type { AssertionContext, AssertionDefinition, Verdict } from "./define.ts";
import { rubric } from "./rubric.ts";
import { GUESSING_ASSERTIONS } from "./guessing.ts";
import { RUN_ASSERTIONS } from "./run.ts";
import { SAFETY_ASSERTIONS } from "./safety.ts";
import { STRUCTURE_ASSERTIONS } from "./structure.ts";
import { TEXT_ASSERTIONS } from "./text.ts";
import { TOOL_ASSERTIONS } from "./tools.ts";

export const ASSERTION_DEFINITIONS = [
  ...STRUCTURE_ASSERTIONS,
  ...TEXT_ASSERTIONS,
  ...BEHAVIOUR_ASSERTIONS,
  ...RUN_ASSERTIONS,
  ...SAFETY_ASSERTIONS,
  rubric,
  ...GUESSING_ASSERTIONS,
  ...TOOL_ASSERTIONS,
] as const;

type Definitions = typeof ASSERTION_DEFINITIONS;
type SchemaOf<D> = D extends { schema: infer S extends z.ZodObject } ? S : never;
// Generic, so the mapping keeps the tuple (a mapped type over a concrete tuple does not).
type MapSchemas<T extends readonly unknown[]> = { -readonly [K in keyof T]: SchemaOf<T[K]> };
type Schemas = MapSchemas<Definitions>;

/** Every assertion a test case may hold: the union of the registry's param schemas, by `type`. */
export const AssertionSchema = z.discriminatedUnion("type", ASSERTION_DEFINITIONS.map((d) => d.schema) as unknown as Schemas);
export type Assertion = z.infer<typeof AssertionSchema>;
export type AssertionType = Assertion["type"];
/** An assertion as a file may hold it, before defaults. */
export type AssertionInput = z.input<typeof AssertionSchema>;

export const ASSERTION_TYPES = ASSERTION_DEFINITIONS.map((d) => d.type) as AssertionType[];

const BY_TYPE = new Map<string, AssertionDefinition>(ASSERTION_DEFINITIONS.map((d) => [d.type, d as unknown as AssertionDefinition]));

/** The definition of a type (for an Assertion, always found: the schema is the registry's). */
export function assertionDefinition(type: string): AssertionDefinition | undefined {
  return BY_TYPE.get(type);
}

/** The review view's sentence for an assertion, from its definition. */
export function describeAssertion(a: Assertion): string {
  return BY_TYPE.get(a.type)!.describe(a as never);
}

/** One assertion's verdict; a check that throws is a failed verdict saying so, never a crash of the suite. */
export async function evaluateAssertion(a: Assertion, ctx: AssertionContext): Promise<Verdict> {
  try {
    return await BY_TYPE.get(a.type)!.evaluate(a as never, ctx);
  } catch (e) {
    return { pass: false, score: 0, reason: `the check failed to run: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The same, for callers that cannot wait: a graded type (rubric) is reported as not graded. */
export function evaluateAssertionNow(a: Assertion, ctx: AssertionContext): Verdict {
  try {
    const v = BY_TYPE.get(a.type)!.evaluate(a as never, { ...ctx, grader: undefined });
    if (v instanceof Promise) {
      v.catch(() => {});
      return { pass: false, score: 0, reason: "not graded yet: a grader model scores this one", costUsd: 0 };
    }
    return v;
  } catch (e) {
    return { pass: false, score: 0, reason: `the check failed to run: ${e instanceof Error ? e.message : String(e)}` };
  }
}
