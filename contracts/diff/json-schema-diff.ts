/**
 * Semantic diff of two JSON Schemas, judged from the reader of the output: whatever lets the
 * output hold something the reader has not seen before (a removed or renamed field, a new enum
 * value, a new type, extra properties, a looser bound) can break it and is major; whatever
 * only narrows what the output may hold (an enum value removed, a field made required, extra
 * properties closed, a tighter bound) is minor; documentation is patch. The one exception,
 * from the product rules: a new optional field is minor, as readers ignore fields they do not know.
 *
 * additionalProperties: absent or true means open. Closing it (→ false) is minor: readers now
 * get only the fields they know. Opening it (false → true or a schema) is major: a reader that
 * rejects unknown keys (generated types, strict decoders) may break. A schema → schema change
 * is diffed like any field, as `field.*`.
 *
 * Local `$ref`s (`#/$defs/X`, `#/definitions/X`, any `#/...` pointer) are followed, with a guard
 * against recursive definitions; `anyOf`/`oneOf` variants are matched by content, then by
 * discriminator (a property with a `const`), then by position.
 */
import { formatPath } from "../errors.ts";
import { canonicalJson } from "../versions/hash.ts";
import type { ChangeLevel, ChangeLog } from "./types.ts";
import { capitalize, show } from "./text.ts";

type Json = Record<string, unknown>;

interface Walk {
  log: ChangeLog;
  rootA: Json;
  rootB: Json;
  /** Ref pairs on the current walk, so recursive schemas stop. */
  stack: Set<string>;
  /** When both roots hold the same definitions, equal text means equal meaning and can be skipped. */
  defsEqual: boolean;
}

interface At {
  /** Reader's view of the field: `customer.address.city`, `items[].sku`, `meta.*`; "" for the output itself. */
  field: string;
  /** Location in the contract, following refs as if inlined. */
  path: PropertyKey[];
  /** "option 2" inside an anyOf/oneOf. */
  variant?: string;
}

const READERS_BREAK = "readers of the output will break";
const DOC_KEYS = new Set(["title", "description", "default", "examples", "$comment"]);
/** Bounds where a larger value lets more through. */
const UPPER = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);
/** Bounds where a smaller value lets more through. */
const LOWER = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
/** Restrictions whose change cannot be ranked looser or tighter. */
const OTHER_RESTRICTIONS = new Set([
  "pattern",
  "format",
  "multipleOf",
  "uniqueItems",
  "propertyNames",
  "contains",
  "not",
  "allOf",
  "patternProperties",
  "dependentRequired",
  "if",
  "then",
  "else",
]);
const HANDLED = new Set([
  ...DOC_KEYS,
  ...UPPER,
  ...LOWER,
  ...OTHER_RESTRICTIONS,
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "prefixItems",
  "anyOf",
  "oneOf",
  "$ref",
  "$defs",
  "definitions",
  "$schema",
  "$id",
  "$anchor",
]);

export function diffJsonSchema(a: Json, b: Json, log: ChangeLog, path: PropertyKey[]): void {
  const defs = (s: Json) => canonicalJson([s.$defs, s.definitions]);
  const walk: Walk = { log, rootA: a, rootB: b, stack: new Set(), defsEqual: defs(a) === defs(b) };
  diffNode(a, b, { field: "", path }, walk);
}

function isObj(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function pointer(root: Json, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined; // remote refs are not followed: compared as text
  const parts = ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur: unknown = root;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/** Follows local refs; sibling keywords next to a $ref override the target's (2020-12 semantics, simplified). */
function deref(schema: unknown, root: Json): { s: unknown; refs: string[] } {
  const refs: string[] = [];
  let s = schema;
  while (isObj(s) && typeof s.$ref === "string" && refs.length < 32) {
    const target = pointer(root, s.$ref);
    if (target === undefined || refs.includes(s.$ref)) break;
    refs.push(s.$ref);
    const { $ref: _ref, ...rest } = s;
    s = isObj(target) ? { ...target, ...rest } : target;
  }
  return { s, refs };
}

function noun(at: At): string {
  const base = at.field === "" ? "the output" : `output field \`${at.field}\``;
  return at.variant ? `${base} (${at.variant})` : base;
}

function add(w: Walk, at: At, kind: string, level: ChangeLevel, sentence: string, before?: unknown, after?: unknown, extra: PropertyKey[] = []): void {
  w.log.add({ kind, path: formatPath([...at.path, ...extra]), field: at.field || "(output)", sentence: capitalize(sentence), level, before, after });
}

function typesOf(s: Json): string[] | null {
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === "string");
  return null;
}

/** Whether type `t` is allowed by `set` ("integer" is within "number"). */
function covers(set: string[], t: string): boolean {
  return set.includes(t) || (t === "integer" && set.includes("number"));
}

function enumOf(s: Json): unknown[] | null {
  if (Array.isArray(s.enum)) return s.enum;
  if ("const" in s) return [s.const];
  return null;
}

function variantsOf(s: Json): { kw: "anyOf" | "oneOf"; list: unknown[] } | null {
  if (Array.isArray(s.anyOf)) return { kw: "anyOf", list: s.anyOf };
  if (Array.isArray(s.oneOf)) return { kw: "oneOf", list: s.oneOf };
  return null;
}

function withoutDocs(s: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) if (!DOC_KEYS.has(k)) out[k] = v;
  return out;
}

