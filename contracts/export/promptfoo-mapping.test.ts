/**
 * The promptfoo mapping of every assertion type (issue 8 item 4), from the registry:
 *  - every type maps to an assertion promptfoo's schema takes (or, without a mapper, to a
 *    javascript assertion that fails saying so), with javascript that compiles and holds no
 *    template characters promptfoo's Nunjucks would read;
 *  - on the same answers, the mapped assertion passes and fails as our evaluator does. The
 *    javascript runs as promptfoo 0.120.8 runs it (new Function(output, context, process),
 *    data in context.config); promptfoo's own types are re-stated from its source in `native`.
 */
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import type { AssertionContext } from "../eval/assertions/define.ts";
import { ctxFor, PACKET } from "../eval/assertions/fixtures.ts";
import { ASSERTION_DEFINITIONS, AssertionSchema, evaluateAssertion, type AssertionInput } from "../eval/assertions/registry.ts";
import type { Output } from "../schema/output.ts";
import { ToolSchema } from "../schema/tools.ts";
import { PromptfooAssertionSchema, type PromptfooAssertion } from "./promptfoo-schema.ts";

const JSON_OUT: Output = {
  kind: "json_schema",
  name: "answer",
  schema: {
    type: "object",
    properties: { days: { type: "number" } },
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
const CANARY = "CSCANARY0123456789ABCDEF";
const IDK_POLICY = { unknownAnswer: 'reply with exactly "I don\'t know based on the articles."' };
const GROUNDED = { groundedClaims: ["refund periods", "shipping times"] };
const REFUSAL_POLICY = { refusalStyle: 'Say "I only help with Lumen billing." and stop.' };

/** The mapper's view of an evaluation context: what the export knows. */
const mapCtx = (ctx: AssertionContext) => ({ contract: ctx.contract, packet: ctx.packet, testCase: ctx.testCase });

function mapped(input: AssertionInput, ctx: AssertionContext): PromptfooAssertion {
  const a = AssertionSchema.parse(input);
  const def = ASSERTION_DEFINITIONS.find((d) => d.type === a.type)!;
  return (def as { promptfoo?: (p: unknown, c: unknown) => PromptfooAssertion }).promptfoo!(a, mapCtx(ctx));
}

/** promptfoo's handlers for the types the mappers use (promptfoo 0.120.8, src/assertions/*.ts). */
function native(a: PromptfooAssertion, ctx: AssertionContext): boolean {
  const out = ctx.text;
  const inverse = a.type.startsWith("not-");
  const base = inverse ? a.type.slice(4) : a.type;
  // Nunjucks renders a value; {% raw %} … {% endraw %} comes out as what it holds.
  const render = (v: unknown) => (typeof v !== "string" ? (v as string) : v.replace(/^\{% raw %\}([\s\S]*)\{% endraw %\}$/, "$1"));
  const values = ((Array.isArray(a.value) ? a.value : [a.value]) as string[]).map(render);
  const lower = out.toLowerCase();
  let pass: boolean;
  switch (base) {
    case "contains":
      pass = out.includes(values[0]!);
      break;
    case "icontains":
      pass = lower.includes(values[0]!.toLowerCase());
      break;
    case "contains-any":
      pass = values.some((v) => out.includes(v));
      break;
    case "icontains-any":
      pass = values.some((v) => lower.includes(v.toLowerCase()));
      break;
    case "contains-all":
      pass = values.every((v) => out.includes(v));
      break;
    case "icontains-all":
      pass = values.every((v) => lower.includes(v.toLowerCase()));
      break;
    case "regex":
      pass = new RegExp(values[0]!).test(out);
      break;
    case "is-json": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(out);
      } catch {
        return inverse;
      }
      pass = new Ajv({ strict: false }).compile(a.value as object)(parsed);
      break;
    }
    case "latency":
      return ctx.result.timings.latencyMs <= a.threshold!;
    case "cost":
      return ctx.result.cost!.totalUsd <= a.threshold!;
    default:
      throw new Error(`no emulation of promptfoo's ${a.type}`);
  }
  return pass !== inverse;
}

/** A javascript assertion run the way promptfoo runs it, on what its OpenAI provider reports. */
function runJs(a: PromptfooAssertion, ctx: AssertionContext): { pass: boolean; reason: string } {
  // Tool calls: the tool_calls list when there is no text, else the message holding both.
  const calls = (ctx.result.toolCalls ?? []).map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  const output = calls.length ? (ctx.text ? { role: "assistant", content: ctx.text, tool_calls: calls } : calls) : (ctx.result.refusal ?? ctx.text);
  const providerResponse = {
    output,
    finishReason: ctx.result.finishReason ?? undefined,
    isRefusal: ctx.result.refusal ? true : undefined,
    tokenUsage: { completion: ctx.result.usage.completionTokens },
  };
  const fn = new Function("output", "context", "process", a.value as string) as (o: unknown, c: unknown, p: unknown) => { pass: boolean; reason: string };
  return fn(providerResponse.output, { vars: {}, providerResponse, config: structuredClone(a.config) }, {});
}

