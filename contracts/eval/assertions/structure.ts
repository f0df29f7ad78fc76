/** Checks on the answer's shape: the output schema, the sections, a whole answer, values at JSON paths. */
import { z } from "zod";
import { canonicalJson } from "../../versions/hash.ts";
import { CUT_OFF_MESSAGE, markdownHeadings, validateOutput } from "../../validate-output.ts";
import { parseJsonPath, jsonPathValue } from "../json-path.ts";
import { compileRegex } from "./text.ts";
import { defineAssertion, quote, verdict, type AssertionContext, type Verdict } from "./define.ts";
import { jsAssertion, PARSE_JSON } from "./promptfoo.ts";

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
  // promptfoo's is-json validates with its own ajv (draft-07: the $schema line is left out); unlike ours it reads no ```json fence.
  promptfoo: (_p, ctx) => {
    const out = ctx.contract.output;
    if (out.kind !== "json_schema")
      return jsAssertion(`return res(false, cfg.reason);`, {
        reason: `the contract's output is ${out.kind}, not a JSON schema, so there is no schema to check`,
      });
    const { $schema: _drop, ...schema } = out.schema as Record<string, unknown>;
    return { type: "is-json", value: schema };
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
  promptfoo: (p, ctx) => {
    const out = ctx.contract.output;
    const wanted = p.headings?.length ? p.headings : out.kind === "sections" ? out.sections.filter((s) => s.required).map((s) => s.heading) : [];
    const norm = (h: string) =>
      h
        .replace(/[\s:.]+$/, "")
        .trim()
        .toLowerCase();
    // markdownHeadings of validate-output.ts: # headings outside code fences, normalised.
    return jsAssertion(
      String.raw`if (!cfg.wanted.length) return res(false, "no sections to look for: the contract's output has no required sections and the assertion lists none");
const present = new Set();
let inFence = false;
for (const line of text.split(/\r?\n/)) {
  if (/^\s{0,3}(\x60\x60\x60|~~~)/.test(line)) inFence = !inFence;
  if (inFence) continue;
  const m = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
  if (m) present.add(m[1].replace(/[*_\x60]/g, "").replace(/\s+/g, " ").replace(/[\s:.]+$/, "").trim().toLowerCase());
}
const missing = cfg.wanted.filter((h, i) => !present.has(cfg.norm[i]));
if (!missing.length) return res(true, cfg.wanted.length === 1 ? "has the section" : "has all " + cfg.wanted.length + " sections");
return { pass: false, score: (cfg.wanted.length - missing.length) / cfg.wanted.length, reason: "missing " + missing.map((h) => '"## ' + h + '"').join(", ") };`,
      { wanted, norm: wanted.map(norm) },
    );
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
  // Not promptfoo's finish-reason: it fails when the provider gives no reason, and its not- form does not invert.
  promptfoo: () =>
    jsAssertion(
      `const reason = context.providerResponse && context.providerResponse.finishReason;
return reason === "length" ? res(false, cfg.cut) : res(true, "complete (finish_reason " + (reason || "not given") + ")");`,
      { cut: CUT_OFF_MESSAGE },
    ),
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

/** valueAt of ../json-path.ts over cfg.steps, and canonicalJson (keys sorted) for equality. */
const WALK = `${PARSE_JSON}
const canon = (v) => JSON.stringify(v, (k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));
const show = (v) => { const t = JSON.stringify(v) ?? "undefined"; return t.length > 60 ? t.slice(0, 59) + "…" : t; };
const json = parseJson(text);
if (json === undefined) return res(false, "the answer is not JSON");
let v = json;
let at = "$";
for (const s of cfg.steps) {
  if ("index" in s) {
    if (!Array.isArray(v)) return res(false, at + " is not an array");
    const i = s.index < 0 ? v.length + s.index : s.index;
    if (i < 0 || i >= v.length) return res(false, at + " has no item [" + s.index + "] (it has " + v.length + ")");
    v = v[i];
    at += "[" + s.index + "]";
  } else {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return res(false, at + " is not an object");
    if (!Object.hasOwn(v, s.key)) return res(false, at + " has no key " + JSON.stringify(s.key));
    v = v[s.key];
    at += "." + s.key;
  }
}`;

/** The steps of a path the schema already accepted. */
const steps = (path: string) => {
  const parsed = parseJsonPath(path);
  return parsed.ok ? parsed.steps : [];
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
  promptfoo: (p) =>
    jsAssertion(
      `${WALK}
return canon(v) === canon(cfg.value) ? res(true, cfg.path + " is " + show(cfg.value)) : res(false, cfg.path + " is " + show(v) + ", not " + show(cfg.value));`,
      { path: p.path, steps: steps(p.path), value: p.value },
    ),
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
  promptfoo: (p) =>
    jsAssertion(
      `${WALK}
if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return res(false, cfg.path + " is " + show(v) + ", not text");
const ok = new RegExp(cfg.pattern, cfg.flags.replace(/[gy]/g, "")).test(String(v));
return res(ok, cfg.path + " " + JSON.stringify(String(v)) + (ok ? " matches" : " does not match /" + cfg.pattern + "/" + cfg.flags));`,
      { path: p.path, steps: steps(p.path), pattern: p.pattern, flags: p.flags },
    ),
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
  promptfoo: (p) =>
    jsAssertion(
      `${WALK}
return cfg.values.some((x) => canon(x) === canon(v)) ? res(true, cfg.path + " is " + show(v)) : res(false, cfg.path + " is " + show(v) + ", not one of the " + cfg.values.length + " allowed");`,
      { path: p.path, steps: steps(p.path), values: p.values },
    ),
});

export const STRUCTURE_ASSERTIONS = [schemaValid, sectionsPresent, notCutOff, jsonPathEquals, jsonPathMatches, jsonPathInSet] as const;