function diffNode(rawA: unknown, rawB: unknown, at: At, w: Walk): void {
  const da = deref(rawA, w.rootA);
  const db = deref(rawB, w.rootB);
  const key = `${da.refs.join(">")}|${db.refs.join(">")}`;
  if ((da.refs.length || db.refs.length) && w.stack.has(key)) return; // recursive definition: already on this walk
  if (w.defsEqual && !da.refs.length && !db.refs.length && canonicalJson(rawA) === canonicalJson(rawB)) return;
  const a = da.s;
  const b = db.s;
  if (!isObj(a) || !isObj(b)) {
    // Boolean schemas (true = anything, false = nothing), rare in outputs.
    if (canonicalJson(a) !== canonicalJson(b))
      add(w, at, "schema_changed", b === false ? "minor" : "major", `${noun(at)} schema changed from ${show(a)} to ${show(b)}`, a, b);
    return;
  }
  if (da.refs.length || db.refs.length) w.stack.add(key);
  try {
    diffDocs(a, b, at, w);
    const va = variantsOf(a);
    const vb = variantsOf(b);
    if (va || vb) {
      diffVariants(a, b, va, vb, at, w);
      // One side plain, one a union: the plain side was compared whole, as a union of one.
      if (!va || !vb) return;
    } else {
      diffTypes(a, b, at, w);
      diffEnum(a, b, at, w);
    }
    diffBounds(a, b, at, w);
    diffObject(a, b, at, w);
    diffArray(a, b, at, w);
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (HANDLED.has(k) || canonicalJson(a[k]) === canonicalJson(b[k])) continue;
      add(w, at, "keyword_changed", "minor", `keyword \`${k}\` of ${noun(at)} changed`, a[k], b[k], [k]);
    }
  } finally {
    w.stack.delete(key);
  }
}

function diffDocs(a: Json, b: Json, at: At, w: Walk): void {
  for (const k of ["title", "description"] as const)
    if (canonicalJson(a[k]) !== canonicalJson(b[k])) add(w, at, `${k}_changed`, "patch", `${k} of ${noun(at)} reworded`, a[k], b[k], [k]);
  for (const k of ["default", "examples"] as const)
    if (canonicalJson(a[k]) !== canonicalJson(b[k]))
      add(w, at, `${k}_changed`, "patch", `${k === "default" ? "default" : "examples"} of ${noun(at)} changed`, a[k], b[k], [k]);
}

function diffTypes(a: Json, b: Json, at: At, w: Walk): void {
  const ta = typesOf(a);
  const tb = typesOf(b);
  if (canonicalJson(ta) === canonicalJson(tb)) return;
  const list = (ts: string[]) => ts.join(" or ");
  if (!ta && tb) return add(w, at, "type_narrowed", "minor", `${noun(at)} is now always ${list(tb)}`, undefined, b.type, ["type"]);
  if (ta && !tb)
    return add(w, at, "type_widened", "major", `${noun(at)} may now be any type, not only ${list(ta)} (${READERS_BREAK})`, a.type, undefined, ["type"]);
  if (!ta || !tb) return;
  const added = tb.filter((t) => !covers(ta, t));
  const removed = ta.filter((t) => !covers(tb, t));
  if (added.length && removed.length)
    add(w, at, "type_changed", "major", `${noun(at)} changed type from ${list(ta)} to ${list(tb)} (${READERS_BREAK})`, a.type, b.type, ["type"]);
  else if (added.length) add(w, at, "type_widened", "major", `${noun(at)} may now also be ${list(added)} (${READERS_BREAK})`, a.type, b.type, ["type"]);
  else if (removed.length) add(w, at, "type_narrowed", "minor", `${noun(at)} can no longer be ${list(removed)}`, a.type, b.type, ["type"]);
}

