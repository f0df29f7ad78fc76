/** Checks on the answer's words: contains (any / all / not), regex, length. */
import { z } from "zod";
import { defineAssertion, quote, verdict } from "./define.ts";
import { jsAssertion, text as pfText } from "./promptfoo.ts";

const caseSensitive = z.boolean().default(false);
const needle = z.string().min(1, "say what text to look for");
const needles = z.array(needle).min(1, "list at least one text");

/** Where `value` occurs in `text` (honouring case), or -1. */
function find(text: string, value: string, sensitive: boolean): number {
  return sensitive ? text.indexOf(value) : text.toLowerCase().indexOf(value.toLowerCase());
}

const caseNote = (sensitive: boolean) => (sensitive ? " (case-sensitive)" : "");
const list = (values: readonly string[]) => values.map((v) => quote(v, 40)).join(", ");

export const contains = defineAssertion({
  type: "contains",
  label: "Contains",
  schema: z.strictObject({ type: z.literal("contains"), value: needle, caseSensitive }),
  describe: (p) => `The answer contains ${quote(p.value)}${caseNote(p.caseSensitive)}.`,
  evaluate: (p, ctx) =>
    find(ctx.text, p.value, p.caseSensitive) >= 0 ? verdict(true, `contains ${quote(p.value)}`) : verdict(false, `does not contain ${quote(p.value)}`),
  promptfoo: (p) => ({ type: p.caseSensitive ? "contains" : "icontains", value: pfText(p.value) }),
});

export const notContains = defineAssertion({
  type: "not_contains",
  label: "Does not contain",
  schema: z.strictObject({ type: z.literal("not_contains"), value: needle, caseSensitive }),
  describe: (p) => `The answer never contains ${quote(p.value)}${caseNote(p.caseSensitive)}.`,
  evaluate: (p, ctx) => {
    const at = find(ctx.text, p.value, p.caseSensitive);
    return at < 0 ? verdict(true, `does not contain ${quote(p.value)}`) : verdict(false, `contains ${quote(p.value)} at character ${at}`);
  },
  promptfoo: (p) => ({ type: p.caseSensitive ? "not-contains" : "not-icontains", value: pfText(p.value) }),
});

export const containsAny = defineAssertion({
  type: "contains_any",
  label: "Contains any of",
  schema: z.strictObject({ type: z.literal("contains_any"), values: needles, caseSensitive }),
  describe: (p) => `The answer contains at least one of ${list(p.values)}${caseNote(p.caseSensitive)}.`,
  evaluate: (p, ctx) => {
    const hit = p.values.find((v) => find(ctx.text, v, p.caseSensitive) >= 0);
    return hit !== undefined ? verdict(true, `contains ${quote(hit)}`) : verdict(false, `contains none of ${list(p.values)}`);
  },
  promptfoo: (p) => ({ type: p.caseSensitive ? "contains-any" : "icontains-any", value: p.values.map(pfText) }),
});

export const containsAll = defineAssertion({
  type: "contains_all",
  label: "Contains all of",
  schema: z.strictObject({ type: z.literal("contains_all"), values: needles, caseSensitive }),
  describe: (p) => `The answer contains every one of ${list(p.values)}${caseNote(p.caseSensitive)}.`,
  evaluate: (p, ctx) => {
    const missing = p.values.filter((v) => find(ctx.text, v, p.caseSensitive) < 0);
    const found = p.values.length - missing.length;
    return {
      pass: missing.length === 0,
      score: found / p.values.length,
      reason: missing.length ? `misses ${list(missing)}` : `contains all ${p.values.length}`,
    };
  },
  promptfoo: (p) => ({ type: p.caseSensitive ? "contains-all" : "icontains-all", value: p.values.map(pfText) }),
});

/** Flags a RegExp accepts, without g and y: they make test() stateful, which a pure check must not be. */
const REGEX_FLAGS = /^[gimsuy]*$/;

/** The pattern compiled, or the engine's complaint as a sentence. */
export function compileRegex(pattern: string, flags: string): RegExp | string {
  try {
    return new RegExp(pattern, flags.replace(/[gy]/g, ""));
  } catch (e) {
    return `the pattern /${pattern}/ is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export const regex = defineAssertion({
  type: "regex",
  label: "Matches a regular expression",
  schema: z.strictObject({
    type: z.literal("regex"),
    pattern: z.string().min(1, "write the pattern"),
    flags: z.string().regex(REGEX_FLAGS, "flags are letters among g i m s u y").default(""),
  }),
  describe: (p) => `The answer matches the pattern /${p.pattern}/${p.flags}.`,
  evaluate: (p, ctx) => {
    const re = compileRegex(p.pattern, p.flags);
    if (typeof re === "string") return verdict(false, re);
    const m = re.exec(ctx.text);
    return m ? verdict(true, `matches /${p.pattern}/${p.flags} with ${quote(m[0], 40)}`) : verdict(false, `does not match /${p.pattern}/${p.flags}`);
  },
  // promptfoo's regex takes no flags: with flags (or a pattern Nunjucks would read) it is the same test in JavaScript.
  promptfoo: (p) =>
    !p.flags && pfText(p.pattern) === p.pattern
      ? { type: "regex", value: p.pattern }
      : jsAssertion(
          `const r = new RegExp(cfg.pattern, cfg.flags.replace(/[gy]/g, ""));
return res(r.test(text), (r.test(text) ? "matches /" : "does not match /") + cfg.pattern + "/" + cfg.flags);`,
          { pattern: p.pattern, flags: p.flags },
        ),
});

export const maxLength = defineAssertion({
  type: "max_length",
  label: "At most N characters or tokens",
  schema: z.strictObject({
    type: z.literal("max_length"),
    max: z.int().positive("must be a whole number above 0"),
    unit: z.enum(["chars", "tokens"]).default("chars"),
  }),
  describe: (p) => `The answer is at most ${p.max} ${p.unit === "chars" ? "characters" : "tokens"} long.`,
  evaluate: (p, ctx) => {
    // Characters are code points, as a person counts them (an emoji is one, not two UTF-16 units).
    const n = p.unit === "chars" ? [...ctx.text].length : ctx.countTokens(ctx.text);
    if (n === null) return verdict(false, "cannot count tokens: the token tables are not loaded");
    const unit = p.unit === "chars" ? "characters" : "tokens";
    return n <= p.max ? verdict(true, `${n} ${unit}, within ${p.max}`) : verdict(false, `${n} ${unit}, over the limit of ${p.max}`);
  },
  // Tokens: promptfoo has no tokenizer in an assertion, so the endpoint's completion token count stands in for ours.
  promptfoo: (p) =>
    jsAssertion(
      `const usage = context.providerResponse && context.providerResponse.tokenUsage;
const n = cfg.unit === "chars" ? [...text].length : usage && usage.completion;
if (typeof n !== "number") return res(false, "cannot count tokens: the endpoint reported no completion tokens");
const unit = cfg.unit === "chars" ? "characters" : "tokens";
return res(n <= cfg.max, n + " " + unit + (n <= cfg.max ? ", within " : ", over the limit of ") + cfg.max);`,
      { max: p.max, unit: p.unit },
    ),
});

export const TEXT_ASSERTIONS = [contains, notContains, containsAny, containsAll, regex, maxLength] as const;
