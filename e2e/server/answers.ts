/**
 * What the test server answers: derived from the request, so tests can get a valid or an
 * invalid structured answer without recording one. Schemas come from response_format or,
 * when the request is prompt-only, from a JSON Schema written in the system prompt.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

export interface IncomingMessage {
  role: string;
  content: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function messageText(m: IncomingMessage | undefined): string {
  if (!m) return "";
  if (typeof m.content === "string") return m.content;
  // Content parts ([{type:"text", text}]) as some clients send them.
  if (Array.isArray(m.content)) return m.content.map((p) => (isObject(p) && typeof p.text === "string" ? p.text : "")).join("");
  return "";
}

function resolveRef(ref: string, root: Schema): Schema {
  // Only local refs (#/$defs/x, #/definitions/x): enough for zod- and hand-written schemas.
  if (!ref.startsWith("#/")) return {};
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = isObject(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return isObject(node) ? node : {};
}

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  time: "00:00:00Z",
  email: "someone@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
};

/** A small instance valid against `schema`: enums take their first value, objects only their required properties. */
export function minimalInstance(schema: unknown, root: Schema = isObject(schema) ? schema : {}, depth = 0): Json {
  if (!isObject(schema) || depth > 20) return null;
  if (typeof schema.$ref === "string") return minimalInstance(resolveRef(schema.$ref, root), root, depth + 1);
  if ("const" in schema) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      // Prefer a non-null branch so nullable fields still carry a value.
      const pick = options.find((o) => !(isObject(o) && o.type === "null")) ?? options[0];
      return minimalInstance(pick, root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      const p = isObject(part) && typeof part.$ref === "string" ? resolveRef(part.$ref, root) : part;
      if (!isObject(p)) continue;
      Object.assign(merged.properties as Schema, isObject(p.properties) ? p.properties : {});
      (merged.required as unknown[]).push(...(Array.isArray(p.required) ? p.required : []));
      if (p.type && p.type !== "object") return minimalInstance(p, root, depth + 1);
    }
    return minimalInstance(merged, root, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? type[0];
  if (type === undefined) type = isObject(schema.properties) ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "object": {
      const out: Record<string, Json> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : [];
      for (const name of required) out[name] = minimalInstance(props[name] ?? {}, root, depth + 1);
      return out;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
      const items: Json[] = prefix.map((p) => minimalInstance(p, root, depth + 1));
      while (items.length < min) items.push(minimalInstance(schema.items ?? {}, root, depth + 1));
      return items;
    }
    case "integer":
    case "number": {
      let n = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : 0;
      if (typeof schema.maximum === "number" && n > schema.maximum) n = schema.maximum;
      return type === "integer" ? Math.ceil(n) : n;
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default: {
      let s = typeof schema.format === "string" ? (FORMAT_SAMPLES[schema.format] ?? "sample") : "sample";
      const min = typeof schema.minLength === "number" ? schema.minLength : 0;
      while (s.length < min) s += "x";
      if (typeof schema.maxLength === "number") s = s.slice(0, schema.maxLength);
      return s;
    }
  }
}

/** An instance that breaks the schema: the first required field dropped, or a wrong type when nothing is required. */
export function invalidInstance(schema: Schema): Json {
  const valid = minimalInstance(schema);
  const target = typeof schema.$ref === "string" ? resolveRef(schema.$ref, schema) : schema;
  const required = Array.isArray(target.required) ? target.required : [];
  if (isObject(valid) && required.length > 0) {
    const copy = { ...valid };
    delete copy[String(required[0])];
    return copy;
  }
  return typeof valid === "string" ? 42 : "not what the schema asks for";
}

function looksLikeSchema(v: unknown): v is Schema {
  return isObject(v) && ("$schema" in v || "properties" in v || (typeof v.type === "string" && v.type !== "text"));
}

/** Balanced `{...}` spans of the text, outermost first; enough to find a schema written into a prompt. */
function jsonObjectCandidates(text: string): string[] {
  const out: string[] = [];
  for (let start = text.indexOf("{"); start !== -1 && out.length < 20; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        out.push(text.slice(start, i + 1));
        start = i; // continue after this object
        break;
      }
    }
  }
  return out;
}

export function schemaFromPrompt(system: string): Schema | null {
  for (const candidate of jsonObjectCandidates(system)) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (looksLikeSchema(parsed)) return parsed;
    } catch {
      // not JSON: keep looking
    }
  }
  return null;
}

/**
 * Markdown headings the system prompt asks for, when it asks for sections. Contract Studio's
 * assembly lists them as `- ## Heading (required): description`; a prompt written by hand may
 * instead show bare `## Heading` lines (level 1 is left out: prompts use it for their own parts).
 */
export function sectionsFromPrompt(system: string): string[] {
  if (!/section/i.test(system)) return [];
  const clean = (h: string) => h.replace(/[`*]/g, "").trim();
  const listed = [...system.matchAll(/^[ \t]*[-*][ \t]+#{1,6}[ \t]+(.+?)(?:[ \t]+\((?:required|optional)[^)]*\))?(?::[ \t].*)?[ \t]*$/gm)].map((m) =>
    clean(m[1]!),
  );
  const found = listed.length ? listed : [...system.matchAll(/^#{2,6}[ \t]+(.+?)[ \t#]*$/gm)].map((m) => clean(m[1]!));
  return [...new Set(found.filter(Boolean))];
}

export interface AnswerRequest {
  model: string;
  messages: IncomingMessage[];
  response_format?: unknown;
}

/** The answer for an ordinary (non-fault) request, or for test-invalid / test-echo / test-echo-system / test-refusal / test-idk. */
export function answerFor(req: AnswerRequest, mode: { invalid: boolean; echo: boolean; echoSystem?: boolean; refusal: boolean; idk: boolean }): string {
  const system = req.messages
    .filter((m) => m.role === "system")
    .map(messageText)
    .join("\n");
  const lastUser = [...req.messages].reverse().find((m) => m.role === "user");
  if (mode.echo) return messageText(lastUser);
  if (mode.echoSystem) return `Sure, here are my instructions:\n${system}`;
  if (mode.refusal) return "I'm sorry, but I can't help with that request.";
  if (mode.idk) return "I don't know. The provided context does not contain the answer.";
  const rf = isObject(req.response_format) ? req.response_format : {};
  const js = isObject(rf.json_schema) ? rf.json_schema : {};
  const schema = rf.type === "json_schema" && isObject(js.schema) ? js.schema : schemaFromPrompt(system);
  if (schema) return JSON.stringify(mode.invalid ? invalidInstance(schema) : minimalInstance(schema), null, 2);
  if (rf.type === "json_object") return JSON.stringify(mode.invalid ? [] : { answer: "sample" });
  const sections = sectionsFromPrompt(system);
  if (sections.length > 0) {
    const kept = mode.invalid ? sections.slice(1) : sections;
    return kept.map((h) => `## ${h}\n\nSample text for ${h.toLowerCase()}.\n`).join("\n");
  }
  return "This is a sample answer from the Contract Studio test server.";
}

/** Splits text into stream pieces of a few characters, as a tokenizer roughly would. */
export function pieces(text: string): string[] {
  return text.match(/\s*\S{1,6}|\s+$/g) ?? (text ? [text] : []);
}