function diffEnum(a: Json, b: Json, at: At, w: Walk): void {
  const ea = enumOf(a);
  const eb = enumOf(b);
  if (canonicalJson(ea) === canonicalJson(eb)) return;
  const kw = Array.isArray(b.enum) || !("const" in b) ? "enum" : "const";
  if (!ea && eb) return add(w, at, "enum_added", "minor", `${noun(at)} is now limited to ${eb.map((v) => show(v)).join(", ")}`, undefined, eb, [kw]);
  if (ea && !eb)
    return add(
      w,
      at,
      "enum_removed",
      "major",
      `${noun(at)} is no longer limited to ${ea.map((v) => show(v)).join(", ")} (readers may not handle other values)`,
      ea,
      undefined,
      ["enum"],
    );
  if (!ea || !eb) return;
  const inA = new Set(ea.map((v) => canonicalJson(v)));
  const inB = new Set(eb.map((v) => canonicalJson(v)));
  for (const v of eb)
    if (!inA.has(canonicalJson(v)))
      add(w, at, "enum_value_added", "major", `${noun(at)} allows a new value ${show(v)} (readers may not handle it)`, undefined, v, [kw]);
  for (const v of ea)
    if (!inB.has(canonicalJson(v))) add(w, at, "enum_value_removed", "minor", `${noun(at)} no longer produces ${show(v)}`, v, undefined, [kw]);
}

function diffBounds(a: Json, b: Json, at: At, w: Walk): void {
  for (const k of [...UPPER, ...LOWER, ...OTHER_RESTRICTIONS]) {
    const x = a[k];
    const y = b[k];
    if (canonicalJson(x) === canonicalJson(y)) continue;
    let looser: boolean;
    if (x === undefined) looser = false;
    else if (y === undefined) looser = true;
    else if (typeof x === "number" && typeof y === "number") looser = UPPER.has(k) ? y > x : LOWER.has(k) ? y < x : true;
    else looser = true; // a different pattern or format: cannot tell, so assume readers may see new values
    const what =
      x === undefined ? `now has ${k} ${show(y)}` : y === undefined ? `no longer has ${k} (was ${show(x)})` : `${k} changed from ${show(x)} to ${show(y)}`;
    add(
      w,
      at,
      looser ? "restriction_loosened" : "restriction_tightened",
      looser ? "major" : "minor",
      `${noun(at)} ${what}${looser ? ` (${READERS_BREAK} if they rely on it)` : ""}`,
      x,
      y,
      [k],
    );
  }
}

/** A field inside `at`; inside a union variant, sentences keep saying which option. */
function child(at: At, field: string, ...path: PropertyKey[]): At {
  return { field, path: [...at.path, ...path], ...(at.variant ? { variant: at.variant } : {}) };
}

