/**
 * ajv's errors as one sentence per path, for people: `$.eligible` "must be a boolean, got
 * "yes"" instead of "data/properties/eligible/type must be equal to one of the allowed values,
 * data/properties/eligible/type must be array, ...". Used for answers checked against the
 * output schema and for the output schema itself checked against JSON Schema's meta-schema.
 *
 * ajv reports several errors for one mistake (an `anyOf` and each of its branches); per path
 * the most telling one is kept: a wrong value of an enum or a type beats the `anyOf` that
 * wraps them.
 */
import type { ErrorObject } from "ajv/dist/2020.js";

export interface PathSentence {
  /** Where: `$.a.b[0]` for an answer; `properties.eligible.type` for a schema. */
  path: string;
  message: string;
}

/** `/a/b/0` as `$.a.b[0]` (root "$"), or as `a.b[0]` (root ""). */
export function pathOf(instancePath: string, extra?: string, root = "$"): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  let out = root;
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || "the root";
}

export function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const p of instancePath.split("/").slice(1)) {
    const key = p.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

const A_TYPE: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "a list",
  null: "null",
};

/** The value as quoted in a sentence: short values as JSON, long ones and containers by kind. */
export function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (typeof v === "object") return "an object";
  const json = JSON.stringify(v);
  return json.length <= 40 ? json : `${typeof v === "string" ? "a string" : "a value"} of ${json.length} characters`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** The sentence for one ajv error; the value is read from the validated data. */
export function sentenceOf(e: ErrorObject, data: unknown, root = "$"): PathSentence {
  const p = e.params as Record<string, unknown>;
  const at = pathOf(e.instancePath, undefined, root);
  const got = `got ${shown(valueAt(data, e.instancePath))}`;
  switch (e.keyword) {
    case "required":
      return { path: pathOf(e.instancePath, String(p.missingProperty), root), message: "is required but missing" };
    case "additionalProperties":
      return { path: pathOf(e.instancePath, String(p.additionalProperty), root), message: "is not allowed by the schema (unknown property)" };
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const list = allowed.length > 8 ? `${allowed.slice(0, 8).join(", ")}, …` : orList(allowed);
      return { path: at, message: `must be one of ${list}, ${got}` };
    }
    case "type": {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(",")).map((t) => A_TYPE[String(t)] ?? String(t));
      return { path: at, message: `must be ${orList(types)}, ${got}` };
    }
    case "const":
      return { path: at, message: `must be ${JSON.stringify(p.allowedValue)}, ${got}` };
    case "pattern":
      return { path: at, message: `must match the pattern /${String(p.pattern)}/, ${got}` };
    case "format":
      return { path: at, message: `must be a valid ${String(p.format)}, ${got}` };
    case "minLength":
    case "maxLength":
      return { path: at, message: `must be ${e.keyword === "minLength" ? "at least" : "at most"} ${String(p.limit)} characters long, ${got}` };
    case "minItems":
    case "maxItems":
      return { path: at, message: `must have ${e.keyword === "minItems" ? "at least" : "at most"} ${String(p.limit)} items, ${got}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path: at, message: `${e.message ?? `breaks '${e.keyword}'`}, ${got}` };
    default:
      return { path: at, message: e.message ?? `breaks the schema's '${e.keyword}' rule` };
  }
}

// Errors that only say "one of the branches below failed": dropped when a branch said more.
const WRAPPERS = new Set(["anyOf", "oneOf", "allOf", "if", "not"]);
// Among errors for one path, the most telling first.
const RANK: Record<string, number> = { required: 0, additionalProperties: 0, enum: 1, const: 1, type: 2 };

/** One sentence per path, in ajv's order of first appearance. */
export function sentencesOf(errors: readonly ErrorObject[] | null | undefined, data: unknown, root = "$"): PathSentence[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors ?? []) {
    // required/additionalProperties point below their instancePath: key them by the property.
    const key = sentenceOf(e, data, root).path;
    const list = byPath.get(key);
    if (list) list.push(e);
    else byPath.set(key, [e]);
  }
  const out: PathSentence[] = [];
  for (const list of byPath.values()) {
    const telling = list.filter((e) => !WRAPPERS.has(e.keyword));
    const pool = telling.length ? telling : list;
    const best = [...pool].sort((a, b) => (RANK[a.keyword] ?? 3) - (RANK[b.keyword] ?? 3))[0]!;
    out.push(sentenceOf(best, data, root));
  }
  return out;
}

/**
 * What is wrong with a JSON Schema itself, checked against the meta-schema of the ajv instance
 * given: one sentence per path inside the schema ("properties.eligible.type must be one of
 * "array", "boolean", …, got "bool""). Empty when the meta-schema accepts it (a schema can
 * still fail to compile, e.g. an unresolvable $ref; ajv's own message says that well).
 */
export function metaSchemaSentences(
  ajv: { validateSchema(schema: unknown): boolean | Promise<unknown>; errors?: ErrorObject[] | null },
  schema: unknown,
): string[] {
  const valid = ajv.validateSchema(schema);
  if (valid === true) return [];
  return sentencesOf(ajv.errors, schema, "").map((s) => `${s.path} ${s.message}`);
}
