import { describe, expect, it } from "vitest";
import type { TokenLogprob } from "../../confidence/logprobs.ts";
import { ContractSchema } from "../../schema/contract.ts";
import { impliedAssertions } from "../evaluate.ts";
import type { Verdict } from "./define.ts";
import { ctxFor } from "./fixtures.ts";
import { groundedClaims, minConfidence } from "./guessing.ts";

const tok = (t: string, p: number): TokenLogprob => ({ t, lp: Math.log(p) });
// {"total": 42, "note": "ok"}: the 2 of 42 is a guess.
const TOKENS = [tok('{"total": ', 0.99), tok("4", 0.9), tok("2", 0.05), tok(', "note": "', 0.99), tok("ok", 0.95), tok('"}', 0.99)];
const TEXT = TOKENS.map((t) => t.t).join("");
const asked = { request: { model: "m", messages: [], logprobs: true } };

const evalMin = (path: string, min: number, result: object = { ...asked, logprobs: TOKENS }, text = TEXT) =>
  minConfidence.evaluate(minConfidence.schema.parse({ type: "min_confidence", path, min }), ctxFor(text, { result })) as Verdict;

describe("min_confidence", () => {
  it.each([
    ["$.note", 0.9, true, "$.note: confidence 95%, at least 90%"],
    ["$.total", 0.5, false, '$.total: confidence 5% (token "2"), below 50%: the model was guessing'],
    ["$['total']", 0.01, true, "$['total']: confidence 5%, at least 1%"],
    ["$.missing", 0.5, false, "the answer has no field $.missing"],
  ])("%s at least %s: pass %s", (path, min, pass, reason) => {
    const v = evalMin(path, min);
    expect(v.pass).toBe(pass);
    expect(v.reason).toBe(reason);
  });
  it("says plainly when the endpoint returned no logprobs", () => {
    expect(evalMin("$.total", 0.5, { ...asked, logprobs: null }).reason).toBe("the endpoint returned no logprobs, so confidence cannot be judged");
  });
  it("says when the request never asked for them", () => {
    const v = evalMin("$.total", 0.5, {});
    expect(v.pass).toBe(false);
    expect(v.reason).toMatch(/did not ask for them \(turn on logprobs/);
  });
  it("judges a text answer as a whole at $", () => {
    const v = evalMin("$", 0.5, { ...asked, logprobs: [tok("Hi", 0.9), tok(" there", 0.2)] }, "Hi there");
    expect(v).toMatchObject({ pass: false, reason: 'the answer\'s token " there" has 20% confidence, below 50%' });
  });
  it("counts a negative index from the end of the array", () => {
    const tokens = [tok('{"a": [', 1), tok("1", 0.9), tok(", ", 1), tok("2", 0.1), tok("]}", 1)];
    const v = evalMin("$.a[-1]", 0.5, { ...asked, logprobs: tokens }, tokens.map((t) => t.t).join(""));
    expect(v.reason).toBe('$.a[-1]: confidence 10% (token "2"), below 50%: the model was guessing');
  });
  it("rejects a probability written as a percentage, naming why", () => {
    const r = minConfidence.schema.safeParse({ type: "min_confidence", path: "$.a", min: 80 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/write 0.8 for 80%/);
  });
});

describe("grounded_claims", () => {
  const policy = { groundedClaims: ["refund periods and shipping times"], unknownAnswer: 'say "I don\'t know."' };
  const judge = (text: string) => groundedClaims.evaluate({ type: "grounded_claims" }, ctxFor(text, { policy })) as Verdict;

  it.each([
    [
      "a cited claim whose figure is in the item",
      "You can get a refund within 30 days [kb-1].",
      true,
      "all 1 grounded claim cite evidence found in the context",
    ],
    ["a cited claim with a quote in the item", 'Refunds: "possible within 30 days" [kb-1].', true, "all 1 grounded claim cite evidence found in the context"],
    [
      "an uncited claim",
      "You can get a refund within 30 days.",
      false,
      'the claim "You can get a refund within 30 days." (refund periods and shipping times) cites no context item',
    ],
    [
      "a claim whose figure the cited item does not say",
      "Refunds take 60 days [kb-1].",
      false,
      'the claim "Refunds take 60 days [kb-1]." (refund periods and shipping times) states 60, which [kb-1] does not say',
    ],
    [
      "a quote not in the item",
      'Parcels "ship the same day" [kb-2].',
      false,
      'the claim "Parcels "ship the same day" [kb-2]." (refund periods and shipping times) quotes "ship the same day", which is not in [kb-2]',
    ],
    [
      "a citation of an unknown item",
      "Shipping takes 2 days [kb-9].",
      false,
      'the claim "Shipping takes 2 days [kb-9]." (refund periods and shipping times) cites [kb-9], which is not in the context packet',
    ],
    ["no claim of the kinds", "Hello, happy to help.", true, "states no claim of the kinds the policy grounds"],
    ["the policy's I don't know", "I don't know.", true, 'an "I don\'t know" answer claims nothing'],
  ])("%s", (_name, text, pass, reason) => {
    const v = judge(text);
    expect(v.reason).toBe(reason);
    expect(v.pass).toBe(pass);
  });
  it("gives partial credit and counts the rest", () => {
    const v = judge("Refunds within 30 days [kb-1]. Shipping takes 5 days.");
    expect(v.score).toBe(0.5);
    expect(v.reason).toMatch(/^the claim "Shipping takes 5 days\." .* cites no context item$/);
  });
  it("keeps a citation written after the full stop with its sentence", () => {
    expect(judge("Refunds are possible within 30 days. [kb-1]").pass).toBe(true);
  });
  it("reads a JSON answer's strings with the citations of the object that holds them", () => {
    const ok = judge(JSON.stringify({ answer: "Refunds within 30 days.", citations: [{ id: "kb-1", quote: "within 30 days" }] }));
    expect(ok.pass).toBe(true);
    const bad = judge(JSON.stringify({ answer: "Refunds within 30 days.", citations: [] }));
    expect(bad.reason).toBe('$.answer: the claim "Refunds within 30 days." (refund periods and shipping times) cites no context item');
  });
  it("is implied by a policy that lists kinds of grounded claim, and only then", () => {
    const base = ContractSchema.parse({
      format: "contract-studio/contract@2",
      id: "x",
      name: "x",
      policy: { role: "r" },
      task: { instruction: "Do." },
      output: { kind: "text" },
    });
    expect(impliedAssertions(base).some((a) => a.type === "grounded_claims")).toBe(false);
    const grounded = { ...base, policy: { ...base.policy, groundedClaims: ["prices"] } };
    expect(impliedAssertions(grounded).some((a) => a.type === "grounded_claims")).toBe(true);
  });
});
