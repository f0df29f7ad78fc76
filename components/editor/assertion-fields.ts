/**
 * The form of each assertion type, derived from its zod schema (one definition per type: the
 * schema of assertions in contracts/). Each param becomes a field of a kind a form can show:
 * text, number, a switch, an option, or a list of texts. A param of another shape is shown as
 * JSON text, so a new type still gets a form.
 */
import type { z } from "zod";

export type FieldKind = "string" | "number" | "boolean" | "enum" | "strings" | "json";

export interface ParamField {
  name: string;
  kind: FieldKind;
  /** For "enum". */
  options: string[];
  optional: boolean;
  defaultValue: unknown;
  description: string;
}

export interface AssertionForm {
  type: string;
  fields: ParamField[];
}

interface Def {
  type: string;
  innerType?: { def: Def; description?: string };
  element?: { def: Def };
  entries?: Record<string, string>;
  values?: unknown[];
  defaultValue?: unknown;
}

function fieldOf(name: string, schema: { def: Def; description?: string }): ParamField {
  let s = schema;
  let optional = false;
  let defaultValue: unknown = undefined;
  for (;;) {
    const t = s.def.type;
    if (t === "optional" && s.def.innerType) {
      optional = true;
      s = s.def.innerType;
    } else if (t === "default" && s.def.innerType) {
      defaultValue = s.def.defaultValue;
      s = s.def.innerType;
    } else break;
  }
  const t = s.def.type;
  const kind: FieldKind =
    t === "string"
      ? "string"
      : t === "number" || t === "int"
        ? "number"
        : t === "boolean"
          ? "boolean"
          : t === "enum"
            ? "enum"
            : t === "array" && s.def.element?.def.type === "string"
              ? "strings"
              : "json";
  return {
    name,
    kind,
    options: t === "enum" ? Object.values(s.def.entries ?? {}) : [],
    optional,
    defaultValue,
    description: schema.description ?? s.description ?? "",
  };
}

/** The forms of a discriminated union of strict objects keyed by `type`. */
export function assertionForms(union: z.ZodDiscriminatedUnion): AssertionForm[] {
  return (union.options as unknown as { shape: Record<string, { def: Def; description?: string }> }[]).map((o) => {
    const { type, ...params } = o.shape;
    const literal = type?.def.values?.[0];
    return { type: String(literal), fields: Object.entries(params).map(([k, v]) => fieldOf(k, v)) };
  });
}

/** A new assertion of a type: required params get an empty value of their kind, the rest their default. */
export function newAssertion(form: AssertionForm): Record<string, unknown> {
  const a: Record<string, unknown> = { type: form.type };
  for (const f of form.fields) {
    if (f.defaultValue !== undefined) a[f.name] = structuredClone(f.defaultValue);
    else if (f.optional) continue;
    else
      a[f.name] =
        f.kind === "number"
          ? 1
          : f.kind === "boolean"
            ? false
            : f.kind === "strings"
              ? []
              : f.kind === "enum"
                ? (f.options[0] ?? "")
                : f.kind === "json"
                  ? null
                  : "";
  }
  return a;
}

/** "max_length" → "Max length"; "says_idk" → "Says “I don't know”". */
export function typeLabel(type: string): string {
  const words = type.replace(/_idk\b/, " “I don't know”").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "caseSensitive" → "Case sensitive". */
export function paramLabel(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