function fieldName(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Fingerprint for rename detection: the field's meaning without its documentation. */
function fingerprint(s: unknown, root: Json): string {
  const d = deref(s, root).s;
  return canonicalJson(isObj(d) ? withoutDocs(d) : d);
}

type Openness = { kind: "open" } | { kind: "closed" } | { kind: "schema"; schema: unknown };

function openness(s: Json): Openness {
  const ap = s.additionalProperties;
  if (ap === undefined || ap === true) return { kind: "open" };
  if (ap === false) return { kind: "closed" };
  return { kind: "schema", schema: ap };
}

function diffObject(a: Json, b: Json, at: At, w: Walk): void {
  const pa = isObj(a.properties) ? a.properties : {};
  const pb = isObj(b.properties) ? b.properties : {};
  const ra = new Set(Array.isArray(a.required) ? a.required.filter((r): r is string => typeof r === "string") : []);
  const rb = new Set(Array.isArray(b.required) ? b.required.filter((r): r is string => typeof r === "string") : []);
  const removed = Object.keys(pa).filter((k) => !(k in pb));
  const added = Object.keys(pb).filter((k) => !(k in pa));

  // A removed field and an added field with the same meaning are one renamed field.
  const renames = new Map<string, string>();
  const taken = new Set<string>();
  for (const r of removed) {
    const fp = fingerprint(pa[r], w.rootA);
    const match = added.find((n) => !taken.has(n) && fingerprint(pb[n], w.rootB) === fp);
    if (match) {
      renames.set(r, match);
      taken.add(match);
    }
  }
  for (const r of removed) {
    const to = renames.get(r);
    const f = fieldName(at.field, r);
    const c = child(at, f, "properties", to ?? r);
    if (to) add(w, c, "field_renamed", "major", `${noun(c)} renamed to \`${fieldName(at.field, to)}\` (${READERS_BREAK})`, r, to);
    else add(w, c, "field_removed", "major", `${noun(c)} removed (${READERS_BREAK})`, pa[r]);
  }
  for (const n of added) {
    if (taken.has(n)) continue;
    const f = fieldName(at.field, n);
    const c = child(at, f, "properties", n);
    add(w, c, "field_added", "minor", `${rb.has(n) ? "required" : "optional"} ${noun(c)} added`, undefined, pb[n]);
  }
  for (const k of Object.keys(pb)) {
    if (!(k in pa)) continue;
    const c = child(at, fieldName(at.field, k), "properties", k);
    if (ra.has(k) && !rb.has(k)) add(w, c, "field_now_optional", "major", `${noun(c)} is no longer required (readers that expect it will break)`, true, false);
    if (!ra.has(k) && rb.has(k)) add(w, c, "field_now_required", "minor", `${noun(c)} is now required`, false, true);
    diffNode(pa[k], pb[k], c, w);
  }

  // Only judge openness where it means something: on object schemas.
  const isObjectSchema = (s: Json) => isObj(s.properties) || s.additionalProperties !== undefined || covers(typesOf(s) ?? [], "object");
  if (!isObjectSchema(a) && !isObjectSchema(b)) return;
  const oa = openness(a);
  const ob = openness(b);
  const it = at.field === "" ? "the output object" : `output object \`${at.field}\``;
  const ap = [...at.path, "additionalProperties"];
  const apAt: At = { ...at, path: ap };
  if (oa.kind === "schema" && ob.kind === "schema") diffNode(oa.schema, ob.schema, { field: `${at.field || ""}${at.field ? "." : ""}*`, path: ap }, w);
  else if (oa.kind === ob.kind) return;
  else if (ob.kind === "closed") add(w, apAt, "additional_properties_closed", "minor", `${it} no longer allows extra fields`, a.additionalProperties, false);
  else if (oa.kind === "closed" || (oa.kind === "schema" && ob.kind === "open"))
    add(
      w,
      apAt,
      "additional_properties_opened",
      "major",
      `${it} may now carry extra fields (readers that reject unknown fields will break)`,
      a.additionalProperties,
      b.additionalProperties,
    );
  else
    add(
      w,
      apAt,
      "additional_properties_narrowed",
      "minor",
      `extra fields of ${it} are now constrained by a schema`,
      a.additionalProperties,
      b.additionalProperties,
    );
}

function diffArray(a: Json, b: Json, at: At, w: Walk): void {
  const itemsField = `${at.field}[]`;
  if (a.items !== undefined || b.items !== undefined) {
    if (Array.isArray(a.items) || Array.isArray(b.items)) {
      // Draft-07 tuples.
      diffTuple(Array.isArray(a.items) ? a.items : [], Array.isArray(b.items) ? b.items : [], at, "items", w);
    } else if (a.items === undefined || b.items === undefined) {
      const gone = b.items === undefined;
      add(
        w,
        child(at, itemsField, "items"),
        gone ? "items_unconstrained" : "items_constrained",
        gone ? "major" : "minor",
        gone ? `items of ${noun(at)} are no longer constrained (${READERS_BREAK})` : `items of ${noun(at)} now follow a schema`,
        a.items,
        b.items,
      );
    } else diffNode(a.items, b.items, child(at, itemsField, "items"), w);
  }
  if (Array.isArray(a.prefixItems) || Array.isArray(b.prefixItems))
    diffTuple(Array.isArray(a.prefixItems) ? a.prefixItems : [], Array.isArray(b.prefixItems) ? b.prefixItems : [], at, "prefixItems", w);
}

function diffTuple(a: unknown[], b: unknown[], at: At, kw: string, w: Walk): void {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = child(at, `${at.field}[${i}]`, kw, i);
    if (i >= b.length) add(w, c, "tuple_item_removed", "major", `output field \`${c.field}\` removed (${READERS_BREAK})`, a[i]);
    else if (i >= a.length) add(w, c, "tuple_item_added", "minor", `output field \`${c.field}\` added`, undefined, b[i]);
    else diffNode(a[i], b[i], c, w);
  }
}

