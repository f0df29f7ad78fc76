/**
 * Tool calls for the test server's answers (issue 11 item 1), in OpenAI's shapes: a whole
 * answer's `message.tool_calls`, or streamed `delta.tool_calls` fragments (index, then id and
 * name on a call's first fragment, then its arguments in pieces), with finish_reason
 * "tool_calls". Chosen by model flags, combinable with the others (test-tools+no-usage):
 *   test-tools             calls the tool named by tool_choice, else the first tool, once
 *   test-tools-all         calls every tool, their fragments interleaved by index
 *   test-tools-bad-args    arguments that break the tool's schema (required ones left out, an extra key)
 *   test-tools-unknown     calls "not_a_tool", which the request did not declare
 * A request without `tools` is answered as usual. When the last message is a tool result
 * (the follow-up turn), the answer is text quoting each result, so a test can see it came back:
 * `lookup_order returned {"status":"shipped"}.`
 * Arguments are a deterministic instance of the parameters: each property by its type (a
 * string is "A-1", or its first enum value; number 1; boolean true; array []; object {}).
 */
import { messageText, type IncomingMessage } from "./answers.ts";

export type ToolFlag = "tools" | "tools-all" | "tools-bad-args" | "tools-unknown";

export interface ServerToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type ToolAnswer = { kind: "calls"; calls: ServerToolCall[] } | { kind: "text"; text: string };

function toolFlag(model: string): ToolFlag | null {
  for (const raw of model.split("+")) {
    const flag = raw.trim().replace(/^test-/, "");
    if (flag === "tools" || flag === "tools-all" || flag === "tools-bad-args" || flag === "tools-unknown") return flag;
  }
  return null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function sample(schema: unknown): unknown {
  if (!isObject(schema)) return "A-1";
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "A-1";
  }
}

function argumentsFor(parameters: unknown, bad: boolean): string {
  const props = isObject(parameters) && isObject(parameters.properties) ? parameters.properties : {};
  const required = new Set(isObject(parameters) && Array.isArray(parameters.required) ? (parameters.required as string[]) : []);
  const out: Json = {};
  for (const [key, schema] of Object.entries(props)) if (!bad || !required.has(key)) out[key] = sample(schema);
  if (bad) out.unexpected_argument = "x";
  return JSON.stringify(out);
}

/** What a tool mode answers, or null when the model is no tool mode or the request has no tools. */
export function toolAnswer(model: string, body: Json, requestId: string): ToolAnswer | null {
  const flag = toolFlag(model);
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter(isObject).map((t) => (isObject(t.function) ? t.function : {}));
  if (!flag || !tools.length) return null;
  const messages = (Array.isArray(body.messages) ? body.messages : []) as IncomingMessage[];
  if (messages.at(-1)?.role === "tool") {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]!.role === "tool"; i--) {
      const m = messages[i] as IncomingMessage & { tool_call_id?: unknown };
      const call = [...messages]
        .reverse()
        .flatMap((x) => ((x as { tool_calls?: unknown }).tool_calls as { id?: unknown; function?: { name?: unknown } }[] | undefined) ?? [])
        .find((c) => c.id === m.tool_call_id);
      results.unshift(`${String(call?.function?.name ?? "a tool")} returned ${messageText(m)}`);
    }
    return { kind: "text", text: `${results.join("; ")}.` };
  }
  const choice = body.tool_choice;
  if (choice === "none") return null;
  const named = isObject(choice) && isObject(choice.function) ? String(choice.function.name) : null;
  const chosen =
    flag === "tools-unknown" ? [{ name: "not_a_tool", parameters: {} }] : flag === "tools-all" ? tools : [tools.find((t) => t.name === named) ?? tools[0]!];
  return {
    kind: "calls",
    calls: chosen.map((t, i) => ({ id: `call_${requestId}_${i}`, name: String(t.name), arguments: argumentsFor(t.parameters, flag === "tools-bad-args") })),
  };
}

/** The whole answer's message. */
export function toolCallMessage(calls: readonly ServerToolCall[]) {
  return {
    role: "assistant",
    content: null,
    tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
  };
}

/**
 * The streamed deltas, in order: each call's opening fragment (index, id, type, name, no
 * arguments), then the arguments in 6-character pieces, round robin over the calls, so
 * fragments of several calls interleave as parallel calls do on OpenAI.
 */
export function toolCallDeltas(calls: readonly ServerToolCall[]): Json[] {
  const out: Json[] = calls.map((c, index) => ({
    ...(index === 0 ? { role: "assistant", content: null } : {}),
    tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }],
  }));
  const pieces = calls.map((c) => c.arguments.match(/[\s\S]{1,6}/g) ?? []);
  const longest = Math.max(0, ...pieces.map((p) => p.length));
  for (let k = 0; k < longest; k++)
    pieces.forEach((p, index) => {
      if (k < p.length) out.push({ tool_calls: [{ index, function: { arguments: p[k] } }] });
    });
  return out;
}
