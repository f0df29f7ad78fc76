/** Checks on the answer's shape: the output schema, the sections, a whole answer, values at JSON paths. */
import { z } from "zod";
import { canonicalJson } from "../../versions/hash.ts";
import { CUT_OFF_MESSAGE, markdownHeadings, validateOutput } from "../../validate-output.ts";
import { parseJsonPath, jsonPathValue } from "../json-path.ts";
import { compileRegex } from "./text.ts";
import { defineAssertion, quote, verdict, type AssertionContext, type Verdict } from "./define.ts";

export const schemaValid = defineAssertion({
  type: "schema_valid",
  label: "Valid against the output schema",
  schema: z.strictObject({ type: z.literal("schema_valid") }),
  describe: () => "The answer is JSON that matches the output schema.",
  evaluate: (_p, ctx) => {
    const out = ctx.contract.output;
    if (out.kind !== "json_schema") return verdict(false, `the contract's output is ${out.kind}, not a JSON schema, so there is no schema to check`);
    const v = validateOutput(out, ctx.text);
    if (v.ok) return verdict(true, v.warnings.length ? `matches the output schema (${v.warnings[0]})` : "matches the output schema");
    const first = v.violations[0]!;
    const more = v.violations.length > 1 ? ` (and ${v.violations.length - 1} more)` : "";
    return verdict(false, `${first.path}: ${first.message}${more}`);
  },
});

const heading = z.string().min(1, "a heading cannot be empty");

export const sectionsPresent = defineAssertion({
  type: "sections_present",
  label: "Sections present",
  schema: z.strictObject({
    type: z.literal("sections_present"),
    /** Headings to look for; absent: the contract's required sections. */
    headings: z.array(heading).optional(),
  }),
  describe: (p) =>
    p.headings?.length ? `The answer has the sections ${p.headings.map((h) => quote(h, 40)).join(", ")}.` : "The answer has every required section.",
  evaluate: (p, ctx) => {
    const out = ctx.contract.output;
    const wanted = p.headings?.length ? p.headings : out.kind === "sections" ? out.sections.filter((s) => s.required).map((s) => s.heading) : [];
    if (!wanted.length) return verdict(false, "no sections to look for: the contract's output has no required sections and the assertion lists none");
    const norm = (h: string) =>
      h
        .replace(/[\s:.]+$/, "")
        .trim()
        .toLowerCase();
    const present = new Set(markdownHeadings(ctx.text));
    const missing = wanted.filter((h) => !present.has(norm(h)));
    if (!missing.length) return verdict(true, `has ${wanted.length === 1 ? "the section" : `all ${wanted.length} sections`}`);
    return {
      pass: false,
      score: (wanted.length - missing.length) / wanted.length,
      reason: `missing ${missing.map((h) => `"## ${h}"`).join(", ")}`,
    };
  },
});

export const notCutOff = defineAssertion({
  type: "not_cut_off",
  label: "Not cut off",
  schema: z.strictObject({ type: z.literal("not_cut_off") }),
  describe: () => "The answer is complete, not cut off at the token limit.",
  evaluate: (_p, ctx) =>
    ctx.result.finishReason === "length"
      ? verdict(false, CUT_OFF_MESSAGE)
      : verdict(true, `complete (finish_reason ${ctx.result.finishReason ?? "not given"})`),
});

/** A JSON path param: checked when the file is read, so a typo shows in the editor, not at run time. */
const jsonPath = z.string().superRefine((p, ctx) => {
  const parsed = parseJsonPath(p);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
});

/** The value at the path, or the failing verdict saying why there is none. */
function at(path: string, ctx: AssertionContext): { value: unknown } | Verdict {
  if (ctx.json === undefined) return verdict(false, "the answer is not JSON");
  const v = jsonPathValue(ctx.json, path);
  return v.found ? { value: v.value } : verdict(false, v.message);
}
/** A value as JSON text, shortened: 30, "tech", {"a":1}. */
const show = (v: unknown) => {
  const t = JSON.stringify(v) ?? "undefined";
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
};

export const jsonPathEquals = defineAssertion({
  type: "json_path_equals",
  label: "JSON path equals",
  schema: z.strictObject({ type: z.literal("json_path_equals"), path: jsonPath, value: z.unknown() }),
  describe: (p) => `The answer's ${p.path} is ${show(p.value)}.`,
  evaluate: (p, ctx) => {
    const v = at(p.path, ctx);
    if ("pass" in v) return v;
    // Deep equality that ignores key order: two objects with the same keys and values are equal.
    return canonicalJson(v.value) === canonicalJson(p.value)
      ? verdict(true, `${p.path} is ${show(p.value)}`)
      : verdict(false, `${p.path} is ${show(v.value)}, not ${show(p.value)}`);
  },
});

export const jsonPathMatches = defineAssertion({
  type: "json_path_matches",
  label: "JSON path matches a pattern",
  schema: z.strictObject({
    type: z.literal("json_path_matches"),
    path: jsonPath,
    pattern: z.string().min(1, "write the pattern"),
    flags: z
      .string()
      .regex(/^[gimsuy]*$/, "flags are letters among g i m s u y")
      .default(""),
  }),
  describe: (p) => `The answer's ${p.path} matches the pattern /${p.pattern}/${p.flags}.`,
  evaluate: (p, ctx) => {
    const v = at(p.path, ctx);
    if ("pass" in v) return v;
    // Numbers and booleans are matched as written in JSON; objects and arrays are not text.
    if (typeof v.value !== "string" && typeof v.value !== "number" && typeof v.value !== "boolean")
      return verdict(false, `${p.path} is ${show(v.value)}, not text`);
    const re = compileRegex(p.pattern, p.flags);
    if (typeof re === "string") return verdict(false, re);
    const text = String(v.value);
    return re.test(text)
      ? verdict(true, `${p.path} ${quote(text, 40)} matches`)
      : verdict(false, `${p.path} ${quote(text, 40)} does not match /${p.pattern}/${p.flags}`);
  },
});

export const jsonPathInSet = defineAssertion({
  type: "json_path_in_set",
  label: "JSON path is one of",
  schema: z.strictObject({ type: z.literal("json_path_in_set"), path: jsonPath, values: z.array(z.unknown()).min(1, "list at least one value") }),
  describe: (p) => `The answer's ${p.path} is one of ${p.values.map(show).join(", ")}.`,
  evaluate: (p, ctx) => {
    const v = at(p.path, ctx);
    if ("pass" in v) return v;
    const got = canonicalJson(v.value);
    return p.values.some((x) => canonicalJson(x) === got)
      ? verdict(true, `${p.path} is ${show(v.value)}`)
      : verdict(false, `${p.path} is ${show(v.value)}, not one of the ${p.values.length} allowed`);
  },
});

export const STRUCTURE_ASSERTIONS = [schemaValid, sectionsPresent, notCutOff, jsonPathEquals, jsonPathMatches, jsonPathInSet] as const;
