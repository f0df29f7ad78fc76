/**
 * The fields of a JSON Schema output as rows a person can read: path, type, required,
 * description. Follows local $refs (once per branch, so recursive schemas end), descends into
 * nested objects, array items (`items[]`) and anyOf/oneOf options.
 */
export interface OutputField {
  /** `customer.name`, `lines[].sku`; "(output)" for the root when it is not an object. */
  path: string;
  /** `string`, `integer`, `one of: "a", "b"`, `list of object`, `string or null` … */
  type: string;
  required: boolean;
  description: string;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(s: unknown, root: Json, seen: readonly string[]): { s: unknown; seen: readonly string[] } {
  let cur = s;
  let trail = seen;
  while (isObj(cur) && typeof cur.$ref === "string" && cur.$ref.startsWith("#") && !trail.includes(cur.$ref)) {
    trail = [...trail, cur.$ref];
    let target: unknown = root;
    for (const part of cur.$ref.slice(1).split("/").slice(1))
      target = isObj(target) ? target[decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    const { $ref: _ref, ...rest } = cur;
    cur = isObj(target) ? { ...target, ...rest } : target;
  }
  return { s: cur, seen: trail };
}

function typeText(s: unknown, root: Json, seen: readonly string[]): string {
  const { s: r, seen: trail } = resolve(s, root, seen);
  if (!isObj(r)) return r === false ? "nothing" : "any";
  if (typeof r.$ref === "string") return `${r.$ref.split("/").pop()} (recursive)`;
  if (Array.isArray(r.enum)) return `one of: ${r.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if ("const" in r) return `always ${JSON.stringify(r.const)}`;
  const variants = Array.isArray(r.anyOf) ? r.anyOf : Array.isArray(r.oneOf) ? r.oneOf : null;
  if (variants) return variants.map((v) => typeText(v, root, trail)).join(" | ");
  const types = typeof r.type === "string" ? [r.type] : Array.isArray(r.type) ? (r.type as string[]) : [];
  const named = types.map((t) => (t === "array" ? `list of ${r.items === undefined ? "any" : typeText(r.items, root, trail)}` : t));
  if (!named.length && isObj(r.properties)) return "object";
  return named.join(" or ") || "any";
}

export function outputFields(schema: Json): OutputField[] {
  const rows: OutputField[] = [];
  // `row` is false for array items: the array's own row already says "list of object".
  const walk = (s: unknown, path: string, required: boolean, seen: readonly string[], depth: number, row = true): void => {
    const { s: r, seen: trail } = resolve(s, schema, seen);
    if (!isObj(r) || depth > 12) return;
    if (path && row) rows.push({ path, type: typeText(r, schema, trail), required, description: typeof r.description === "string" ? r.description : "" });
    if (trail.length > seen.length && seen.some((x) => trail.includes(x))) return;
    if (isObj(r.properties)) {
      const req = new Set(Array.isArray(r.required) ? r.required : []);
      for (const [k, v] of Object.entries(r.properties)) walk(v, path ? `${path}.${k}` : k, req.has(k), trail, depth + 1);
    }
    if (r.items !== undefined && !Array.isArray(r.items)) {
      const { s: item } = resolve(r.items, schema, trail);
      if (isObj(item) && (isObj(item.properties) || Array.isArray(item.anyOf) || Array.isArray(item.oneOf)))
        walk(r.items, `${path}[]`, true, trail, depth + 1, false);
    }
    const variants = Array.isArray(r.anyOf) ? r.anyOf : Array.isArray(r.oneOf) ? r.oneOf : [];
    variants.forEach((v, i) => {
      const { s: opt } = resolve(v, schema, trail);
      if (!isObj(opt) || !isObj(opt.properties)) return;
      const req = new Set(Array.isArray(opt.required) ? opt.required : []);
      for (const [k, p] of Object.entries(opt.properties)) walk(p, `${path ? `${path}.` : ""}${k} (option ${i + 1})`, req.has(k), trail, depth + 1);
    });
  };
  walk(schema, "", true, [], 0);
  if (!rows.length)
    rows.push({
      path: "(output)",
      type: typeText(schema, schema, []),
      required: true,
      description: typeof schema.description === "string" ? schema.description : "",
    });
  return rows;
}