/** The value of a property with a `const` (or a one-value enum): how tagged unions tell variants apart. */
function discriminator(s: unknown, root: Json): string | null {
  const d = deref(s, root).s;
  if (!isObj(d) || !isObj(d.properties)) return null;
  for (const [k, p] of Object.entries(d.properties)) {
    const pd = deref(p, root).s;
    if (!isObj(pd)) continue;
    const e = enumOf(pd);
    if (e && e.length === 1) return `${k}=${canonicalJson(e[0])}`;
  }
  return null;
}

function summary(s: unknown, root: Json): string {
  const d = deref(s, root).s;
  if (!isObj(d)) return show(d);
  if (typeof d.title === "string") return `'${d.title}'`;
  const disc = discriminator(d, root);
  if (disc) return `an object with ${disc}`;
  const t = typesOf(d);
  if (t) return t.join(" or ");
  const e = enumOf(d);
  if (e) return e.map((v) => show(v)).join(", ");
  return "another shape";
}

function diffVariants(
  a: Json,
  b: Json,
  va: { kw: "anyOf" | "oneOf"; list: unknown[] } | null,
  vb: { kw: "anyOf" | "oneOf"; list: unknown[] } | null,
  at: At,
  w: Walk,
): void {
  // A schema without variants is a union of one: itself minus its docs and variant keywords.
  const single = (s: Json): unknown[] => [withoutDocs(Object.fromEntries(Object.entries(s).filter(([k]) => k !== "anyOf" && k !== "oneOf")))];
  const la = va?.list ?? single(a);
  const lb = vb?.list ?? single(b);
  const kwB = vb?.kw ?? va?.kw ?? "anyOf";
  if (va && vb && va.kw !== vb.kw) add(w, at, "union_keyword_changed", "patch", `${noun(at)} switched from ${va.kw} to ${vb.kw}`, va.kw, vb.kw, [vb.kw]);

  const pairs: [number, number][] = [];
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const tryPair = (key: (s: unknown, root: Json) => string | null) => {
    for (let i = 0; i < la.length; i++) {
      if (usedA.has(i)) continue;
      const ka = key(la[i], w.rootA);
      if (ka === null) continue;
      for (let j = 0; j < lb.length; j++) {
        if (usedB.has(j) || key(lb[j], w.rootB) !== ka) continue;
        pairs.push([i, j]);
        usedA.add(i);
        usedB.add(j);
        break;
      }
    }
  };
  tryPair(fingerprint);
  tryPair(discriminator);
  tryPair((s, root) => {
    const d = deref(s, root).s;
    return isObj(d) && typeof d.title === "string" ? `title:${d.title}` : null;
  });
  tryPair((s, root) => {
    const d = deref(s, root).s;
    const t = isObj(d) ? typesOf(d) : null;
    return t ? `type:${[...t].sort().join(",")}` : null;
  });
  const leftA = la.map((_, i) => i).filter((i) => !usedA.has(i));
  const leftB = lb.map((_, j) => j).filter((j) => !usedB.has(j));
  if (leftA.length === 1 && leftB.length === 1) {
    pairs.push([leftA[0]!, leftB[0]!]);
    usedA.add(leftA[0]!);
    usedB.add(leftB[0]!);
  }
  for (const [i, j] of pairs) {
    const label = lb.length > 1 ? `option ${j + 1}` : undefined;
    diffNode(la[i], lb[j], { field: at.field, path: vb ? [...at.path, kwB, j] : at.path, variant: label }, w);
  }
  for (let j = 0; j < lb.length; j++)
    if (!usedB.has(j))
      add(w, at, "variant_added", "major", `${noun(at)} may now also be ${summary(lb[j], w.rootB)} (${READERS_BREAK})`, undefined, lb[j], [kwB, j]);
  for (let i = 0; i < la.length; i++)
    if (!usedA.has(i))
      add(w, at, "variant_removed", "minor", `${noun(at)} can no longer be ${summary(la[i], w.rootA)}`, la[i], undefined, va ? [va.kw, i] : []);
}