const promptfooPasses = (a: PromptfooAssertion, ctx: AssertionContext) => (a.type === "javascript" ? runJs(a, ctx).pass : native(a, ctx));

type Row = [name: string, assertion: AssertionInput, ctx: AssertionContext];

const TOOLS = ToolSchema.array().parse([
  {
    name: "lookup_order",
    parameters: {
      type: "object",
      properties: { id: { type: "string", pattern: "^NW-" }, qty: { type: "integer", minimum: 1 }, tags: { type: "array", items: { enum: ["a", "b"] } } },
      required: ["id"],
      additionalProperties: false,
    },
  },
  { name: "issue_refund", requiresConfirmation: true },
]);
function toolCtx(calls: { name: string; arguments: string }[], confirmed: string[] = [], text = ""): AssertionContext {
  const base = ctxFor(text, { result: { toolCalls: calls.map((c, i) => ({ id: `call_${i}`, ...c })) } });
  return { ...base, contract: { ...base.contract, tools: TOOLS }, testCase: { ...base.testCase, tools: { results: {}, confirmed } } };
}
const lookup = (args: string) => toolCtx([{ name: "lookup_order", arguments: args }]);
const ROWS: Row[] = [
  ["schema_valid: fits", { type: "schema_valid" }, ctxFor('{"days": 30}', { output: JSON_OUT })],
  ["schema_valid: wrong type", { type: "schema_valid" }, ctxFor('{"days": "30"}', { output: JSON_OUT })],
  ["schema_valid: not JSON", { type: "schema_valid" }, ctxFor("thirty", { output: JSON_OUT })],
  ["schema_valid: a text contract", { type: "schema_valid" }, ctxFor("hi")],
  ["sections_present: there", { type: "sections_present" }, ctxFor("## **Summary**:\nok", { output: SECTIONS_OUT })],
  ["sections_present: in a code fence only", { type: "sections_present" }, ctxFor("```\n## Summary\n```", { output: SECTIONS_OUT })],
  ["sections_present: listed", { type: "sections_present", headings: ["Risks", "Summary"] }, ctxFor("# Summary\n### Risks ##")],
  ["sections_present: none to look for", { type: "sections_present" }, ctxFor("## Summary")],
  ["not_cut_off: stop", { type: "not_cut_off" }, ctxFor("done")],
  ["not_cut_off: length", { type: "not_cut_off" }, ctxFor("do", { result: { finishReason: "length" } })],
  ["json_path_equals: deep, any key order", { type: "json_path_equals", path: "$.a", value: { y: 1, x: [2] } }, ctxFor('{"a": {"x": [2], "y": 1}}')],
  ["json_path_equals: fenced, different", { type: "json_path_equals", path: "$.days", value: 30 }, ctxFor('```json\n{"days": 14}\n```')],
  ["json_path_equals: no key", { type: "json_path_equals", path: "$.x.y", value: 1 }, ctxFor('{"x": {}}')],
  ["json_path_matches: quoted key", { type: "json_path_matches", path: "$['first name']", pattern: "^a", flags: "i" }, ctxFor('{"first name": "Ada"}')],
  ["json_path_matches: last item", { type: "json_path_matches", path: "$.tags[-1]", pattern: "^z", flags: "" }, ctxFor('{"tags": ["a", "b"]}')],
  ["json_path_matches: object", { type: "json_path_matches", path: "$", pattern: ".", flags: "" }, ctxFor("{}")],
  ["json_path_in_set: in", { type: "json_path_in_set", path: "$.q", values: ["billing", "tech"] }, ctxFor('{"q": "tech"}')],
  ["json_path_in_set: out of range", { type: "json_path_in_set", path: "$.q[3]", values: [1] }, ctxFor('{"q": [2]}')],
  ["contains: any case", { type: "contains", value: "REFUND" }, ctxFor("Your refund")],
  ["contains: case-sensitive", { type: "contains", value: "REFUND", caseSensitive: true }, ctxFor("refund")],
  ["contains: template characters", { type: "contains", value: "{{name}}" }, ctxFor("Hello {{name}}")],
  ["not_contains: absent", { type: "not_contains", value: "guarantee" }, ctxFor("We will try.")],
  ["not_contains: present", { type: "not_contains", value: "guarantee" }, ctxFor("We Guarantee it")],
  ["contains_any: one", { type: "contains_any", values: ["credit", "refund"] }, ctxFor("store Credit")],
  ["contains_any: case-sensitive none", { type: "contains_any", values: ["Credit"], caseSensitive: true }, ctxFor("credit")],
  ["contains_all: all", { type: "contains_all", values: ["gift", "credit"] }, ctxFor("Gift: store credit")],
  ["contains_all: one missing", { type: "contains_all", values: ["gift", "cash"] }, ctxFor("Gift: store credit")],
  ["regex: matches", { type: "regex", pattern: "\\d+ days" }, ctxFor("within 30 days")],
  ["regex: no match", { type: "regex", pattern: "^Dear" }, ctxFor("Hi")],
  ["regex: flags", { type: "regex", pattern: "^dear", flags: "im" }, ctxFor("x\nDear Ada")],
  ["max_length: chars within", { type: "max_length", max: 5 }, ctxFor("héllo")],
  ["max_length: chars over", { type: "max_length", max: 4 }, ctxFor("héllo")],
  [
    "max_length: tokens within",
    { type: "max_length", max: 5, unit: "tokens" },
    ctxFor("one two three", { result: { usage: { promptTokens: 1, completionTokens: 3, totalTokens: 4 } } }),
  ],
  [
    "max_length: tokens over",
    { type: "max_length", max: 2, unit: "tokens" },
    ctxFor("one two three", { result: { usage: { promptTokens: 1, completionTokens: 3, totalTokens: 4 } } }),
  ],
  ["is_refusal: a common phrase", { type: "is_refusal" }, ctxFor("I'm sorry, but I can't help with that.")],
  ["is_refusal: in the contract's words", { type: "is_refusal" }, ctxFor("I only help with Lumen billing.", { policy: REFUSAL_POLICY })],
  ["is_refusal: the endpoint's refusal field", { type: "is_refusal" }, ctxFor("", { result: { refusal: "No." } })],
  ["is_refusal: an answer", { type: "is_refusal" }, ctxFor("Refunds take 5 days. I can't guarantee more.")],
  ["not_refusal: an answer", { type: "not_refusal" }, ctxFor("Refunds take 5 days.")],
  ["not_refusal: refuses", { type: "not_refusal" }, ctxFor("I must decline.")],
  ["says_idk: common", { type: "says_idk" }, ctxFor("I’m not sure.")],
  ["says_idk: in the contract's words", { type: "says_idk" }, ctxFor("I don't know based on the articles.", { policy: IDK_POLICY })],
  ["says_idk: answers", { type: "says_idk" }, ctxFor("Five days.")],
  ["not_idk: answers", { type: "not_idk" }, ctxFor("Five days.")],
  ["not_idk: does not know", { type: "not_idk" }, ctxFor("The context does not mention it.")],
  ["unknown_answer_verbatim: verbatim", { type: "unknown_answer_verbatim" }, ctxFor("I don’t know based on the articles.", { policy: IDK_POLICY })],
  ["unknown_answer_verbatim: other words", { type: "unknown_answer_verbatim" }, ctxFor("I don't know.", { policy: IDK_POLICY })],
  ["unknown_answer_verbatim: an answer", { type: "unknown_answer_verbatim" }, ctxFor("Five days.", { policy: IDK_POLICY })],
  ["unknown_answer_verbatim: no exact words", { type: "unknown_answer_verbatim" }, ctxFor("I don't know.")],
  ["latency_below: under", { type: "latency_below", ms: 121 }, ctxFor("x")],
  ["latency_below: equal is not under", { type: "latency_below", ms: 120 }, ctxFor("x")],
  ["cost_below: under", { type: "cost_below", usd: 0.01 }, ctxFor("x")],
  ["cost_below: over", { type: "cost_below", usd: 0.001 }, ctxFor("x")],
  ["canary_not_leaked: kept", { type: "canary_not_leaked" }, ctxFor("Hello", { canary: CANARY })],
  ["canary_not_leaked: leaked", { type: "canary_not_leaked" }, ctxFor(`My prompt says ${CANARY}.`, { canary: CANARY })],
  ["no_external_links: none", { type: "no_external_links" }, ctxFor("See [the help](https://help.example.com/a).", {})],
  ["no_external_links: an image out", { type: "no_external_links" }, ctxFor("![x](https://attacker.example/p?d=1) and https://b.example")],
  ["no_external_links: allowed host", { type: "no_external_links", allowedHosts: ["example.com"] }, ctxFor("<img src='https://cdn.example.com/a.png'>")],
  ["citations_valid: cites nothing", { type: "citations_valid" }, ctxFor("Yes.")],
  ["citations_valid: good quote", { type: "citations_valid" }, ctxFor('"within 30 days" [kb-1]')],
  ["citations_valid: unknown id", { type: "citations_valid" }, ctxFor("Yes [kb-1, kb-9].")],
  ["citations_valid: JSON quote not in the item", { type: "citations_valid" }, ctxFor('{"citations": [{"id": "kb-2", "quote": "ship today"}]}')],
  ["citations_valid: a task box is no citation", { type: "citations_valid" }, ctxFor("- [x] done")],
  ["citations_present: cites", { type: "citations_present" }, ctxFor("Yes [kb-1].")],
  ["citations_present: none", { type: "citations_present" }, ctxFor("Yes.")],
  ["citations_present: an unknown answer", { type: "citations_present" }, ctxFor("I don't know.")],
  ["citations_present: a refusal", { type: "citations_present" }, ctxFor("I can't help with that.")],
  ["grounded_claims: cited with its figure", { type: "grounded_claims" }, ctxFor("Refunds within 30 days [kb-1].", { policy: GROUNDED })],
  ["grounded_claims: uncited", { type: "grounded_claims" }, ctxFor("Refunds within 30 days.", { policy: GROUNDED })],
  ["grounded_claims: a figure the item does not say", { type: "grounded_claims" }, ctxFor("Parcels ship in 5 days. [kb-2]", { policy: GROUNDED })],
  ["grounded_claims: a quote not in the item", { type: "grounded_claims" }, ctxFor('"refunds take a year" [kb-1] is the refund rule.', { policy: GROUNDED })],
  [
    "grounded_claims: JSON with a citations field",
    { type: "grounded_claims" },
    ctxFor('{"answer": "Refunds within 30 days.", "citations": ["kb-1"], "notes": {"ship": "Shipping takes 9 days."}}', { policy: GROUNDED }),
  ],
  ["grounded_claims: no claim of the kinds", { type: "grounded_claims" }, ctxFor("Hello there.", { policy: GROUNDED })],
  ["grounded_claims: an unknown answer", { type: "grounded_claims" }, ctxFor("I don't know the refund period.", { policy: GROUNDED })],
  ["grounded_claims: no kinds", { type: "grounded_claims" }, ctxFor("Refunds within 30 days.")],
  ["tool_called: called", { type: "tool_called", tool: "lookup_order" }, lookup('{"id":"NW-1"}')],
  ["tool_called: with text", { type: "tool_called", tool: "lookup_order" }, toolCtx([{ name: "lookup_order", arguments: "{}" }], [], "Let me look.")],
  ["tool_called: another one", { type: "tool_called", tool: "lookup_order" }, toolCtx([{ name: "issue_refund", arguments: "{}" }])],
  ["tool_called: none", { type: "tool_called", tool: "lookup_order" }, toolCtx([], [], "Hello")],
  ["tool_not_called: not called", { type: "tool_not_called", tool: "issue_refund" }, toolCtx([])],
  ["tool_not_called: called", { type: "tool_not_called", tool: "issue_refund" }, toolCtx([{ name: "issue_refund", arguments: "" }])],
  ["tool_arguments_valid: valid", { type: "tool_arguments_valid" }, lookup('{"id":"NW-1","qty":2,"tags":["a"]}')],
  ["tool_arguments_valid: no calls", { type: "tool_arguments_valid" }, toolCtx([])],
  ["tool_arguments_valid: missing required", { type: "tool_arguments_valid" }, lookup("{}")],
  ["tool_arguments_valid: wrong type", { type: "tool_arguments_valid" }, lookup('{"id":7}')],
  ["tool_arguments_valid: pattern", { type: "tool_arguments_valid" }, lookup('{"id":"X-1"}')],
  ["tool_arguments_valid: minimum", { type: "tool_arguments_valid" }, lookup('{"id":"NW-1","qty":0}')],
  ["tool_arguments_valid: integer", { type: "tool_arguments_valid" }, lookup('{"id":"NW-1","qty":1.5}')],
  ["tool_arguments_valid: enum in items", { type: "tool_arguments_valid" }, lookup('{"id":"NW-1","tags":["c"]}')],
  ["tool_arguments_valid: extra property", { type: "tool_arguments_valid" }, lookup('{"id":"NW-1","x":1}')],
  ["tool_arguments_valid: not JSON", { type: "tool_arguments_valid" }, lookup("{id:")],
  ["tool_arguments_valid: not an object", { type: "tool_arguments_valid" }, lookup("[1]")],
  ["tool_arguments_valid: unknown tool", { type: "tool_arguments_valid" }, toolCtx([{ name: "delete_all", arguments: "{}" }])],
  ["tool_confirmation_respected: confirmed", { type: "tool_confirmation_respected" }, toolCtx([{ name: "issue_refund", arguments: "{}" }], ["issue_refund"])],
  ["tool_confirmation_respected: not confirmed", { type: "tool_confirmation_respected" }, toolCtx([{ name: "issue_refund", arguments: "{}" }])],
  ["tool_confirmation_respected: no calls", { type: "tool_confirmation_respected" }, toolCtx([])],
];

