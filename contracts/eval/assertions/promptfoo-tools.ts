/**
 * The tool assertions (./tools.ts, ../tool-calls.ts) for promptfoo. promptfoo's OpenAI provider
 * gives the answer's tool calls as its output (the message, or the tool_calls list when there is
 * no text); TOOL_CALLS reads them back as {name, arguments}. Argument checking re-states ajv's
 * verdict for the schema keywords tool parameters use (type, enum, const, required, properties,
 * additionalProperties false, items, minLength, maxLength, pattern, minimum, maximum), not all
 * of JSON Schema: promptfoo's javascript has no validator to call.
 */
import type { PromptfooAssertion } from "../../export/promptfoo-schema.ts";
import { needsConfirmation } from "../../schema/tools.ts";
import type { PromptfooMapContext } from "./define.ts";
import { jsAssertion } from "./promptfoo.ts";

const TOOL_CALLS = String.raw`const list = Array.isArray(output) ? output : output && typeof output === "object" && Array.isArray(output.tool_calls) ? output.tool_calls : [];
const calls = list.map((c) => ({ name: (c.function && c.function.name) || c.name || "", arguments: (c.function && c.function.arguments) || c.arguments || "" }));
const times = (n) => (n === 1 ? "once" : n + " times");`;

const ARGUMENTS = String.raw`const typeOk = (t, v) =>
  t === "integer" ? Number.isInteger(v) : t === "number" ? typeof v === "number" : t === "array" ? Array.isArray(v) : t === "object" ? v !== null && typeof v === "object" && !Array.isArray(v) : t === "null" ? v === null : typeof v === t;
const check = (schema, v, path, out) => {
  if (!schema || typeof schema !== "object") return;
  if (schema.type !== undefined) {
    const ts = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!ts.some((t) => typeOk(t, v))) return void out.push(path + " must be " + ts.join(" or "));
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(path + " must be one of " + schema.enum.map((e) => JSON.stringify(e)).join(", "));
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(v)) out.push(path + " must be " + JSON.stringify(schema.const));
  if (typeof v === "string") {
    if (schema.minLength !== undefined && [...v].length < schema.minLength) out.push(path + " must have at least " + schema.minLength + " characters");
    if (schema.maxLength !== undefined && [...v].length > schema.maxLength) out.push(path + " must have at most " + schema.maxLength + " characters");
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(v)) out.push(path + " must match the pattern " + schema.pattern);
  }
  if (typeof v === "number") {
    if (schema.minimum !== undefined && v < schema.minimum) out.push(path + " must be at least " + schema.minimum);
    if (schema.maximum !== undefined && v > schema.maximum) out.push(path + " must be at most " + schema.maximum);
  }
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const k of schema.required || []) if (!Object.hasOwn(v, k)) out.push(path + "." + k + " is required but missing");
    const props = schema.properties || Object.create(null);
    for (const [k, x] of Object.entries(v)) {
      if (Object.hasOwn(props, k)) check(props[k], x, path + "." + k, out);
      else if (schema.additionalProperties === false) out.push(path + " must not have the property " + k);
    }
  }
  if (Array.isArray(v) && schema.items && typeof schema.items === "object") v.forEach((x, i) => check(schema.items, x, path + "[" + i + "]", out));
};
const problemsOf = (call) => {
  const tool = cfg.tools.find((t) => t.name === call.name);
  if (!tool) return ["calls '" + call.name + "', which the contract does not declare (tools: " + (cfg.tools.map((t) => t.name).join(", ") || "none") + ")"];
  let args = Object.create(null);
  if (call.arguments.trim()) {
    try { args = JSON.parse(call.arguments); } catch (e) { return [tool.name + ": the arguments are not JSON (" + e.message + ")"]; }
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) return [tool.name + ": the arguments must be a JSON object"];
  const out = [];
  check(tool.parameters, args, "$", out);
  return out.map((m) => tool.name + ": " + m);
};`;

/** The contract's tools as data for the snippets. */
const toolsData = (ctx: PromptfooMapContext) => ({
  tools: (ctx.contract.tools ?? []).map((t) => ({ name: t.name, parameters: t.parameters, gated: needsConfirmation(t), action: t.confirmationAction ?? null })),
  confirmed: ctx.testCase.tools?.confirmed ?? [],
});

export const toolCalledPromptfoo = (tool: string): PromptfooAssertion =>
  jsAssertion(
    String.raw`${TOOL_CALLS}
const n = calls.filter((c) => c.name === cfg.tool).length;
if (n) return res(true, "calls " + cfg.tool + " " + times(n));
return res(false, calls.length ? "calls " + calls.map((c) => c.name).join(", ") + ", not " + cfg.tool : "calls no tool (expected " + cfg.tool + ")");`,
    { tool },
  );

export const toolNotCalledPromptfoo = (tool: string): PromptfooAssertion =>
  jsAssertion(
    String.raw`${TOOL_CALLS}
const n = calls.filter((c) => c.name === cfg.tool).length;
return n ? res(false, "calls " + cfg.tool + " " + times(n)) : res(true, "does not call " + cfg.tool);`,
    { tool },
  );

export const toolArgumentsValidPromptfoo = (ctx: PromptfooMapContext): PromptfooAssertion =>
  jsAssertion(
    String.raw`${TOOL_CALLS}
${ARGUMENTS}
if (!calls.length) return res(true, "calls no tool");
const checked = calls.map(problemsOf);
const problems = checked.flat();
if (!problems.length) return res(true, "all " + calls.length + " call" + (calls.length === 1 ? "" : "s") + " valid");
const more = problems.length > 1 ? " (and " + (problems.length - 1) + " more)" : "";
return { pass: false, score: checked.filter((p) => !p.length).length / calls.length, reason: problems[0] + more };`,
    toolsData(ctx),
  );

export const toolConfirmationPromptfoo = (ctx: PromptfooMapContext): PromptfooAssertion =>
  jsAssertion(
    String.raw`${TOOL_CALLS}
const bad = calls
  .map((c) => cfg.tools.find((t) => t.name === c.name))
  .filter((t) => t && t.gated && !cfg.confirmed.includes(t.name))
  .map((t) => "calls " + t.name + (t.action ? " (" + t.action + ")" : "") + ", which needs a person's confirmation first, and the case records none");
if (bad.length) return res(false, bad[0] + (bad.length > 1 ? " (and " + (bad.length - 1) + " more)" : ""));
return res(true, calls.length ? "no gated tool called without its confirmation" : "calls no tool");`,
    toolsData(ctx),
  );
