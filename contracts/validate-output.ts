/**
 * Does an answer keep the contract's output? json_schema: parse the JSON (a ```json fence is
 * accepted but flagged, since the contract asked for bare JSON) and validate with ajv (draft
 * 2020-12, as zod emits); sections: the required Markdown headings are present; text: always.
 * Whatever the kind, an answer the endpoint cut off at max_tokens (finish_reason "length") does
 * not keep the contract: it is not the whole answer, even when what arrived happens to parse.
 * Violations carry a JSON path (`$.items[0].id`) or the contract field, and a sentence.
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { sharedAjv } from "./shared-ajv.ts";
import { z } from "zod";
import type { Output } from "./schema/output.ts";
import { metaSchemaSentences, pathOf, sentencesOf } from "./schema-error-sentences.ts";

export const OutputViolationSchema = z.object({
  /** `$`-rooted JSON path into the answer (`$.a.b[0]`), or the contract field (`output.sections[1]`). */
  path: z.string(),
  message: z.string(),
});
export type OutputViolation = z.infer<typeof OutputViolationSchema>;

export const OutputValidationSchema = z.object({
  ok: z.boolean(),
  violations: z.array(OutputViolationSchema),
  /** Things worth saying that do not break the contract, e.g. JSON wrapped in a code fence. */
  warnings: z.array(z.string()),
  /** The parsed answer, for json_schema outputs that parsed. */
  value: z.unknown().optional(),
});
export type OutputValidation = z.infer<typeof OutputValidationSchema>;

export interface ValidateOutputOptions {
  /** The endpoint's finish_reason: "length" means the answer was cut off at max_tokens. */
  finishReason?: string | null;
}

/** The reason a cut-off answer fails, word for word the same in the app and the CLI. */
export const CUT_OFF_MESSAGE = "cut off at max_tokens (finish_reason length)";

// Compiling is the expensive part and a suite validates many answers against one schema.
const validators = new Map<string, ValidateFunction | string>();
// The same schema object comes back for every answer of a suite: skip serialising it for the key.
const byObject = new WeakMap<object, ValidateFunction | string>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction | string {
  const known = byObject.get(schema);
  if (known !== undefined) return known;
  const key = JSON.stringify(schema);
  const hit = validators.get(key);
  if (hit !== undefined) {
    byObject.set(schema, hit);
    return hit;
  }
  const ajv = sharedAjv();
  let result: ValidateFunction | string;
  try {
    const { $id: _ignored, ...withoutId } = schema; // two schemas sharing an $id would clash in ajv's registry
    result = ajv.compile(withoutId);
  } catch (e) {
    // An invalid schema: say what is wrong where, not ajv's "data/properties/x/type must be ...".
    const problems = metaSchemaSentences(ajv, schema);
    result = `the contract's output schema cannot be used: ${problems.length ? problems.join("; ") : e instanceof Error ? e.message : String(e)}`;
  }
  if (validators.size > 64) validators.clear();
  validators.set(key, result);
  byObject.set(schema, result);
  return result;
}

/** ajv's instancePath (`/a/b/0`) as `$.a.b[0]`. */
export function jsonPathOf(instancePath: string, extra?: string): string {
  return pathOf(instancePath, extra);
}

/** One sentence per path (see schema-error-sentences.ts): `$.eligible` "must be a boolean, got "yes"". */
function describe(errors: readonly ErrorObject[] | null | undefined, root: unknown): OutputViolation[] {
  return sentencesOf(errors, root);
}

/**
 * A value checked against a JSON Schema with the same compiled-validator cache and sentences as
 * output validation: the violations (empty when valid), or a sentence when the schema itself
 * cannot be compiled. Tool arguments (eval/tool-calls.ts) are checked with it.
 */
export function schemaViolations(schema: Record<string, unknown>, value: unknown): OutputViolation[] | string {
  const validate = validatorFor(schema);
  if (typeof validate === "string") return validate.replace("the contract's output schema", "the schema");
  return validate(value) ? [] : describe(validate.errors, value);
}

/** The JSON in an answer: bare, or inside one ```json fence (flagged). */
export function extractJson(text: string): { value: unknown; fenced: boolean } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: "the answer is empty" };
  try {
    return { value: JSON.parse(trimmed), fenced: false };
  } catch (e) {
    const fence = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/.exec(trimmed);
    if (fence) {
      try {
        return { value: JSON.parse(fence[1]!), fenced: true };
      } catch {
        // fall through to the original error
      }
    }
    return { error: `the answer is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function validateJson(schema: Record<string, unknown>, text: string, cutOff: boolean): OutputValidation {
  const extracted = extractJson(text);
  if ("error" in extracted) {
    // A cut-off answer is almost always unparseable JSON; the syntax error alone would hide why.
    const message = cutOff
      ? `${CUT_OFF_MESSAGE}: the JSON answer is incomplete, so it cannot be parsed (${extracted.error.replace(/^the answer is /, "")})`
      : extracted.error;
    return { ok: false, violations: [{ path: "$", message }], warnings: [] };
  }
  const warnings = extracted.fenced ? ["the JSON was wrapped in a Markdown code fence; the contract asks for bare JSON"] : [];
  const validate = validatorFor(schema);
  if (typeof validate === "string") return { ok: false, violations: [{ path: "$", message: validate }], warnings, value: extracted.value };
  if (validate(extracted.value)) return { ok: true, violations: [], warnings, value: extracted.value };
  return { ok: false, violations: describe(validate.errors, extracted.value), warnings, value: extracted.value };
}

const normalizeHeading = (h: string) =>
  h
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .replace(/[\s:.]+$/, "")
    .trim()
    .toLowerCase();

/** Markdown `#` headings of the text, outside code fences, normalised for comparison. */
export function markdownHeadings(text: string): string[] {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (m) out.push(normalizeHeading(m[1]!));
  }
  return out;
}

export function validateOutput(output: Output, text: string, options: ValidateOutputOptions = {}): OutputValidation {
  const cutOff = options.finishReason === "length";
  const checked = validateByKind(output, text, cutOff);
  if (!cutOff || checked.violations.some((v) => v.message.startsWith(CUT_OFF_MESSAGE))) return checked;
  return { ...checked, ok: false, violations: [{ path: "$", message: CUT_OFF_MESSAGE }, ...checked.violations] };
}

function validateByKind(output: Output, text: string, cutOff: boolean): OutputValidation {
  switch (output.kind) {
    case "json_schema":
      return validateJson(output.schema, text, cutOff);
    case "sections": {
      const present = new Set(markdownHeadings(text));
      const violations = output.sections.flatMap((s, i) =>
        s.required && !present.has(normalizeHeading(s.heading))
          ? [{ path: `output.sections[${i}]`, message: `required section "${s.heading}" is missing (no "## ${s.heading}" heading)` }]
          : [],
      );
      return { ok: violations.length === 0, violations, warnings: [] };
    }
    case "text":
      return { ok: true, violations: [], warnings: [] };
  }
}
