/**
 * What was wrong with a tool call (issue 11 item 1), decided once for the tool assertions
 * (assertions/tools.ts) and the dashboard's tool-error rate (suite/tool-rates.ts):
 *  - unknown_tool: the model called a name the contract does not declare;
 *  - invalid_arguments: the arguments are not a JSON object, or break the tool's parameters
 *    schema (ajv, the same validator and sentences as output validation);
 *  - unconfirmed: the tool needs a person's confirmation (requiresConfirmation, or a
 *    confirmationAction from the policy's human-confirmation list) and the case does not record
 *    the confirmation step.
 *
 * The confirmation step: a person has said yes to that exact action before this turn. In a test
 * case it is recorded in `tools.confirmed` (the tool names confirmed), and the case's variables
 * or context should say so to the model (the system prompt tells it to wait for that). A call to
 * a gated tool in a case without it is a call the policy forbids. Forbidden calls count as tool
 * errors on the dashboard, like invalid arguments and unknown tools.
 */
import type { CaseTools, Tool } from "../schema/tools.ts";
import { needsConfirmation } from "../schema/tools.ts";
import { schemaViolations } from "../validate-output.ts";

export type ToolCallProblemKind = "unknown_tool" | "invalid_arguments" | "unconfirmed";

export interface ToolCallProblem {
  kind: ToolCallProblemKind;
  /** A sentence naming the call: `lookup_order: $.id must be a string`. */
  sentence: string;
}

export interface CheckedToolCall {
  name: string;
  /** The arguments parsed, or undefined when they are not JSON. */
  args: unknown;
  problems: ToolCallProblem[];
}

/** The arguments as the model wrote them; an empty string is no arguments ({}), as OpenAI sends "{}". */
export function parseArguments(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `the arguments are not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Problems of the arguments alone against the tool's parameters. */
export function argumentProblems(tool: Pick<Tool, "name" | "parameters">, text: string): ToolCallProblem[] {
  const parsed = parseArguments(text);
  if (!parsed.ok) return [{ kind: "invalid_arguments", sentence: `${tool.name}: ${parsed.message}` }];
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value))
    return [{ kind: "invalid_arguments", sentence: `${tool.name}: the arguments must be a JSON object` }];
  const v = schemaViolations(tool.parameters, parsed.value);
  if (typeof v === "string") return [{ kind: "invalid_arguments", sentence: `${tool.name}: ${v}` }];
  return v.map((x) => ({ kind: "invalid_arguments", sentence: `${tool.name}: ${x.path} ${x.message}` }));
}

export function checkToolCall(
  call: { name: string; arguments: string },
  tools: readonly Tool[],
  caseTools: Pick<CaseTools, "confirmed"> | undefined,
): CheckedToolCall {
  const parsed = parseArguments(call.arguments);
  const args = parsed.ok ? parsed.value : undefined;
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) {
    const known = tools.map((t) => t.name).join(", ");
    return {
      name: call.name,
      args,
      problems: [{ kind: "unknown_tool", sentence: `calls '${call.name}', which the contract does not declare (tools: ${known || "none"})` }],
    };
  }
  const problems = argumentProblems(tool, call.arguments);
  if (needsConfirmation(tool) && !(caseTools?.confirmed ?? []).includes(tool.name))
    problems.push({
      kind: "unconfirmed",
      sentence: `calls ${tool.name}${tool.confirmationAction ? ` (${tool.confirmationAction})` : ""}, which needs a person's confirmation first, and the case records none`,
    });
  return { name: call.name, args, problems };
}

export function checkToolCalls(
  calls: readonly { name: string; arguments: string }[],
  tools: readonly Tool[],
  caseTools: Pick<CaseTools, "confirmed"> | undefined,
): CheckedToolCall[] {
  return calls.map((c) => checkToolCall(c, tools, caseTools));
}