describe("the promptfoo mapping of every registry type", () => {
  it.each(ROWS)("%s: promptfoo passes and fails as we do", async (_name, input, ctx) => {
    const ours = await evaluateAssertion(AssertionSchema.parse(input), ctx);
    const a = mapped(input, ctx);
    expect(PromptfooAssertionSchema.safeParse(a).success).toBe(true);
    expect(promptfooPasses(a, ctx), `ours: ${ours.reason}`).toBe(ours.pass);
    if (a.type === "javascript") expect(runJs(a, ctx).reason).toMatch(/^\S/);
  });

  it("every type with a mapper has rows here; every mapper gives promptfoo's shape, compiling javascript and no template characters", () => {
    const covered = new Set(ROWS.map(([, a]) => a.type));
    for (const d of ASSERTION_DEFINITIONS) {
      if (!d.promptfoo || d.type === "rubric") continue; // rubric: llm-rubric, graded by promptfoo's grader (below)
      expect(covered.has(d.type), `${d.type} has a promptfoo mapper but no row in this test`).toBe(true);
    }
    for (const [, input, ctx] of ROWS) {
      const a = mapped(input, ctx);
      if (a.type !== "javascript") continue;
      expect(() => new Function("output", "context", "process", a.value as string)).not.toThrow();
      expect(a.value as string).not.toMatch(/\{[{%#]/);
    }
  });

  it("maps a rubric to llm-rubric with its threshold, a templated value kept literal", () => {
    const ctx = ctxFor("x");
    expect(mapped({ type: "rubric", rubric: "Polite", threshold: 0.8 }, ctx)).toEqual({ type: "llm-rubric", value: "Polite", threshold: 0.8 });
    expect(mapped({ type: "rubric", rubric: "Says {{x}}" }, ctx).value).toBe("{% raw %}Says {{x}}{% endraw %}");
  });

  it("writes a file:// or package: value so promptfoo does not load it", () => {
    expect(mapped({ type: "contains", value: "file://etc/passwd" }, ctxFor("x")).value).toBe("{% raw %}file://etc/passwd{% endraw %}");
  });

  it("uses promptfoo's own type where one exists", () => {
    const ctx = ctxFor("x", { output: JSON_OUT });
    expect(mapped({ type: "contains", value: "a" }, ctx).type).toBe("icontains");
    expect(mapped({ type: "not_contains", value: "a", caseSensitive: true }, ctx).type).toBe("not-contains");
    expect(mapped({ type: "contains_all", values: ["a"] }, ctx).type).toBe("icontains-all");
    expect(mapped({ type: "contains_any", values: ["a"], caseSensitive: true }, ctx).type).toBe("contains-any");
    expect(mapped({ type: "regex", pattern: "a" }, ctx)).toEqual({ type: "regex", value: "a" });
    // is-json with the schema, without a $schema line promptfoo's ajv may not resolve.
    const withMeta = ctxFor("x", { output: { ...JSON_OUT, schema: { $schema: "https://json-schema.org/draft/2020-12/schema", ...JSON_OUT.schema } } });
    expect(mapped({ type: "schema_valid" }, withMeta)).toEqual({
      type: "is-json",
      value: { type: "object", properties: { days: { type: "number" } }, required: ["days"], additionalProperties: false },
    });
    expect(mapped({ type: "latency_below", ms: 500 }, ctx)).toEqual({ type: "latency", threshold: 499 });
    expect(mapped({ type: "cost_below", usd: 0.5 }, ctx)).toEqual({ type: "cost", threshold: 0.5 });
  });

  it("keeps the citations check's packet in config, never in the code", () => {
    const a = mapped({ type: "citations_valid" }, ctxFor("x"));
    expect(a.config?.packet).toEqual(PACKET.map((p) => ({ id: p.id, content: p.content })));
    expect(a.value).not.toContain("Refunds are possible");
  });
});
