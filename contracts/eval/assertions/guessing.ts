/**
 * Checks that the model did not guess: a JSON field's confidence from the answer's token
 * logprobs (min_confidence), and the policy's grounded claims backed by the context packet
 * (grounded_claims, implied when policy.groundedClaims lists kinds).
 */
import { z } from "zod";
import { fieldConfidences, formatProbability } from "../../confidence/field-confidence.ts";
import { childPath } from "../../confidence/json-spans.ts";
import { probability } from "../../confidence/logprobs.ts";
import { claimProblem, groundedClaimsIn } from "../grounded.ts";
import { detectRefusal, detectUnknown } from "../heuristics.ts";
import { parseJsonPath, type PathStep } from "../json-path.ts";
import { defineAssertion, quote, verdict, type AssertionContext } from "./define.ts";
import { groundedClaimsPromptfoo } from "./promptfoo-grounded.ts";

const jsonPath = z.string().superRefine((p, ctx) => {
  const parsed = parseJsonPath(p);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
});

/** The canonical path (as json-spans names values) for parsed steps; negative indexes counted from the end of the array found. */
function canonical(steps: readonly PathStep[], arrayLength: (path: string) => number): string {
  let path = "$";
  for (const s of steps) path = childPath(path, "index" in s ? (s.index < 0 ? arrayLength(path) + s.index : s.index) : s.key);
  return path;
}

function noLogprobs(ctx: AssertionContext): string | null {
  const lp = ctx.result.logprobs;
  if (lp === undefined || !ctx.request.logprobs)
    return "no logprobs: the request did not ask for them (turn on logprobs in the model settings), so confidence cannot be judged";
  if (lp === null) return "the endpoint returned no logprobs, so confidence cannot be judged";
  return null;
}

export const minConfidence = defineAssertion({
  type: "min_confidence",
  label: "Field confidence at least",
  schema: z.strictObject({
    type: z.literal("min_confidence"),
    /** The JSON path of the field; $ is the whole answer (any answer, JSON or not). */
    path: jsonPath,
    /** The lowest token probability allowed within the field's value, 0 … 1. */
    min: z.number().min(0, "a probability is at least 0").max(1, "a probability is at most 1 (write 0.8 for 80%)"),
  }),
  describe: (p) =>
    `The model is at least ${formatProbability(p.min)} sure of every token of ${p.path === "$" ? "the answer" : p.path} (from the endpoint's logprobs).`,
  evaluate: (p, ctx) => {
    const none = noLogprobs(ctx);
    if (none) return verdict(false, none);
    const tokens = ctx.result.logprobs!;
    const fields = fieldConfidences(ctx.text, tokens);
    if (!fields) {
      if (p.path !== "$") return verdict(false, "the answer is not JSON, so it has no field " + p.path);
      if (!tokens.length) return verdict(false, "the endpoint returned no tokens with logprobs");
      const weakest = tokens.reduce((a, b) => (b.lp < a.lp ? b : a));
      const c = probability(weakest.lp);
      return c >= p.min
        ? verdict(true, `the answer's least sure token is ${formatProbability(c)}, at least ${formatProbability(p.min)}`)
        : verdict(false, `the answer's token ${quote(weakest.t, 30)} has ${formatProbability(c)} confidence, below ${formatProbability(p.min)}`);
    }
    const parsed = parseJsonPath(p.path);
    if (!parsed.ok) return verdict(false, parsed.message);
    const arrayLength = (path: string) => fields.filter((f) => f.path.startsWith(`${path}[`) && /^\[\d+\]$/.test(f.path.slice(path.length))).length;
    const path = canonical(parsed.steps, arrayLength);
    const field = fields.find((f) => f.path === path);
    if (!field) return verdict(false, `the answer has no field ${p.path}`);
    if (field.confidence === null) return verdict(false, `${p.path}: no token with a logprob covers its value, so its confidence is unknown`);
    const c = formatProbability(field.confidence);
    const token = field.weakest ? ` (token ${quote(field.weakest.text, 30)})` : "";
    return field.confidence >= p.min
      ? verdict(true, `${p.path}: confidence ${c}, at least ${formatProbability(p.min)}`)
      : verdict(false, `${p.path}: confidence ${c}${token}, below ${formatProbability(p.min)}: the model was guessing`);
  },
});

export const groundedClaims = defineAssertion({
  type: "grounded_claims",
  label: "Grounded claims cite their evidence",
  schema: z.strictObject({ type: z.literal("grounded_claims") }),
  describe: () => "Every claim of a kind the policy says must be grounded cites a context item, and its quote or figures appear in that item.",
  evaluate: (_p, ctx) => {
    const { policy } = ctx.contract;
    if (!policy.groundedClaims.length) return verdict(true, "the policy lists no kinds of grounded claim");
    if (detectUnknown({ text: ctx.text, unknownAnswer: policy.unknownAnswer }).detected) return verdict(true, 'an "I don\'t know" answer claims nothing');
    if (detectRefusal({ text: ctx.text, refusalStyle: policy.refusalStyle, modelRefusal: ctx.result.refusal }).detected)
      return verdict(true, "a refusal claims nothing");
    const claims = groundedClaimsIn(ctx.text, ctx.json, policy.groundedClaims);
    if (!claims.length) return verdict(true, "states no claim of the kinds the policy grounds");
    const problems = claims.flatMap((claim) => {
      const message = claimProblem(claim, ctx.packet);
      return message ? [{ claim, message }] : [];
    });
    if (!problems.length) return verdict(true, `all ${claims.length} grounded claim${claims.length === 1 ? "" : "s"} cite evidence found in the context`);
    const first = problems[0]!;
    const where = first.claim.at === "answer" ? "" : `${first.claim.at}: `;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    return {
      pass: false,
      score: (claims.length - problems.length) / claims.length,
      reason: `${where}the claim ${quote(first.claim.text, 60)} (${first.claim.kind}) ${first.message}${more}`,
    };
  },
  promptfoo: (_p, ctx) => groundedClaimsPromptfoo(ctx),
});

export const GUESSING_ASSERTIONS = [minConfidence, groundedClaims] as const;
