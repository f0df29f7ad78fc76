/**
 * Tool calls as an OpenAI-compatible endpoint returns them (issue 11 item 1).
 *
 * Streamed, a call arrives in pieces: `choices[0].delta.tool_calls` is a list of fragments, each
 * with the call's `index` (which call of the answer it belongs to), and on its first fragment
 * the call's `id` and `function.name`; `function.arguments` is JSON text split anywhere and
 * concatenated in order. Several calls may be interleaved by index. As the openai SDK does, a
 * later id or name replaces the earlier one (servers send them once) and arguments append.
 * A whole (non-streamed) answer has them complete in `choices[0].message.tool_calls`.
 */
import type { ChatToolCall } from "../assembly-types.ts";

/** One call the model made: `arguments` is the model's JSON text, as written (it may not parse). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

interface Fragment {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/**
 * Applies one chunk's `delta.tool_calls` to the calls so far (mutates `calls`, indexed by the
 * fragment's index). Returns whether anything changed. A fragment without an index is taken as
 * the next call when it carries an id, else as more of the last one (some servers omit index).
 */
export function applyToolCallDeltas(calls: ToolCall[], deltas: unknown): boolean {
  if (!Array.isArray(deltas)) return false;
  let changed = false;
  for (const raw of deltas as Fragment[]) {
    if (!raw || typeof raw !== "object") continue;
    let index = typeof raw.index === "number" && Number.isInteger(raw.index) && raw.index >= 0 ? raw.index : -1;
    if (index < 0) index = typeof raw.id === "string" && raw.id ? calls.length : Math.max(0, calls.length - 1);
    // Holes (index 2 before 1) are filled so the list stays dense; they get their pieces later.
    while (calls.length <= index) calls.push({ id: "", name: "", arguments: "" });
    const call = calls[index]!;
    if (typeof raw.id === "string" && raw.id) call.id = raw.id;
    const fn = raw.function;
    if (fn && typeof fn === "object") {
      if (typeof fn.name === "string" && fn.name) call.name = fn.name;
      if (typeof fn.arguments === "string") call.arguments += fn.arguments;
      // A few servers send arguments as an object instead of JSON text.
      else if (fn.arguments && typeof fn.arguments === "object") call.arguments += JSON.stringify(fn.arguments);
    }
    changed = true;
  }
  return changed;
}

/** The calls of a whole answer (`message.tool_calls`). */
export function toolCallsFromMessage(raw: unknown): ToolCall[] {
  const calls: ToolCall[] = [];
  if (Array.isArray(raw))
    applyToolCallDeltas(
      calls,
      raw.map((c, index) => ({ ...(c as object), index })),
    );
  return calls;
}

/** Calls as the follow-up's assistant message repeats them; a call without an id gets one, so its result can answer it. */
export function assistantToolCalls(calls: readonly ToolCall[]): ChatToolCall[] {
  return calls.map((c, i) => ({ id: c.id || `call_${i}`, type: "function", function: { name: c.name, arguments: c.arguments } }));
}
