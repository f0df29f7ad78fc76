/**
 * Checks an output JSON Schema before it is sent: ajv (draft 2020-12, like zod's own output)
 * must compile it, and a strict structured-output request has extra rules (OpenAI's strict
 * mode rejects open objects and optional properties) that are cheaper to hear about here
 * than from a 400 at run time.
 */
import type { AssemblyIssue } from "../assembly-types.ts";
import { metaSchemaSentences } from "../schema-error-sentences.ts";
import { sharedAjv } from "../shared-ajv.ts";

// The preview re-assembles on every keystroke; the schema rarely changes between them.
const compiled = new Map<string, string[] | null>();
// A suite assembles every case with the same schema object: skip serialising it for the key.
const byObject = new WeakMap<object, string[] | null>();

/** What is wrong with `schema`, one sentence per path in it, or null when it compiles. */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | null {
  return jsonSchemaProblems(schema)?.join("; ") ?? null;
}

/** The sentences (see schema-error-sentences.ts) of why `schema` does not compile; null when it does. */
export function jsonSchemaProblems(schema: Record<string, unknown>): string[] | null {
  const known = byObject.get(schema);
  if (known !== undefined) return known;
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit !== undefined) {
    byObject.set(schema, hit);
    return hit;
  }
  const ajv = sharedAjv();
  let problem: string[] | null = null;
  // $id left out: the answer check compiles the same schema in this ajv, and two schemas with one $id clash.
  const { $id: _ignored, ...withoutId } = schema;
  try {
    ajv.compile(withoutId);
  } catch (e) {
    // ajv's message lists every error of every branch ("data/properties/x/type must be equal
    // to one of the allowed values, data/properties/x/type must be array, ..."): say it per path.
    const sentences = metaSchemaSentences(ajv, schema);
    problem = sentences.length ? sentences : [e instanceof Error ? e.message : String(e)];
  } finally {
    ajv.removeSchema(withoutId); // ajv caches compiled schemas too; do not let the editor's edits pile up
  }
  if (compiled.size > 64) compiled.clear();
  compiled.set(key, problem);
  byObject.set(schema, problem);
  return problem;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Where a schema breaks the strict structured-output subset, as readable sentences. */
export function strictModeProblems(schema: Json): string[] {
  const out: string[] = [];
  const visit = (node: unknown, where: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (!isObject(node)) return;
    const type = node.type;
    const isObjectType = type === "object" || (Array.isArray(type) && type.includes("object"));
    if (isObjectType && isObject(node.properties)) {
      if (node.additionalProperties !== false) out.push(`${where || "the root"} needs "additionalProperties": false`);
      const required = Array.isArray(node.required) ? node.required : [];
      const optional = Object.keys(node.properties).filter((k) => !required.includes(k));
      if (optional.length)
        out.push(`${where || "the root"} must list every property in "required" (missing: ${optional.join(", ")}); make a field nullable instead of optional`);
    }
    for (const [k, v] of Object.entries(node))
      if (typeof v === "object" && k !== "enum" && k !== "const" && k !== "examples" && k !== "default") visit(v, where ? `${where}.${k}` : k);
  };
  visit(schema, "");
  return out;
}

/** Issues for `output.schema`: an error when it does not compile, warnings for strict mode. */
export function outputSchemaIssues(schema: Json, strict: boolean, enforced: boolean): AssemblyIssue[] {
  const problems = jsonSchemaProblems(schema);
  if (problems) return problems.slice(0, 5).map((p) => ({ severity: "error", path: "output.schema", message: `is not a valid JSON Schema: ${p}` }));
  const issues: AssemblyIssue[] = [];
  if (enforced && schema.type !== "object")
    issues.push({ severity: "warning", path: "output.schema", message: 'structured output needs a schema whose root is "type": "object"' });
  if (enforced && strict)
    for (const p of strictModeProblems(schema).slice(0, 5))
      issues.push({ severity: "warning", path: "output.schema", message: `strict structured output: ${p}` });
  return issues;
}
