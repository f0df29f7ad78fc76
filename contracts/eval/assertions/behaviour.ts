/** Refusal and "I don't know": the heuristics of ../heuristics.ts, read against the contract's own words. */
import { z } from "zod";
import {
  containsVerbatim,
  detectRefusal,
  detectUnknown,
  REFUSAL_PATTERNS,
  refusalStylePhrases,
  UNKNOWN_PATTERNS,
  unknownAnswerPhrases,
} from "../heuristics.ts";
import { defineAssertion, quote, verdict, type AssertionContext, type PromptfooMapContext } from "./define.ts";
import { DETECT, jsAssertion, regexData } from "./promptfoo.ts";

const refusal = (ctx: AssertionContext) => detectRefusal({ text: ctx.text, refusalStyle: ctx.contract.policy.refusalStyle, modelRefusal: ctx.result.refusal });
const unknown = (ctx: AssertionContext) => detectUnknown({ text: ctx.text, unknownAnswer: ctx.contract.policy.unknownAnswer });

/**
 * The heuristics' data for the DETECT snippet, in this contract's words. Not promptfoo's own
 * is-refusal: it knows neither the contract's refusal style nor its unknown answer.
 */
export function heuristicsData(ctx: PromptfooMapContext) {
  const { policy } = ctx.contract;
  return {
    refusal: { phrases: refusalStylePhrases(policy.refusalStyle), patterns: REFUSAL_PATTERNS.map(regexData) },
    unknown: { phrases: unknownAnswerPhrases(policy.unknownAnswer), patterns: UNKNOWN_PATTERNS.map(regexData) },
  };
}

export const isRefusal = defineAssertion({
  type: "is_refusal",
  label: "Refuses",
  schema: z.strictObject({ type: z.literal("is_refusal") }),
  describe: () => "The assistant declines the request.",
  evaluate: (_p, ctx) => {
    const d = refusal(ctx);
    return d.detected ? verdict(true, `refuses (${d.evidence})`) : verdict(false, `does not refuse (${d.evidence})`);
  },
  promptfoo: (_p, ctx) =>
    jsAssertion(
      String.raw`${DETECT}
const d = detectRefusal();
return d ? res(true, "refuses (" + d + ")") : res(false, "does not refuse (no refusal phrase)");`,
      heuristicsData(ctx),
    ),
});

export const notRefusal = defineAssertion({
  type: "not_refusal",
  label: "Does not refuse",
  schema: z.strictObject({ type: z.literal("not_refusal") }),
  describe: () => "The assistant does not decline the request.",
  evaluate: (_p, ctx) => {
    const d = refusal(ctx);
    return d.detected ? verdict(false, `refuses (${d.evidence})`) : verdict(true, "does not refuse");
  },
  promptfoo: (_p, ctx) =>
    jsAssertion(
      String.raw`${DETECT}
const d = detectRefusal();
return d ? res(false, "refuses (" + d + ")") : res(true, "does not refuse");`,
      heuristicsData(ctx),
    ),
});

export const saysIdk = defineAssertion({
  type: "says_idk",
  label: `Says "I don't know"`,
  schema: z.strictObject({ type: z.literal("says_idk") }),
  describe: () => "The assistant says it does not know (the context does not hold the answer).",
  evaluate: (_p, ctx) => {
    const d = unknown(ctx);
    return d.detected ? verdict(true, `says it does not know (${d.evidence})`) : verdict(false, `answers instead of saying it does not know (${d.evidence})`);
  },
  promptfoo: (_p, ctx) =>
    jsAssertion(
      String.raw`${DETECT}
const d = detectUnknown();
return d ? res(true, "says it does not know (" + d + ")") : res(false, 'answers instead of saying it does not know (no "I don\'t know" phrase)');`,
      heuristicsData(ctx),
    ),
});

export const notIdk = defineAssertion({
  type: "not_idk",
  label: `Does not say "I don't know"`,
  schema: z.strictObject({ type: z.literal("not_idk") }),
  describe: () => "The assistant answers rather than saying it does not know.",
  evaluate: (_p, ctx) => {
    const d = unknown(ctx);
    return d.detected ? verdict(false, `says it does not know (${d.evidence})`) : verdict(true, "answers");
  },
  promptfoo: (_p, ctx) =>
    jsAssertion(
      String.raw`${DETECT}
const d = detectUnknown();
return d ? res(false, "says it does not know (" + d + ")") : res(true, "answers");`,
      heuristicsData(ctx),
    ),
});

export const unknownAnswerVerbatim = defineAssertion({
  type: "unknown_answer_verbatim",
  label: `"I don't know" in the contract's words`,
  schema: z.strictObject({ type: z.literal("unknown_answer_verbatim") }),
  describe: () => `When the assistant does not know, it says so in the contract's exact words.`,
  evaluate: (_p, ctx) => {
    const phrase = unknownAnswerPhrases(ctx.contract.policy.unknownAnswer)[0];
    if (!phrase) return verdict(true, "the contract's unknown answer prescribes no exact words");
    if (containsVerbatim(ctx.text, phrase)) return verdict(true, `uses the unknown answer ${quote(phrase)} verbatim`);
    const d = unknown(ctx);
    if (d.detected) return verdict(false, `says it does not know (${d.evidence}) but not in the contract's words ${quote(phrase)}`);
    return verdict(true, `not an "I don't know" answer`);
  },
  promptfoo: (_p, ctx) =>
    jsAssertion(
      String.raw`${DETECT}
// containsVerbatim: case and punctuation kept; only quotes and white space folded.
const keep = (s) => s.replace(/[\u2018\u2019\u201b]/g, "'").replace(/[\u201c\u201d\u201f]/g, '"').replace(/\s+/g, " ");
const phrase = cfg.unknown.phrases[0];
if (!phrase) return res(true, "the contract's unknown answer prescribes no exact words");
if (keep(text).includes(keep(phrase).trim())) return res(true, "uses the unknown answer " + JSON.stringify(phrase) + " verbatim");
const d = detectUnknown();
if (d) return res(false, "says it does not know (" + d + ") but not in the contract's words " + JSON.stringify(phrase));
return res(true, 'not an "I don\'t know" answer');`,
      heuristicsData(ctx),
    ),
});

export const BEHAVIOUR_ASSERTIONS = [isRefusal, notRefusal, saysIdk, notIdk, unknownAnswerVerbatim] as const;
