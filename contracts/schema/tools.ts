import { z } from "zod";

/** The name the model calls a tool by: what OpenAI accepts as `function.name`. */
export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A tool the assistant may call (issue 11 item 1), sent as one entry of the request's `tools`
 * (OpenAI's `{type: "function", function: {name, description, parameters}}`).
 *
 * `requiresConfirmation`: the call changes something a human must approve first, so the model
 * may only make it after the confirmation step (see eval/tool-calls.ts: the case must record
 * the human's yes in `tools.confirmed`). `confirmationAction` ties the tool to the policy's
 * human-confirmation list (policy.humanConfirmation), so the spec a product manager reads and
 * the check that runs say the same thing; it implies requiresConfirmation (refined in contract.ts).
 */
export const ToolSchema = z.strictObject({
  name: z.string().regex(TOOL_NAME, "must be 1-64 letters, digits, _ or - (the name the model calls)"),
  description: z.string().default(""),
  /** JSON Schema of the arguments (an object schema). */
  parameters: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
  requiresConfirmation: z.boolean().default(false),
  /** The policy.humanConfirmation entry this tool carries out, word for word. */
  confirmationAction: z.string().optional(),
});
export type Tool = z.infer<typeof ToolSchema>;
export type ToolInput = z.input<typeof ToolSchema>;

/** OpenAI's tool_choice: let the model decide, forbid calls, require one, or name the tool. */
export const ToolChoiceSchema = z.union([z.enum(["auto", "none", "required"]), z.strictObject({ name: z.string().regex(TOOL_NAME, "must be a tool name") })]);
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/**
 * What a test case says about tools: mock results for one follow-up turn (by tool name; a
 * string is sent as written, anything else as JSON), and the tools the human has already
 * confirmed in the case's scenario (the confirmation step; the case's variables should say so
 * to the model too, e.g. a {{confirmation}} variable).
 */
export const CaseToolsSchema = z.strictObject({
  results: z.record(z.string().regex(TOOL_NAME, "must be a tool name"), z.unknown()).default({}),
  confirmed: z.array(z.string().regex(TOOL_NAME, "must be a tool name")).default([]),
});
export type CaseTools = z.infer<typeof CaseToolsSchema>;

/** Whether a call to this tool needs the confirmation step first. */
export function needsConfirmation(tool: Pick<Tool, "requiresConfirmation" | "confirmationAction">): boolean {
  return tool.requiresConfirmation || tool.confirmationAction !== undefined;
}
