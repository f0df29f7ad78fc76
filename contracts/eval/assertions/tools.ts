/**
 * Checks on the tool calls of the answer (issue 11 item 1): RunResult.toolCalls, the first
 * turn's calls (a case's mock results do not change them). What counts as a bad call, and the
 * confirmation step, are decided in eval/tool-calls.ts, shared with the dashboard.
 */
import { z } from "zod";
import { TOOL_NAME } from "../../schema/tools.ts";
import { checkToolCalls } from "../tool-calls.ts";
import { defineAssertion, verdict, type AssertionContext } from "./define.ts";
import { toolArgumentsValidPromptfoo, toolCalledPromptfoo, toolConfirmationPromptfoo, toolNotCalledPromptfoo } from "./promptfoo-tools.ts";

const toolName = z.string().regex(TOOL_NAME, "must be a tool name (letters, digits, _ or -)");
const callsOf = (ctx: AssertionContext) => ctx.result.toolCalls ?? [];
const times = (n: number) => (n === 1 ? "once" : `${n} times`);

export const toolCalled = defineAssertion({
  type: "tool_called",
  label: "Calls a tool",
  schema: z.strictObject({ type: z.literal("tool_called"), tool: toolName }),
  describe: (p) => `The answer calls the tool ${p.tool}.`,
  evaluate: (p, ctx) => {
    const calls = callsOf(ctx);
    const n = calls.filter((c) => c.name === p.tool).length;
    if (n) return verdict(true, `calls ${p.tool} ${times(n)}`);
    return verdict(false, calls.length ? `calls ${calls.map((c) => c.name).join(", ")}, not ${p.tool}` : `calls no tool (expected ${p.tool})`);
  },
  promptfoo: (p) => toolCalledPromptfoo(p.tool),
});

export const toolNotCalled = defineAssertion({
  type: "tool_not_called",
  label: "Does not call a tool",
  schema: z.strictObject({ type: z.literal("tool_not_called"), tool: toolName }),
  describe: (p) => `The answer never calls the tool ${p.tool}.`,
  evaluate: (p, ctx) => {
    const n = callsOf(ctx).filter((c) => c.name === p.tool).length;
    return n ? verdict(false, `calls ${p.tool} ${times(n)}`) : verdict(true, `does not call ${p.tool}`);
  },
  promptfoo: (p) => toolNotCalledPromptfoo(p.tool),
});

export const toolArgumentsValid = defineAssertion({
  type: "tool_arguments_valid",
  label: "Tool arguments valid",
  schema: z.strictObject({ type: z.literal("tool_arguments_valid") }),
  describe: () => "Every tool call names a declared tool, with arguments valid against that tool's parameters schema.",
  evaluate: (_p, ctx) => {
    const calls = callsOf(ctx);
    if (!calls.length) return verdict(true, "calls no tool");
    const checked = checkToolCalls(calls, ctx.contract.tools ?? [], undefined);
    const problems = checked.flatMap((c) => c.problems.filter((x) => x.kind !== "unconfirmed"));
    const good = checked.filter((c) => !c.problems.some((x) => x.kind !== "unconfirmed")).length;
    if (!problems.length) return verdict(true, `all ${calls.length} call${calls.length === 1 ? "" : "s"} valid`);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    return { pass: false, score: good / calls.length, reason: `${problems[0]!.sentence}${more}` };
  },
  promptfoo: (_p, ctx) => toolArgumentsValidPromptfoo(ctx),
});

export const toolConfirmationRespected = defineAssertion({
  type: "tool_confirmation_respected",
  label: "Confirmation before gated tools",
  schema: z.strictObject({ type: z.literal("tool_confirmation_respected") }),
  describe: () => "A tool that needs a person's confirmation is never called before the confirmation step (the case's confirmed tools).",
  evaluate: (_p, ctx) => {
    const checked = checkToolCalls(callsOf(ctx), ctx.contract.tools ?? [], ctx.testCase.tools);
    const bad = checked.flatMap((c) => c.problems.filter((x) => x.kind === "unconfirmed"));
    if (bad.length) return verdict(false, `${bad[0]!.sentence}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ""}`);
    return verdict(true, checked.length ? "no gated tool called without its confirmation" : "calls no tool");
  },
  promptfoo: (_p, ctx) => toolConfirmationPromptfoo(ctx),
});

export const TOOL_ASSERTIONS = [toolCalled, toolNotCalled, toolArgumentsValid, toolConfirmationRespected] as const;
