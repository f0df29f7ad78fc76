/**
 * The one follow-up turn a test case's mock tool results buy (issue 11 item 1). When the first
 * answer calls tools and the case gives a result for at least one of them (`tools.results`, by
 * tool name), the request is sent again with the assistant's calls and one `tool` message per
 * call appended; the second answer is the case's answer (what output checks and assertions
 * judge), and the first turn's calls stay on the result (`toolCalls`) for the tool assertions.
 * A call the case has no result for gets a tool message saying so, since OpenAI requires an
 * answer for every call id. There is never a third turn: calls in the follow-up are recorded
 * (`followUp.toolCalls`), not answered.
 */
import type { ChatMessage, ChatRequest } from "../assembly-types.ts";
import type { RunOutcome } from "../client/run.ts";
import { assistantToolCalls, type ToolCall } from "../client/tool-calls.ts";

/** A mock result as the tool message's content: a string as written, anything else as JSON. */
export function toolResultContent(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** The follow-up request, or null when there is nothing to follow up (no calls, or no result for any of them). */
export function followUpRequest(
  request: ChatRequest,
  first: Pick<RunOutcome, "status" | "output" | "toolCalls">,
  results: Readonly<Record<string, unknown>> | undefined,
): ChatRequest | null {
  if (!results || first.status !== "ok" || !first.toolCalls.length) return null;
  if (!first.toolCalls.some((c) => Object.hasOwn(results, c.name))) return null;
  const calls = assistantToolCalls(first.toolCalls);
  const replies: ChatMessage[] = calls.map((c) => ({
    role: "tool",
    tool_call_id: c.id,
    content: Object.hasOwn(results, c.function.name)
      ? toolResultContent(results[c.function.name])
      : JSON.stringify({ error: `no result: this test case gives no mock result for ${c.function.name}` }),
  }));
  return { ...request, messages: [...request.messages, { role: "assistant", content: first.output, tool_calls: calls }, ...replies] };
}

/**
 * Both turns as one outcome: the second's answer, status and error; attempts, latency, usage
 * and cost added up (the run cost both); time to first token is the first turn's (when the
 * user first saw something). Usage counts as the endpoint's only when both turns reported it.
 */
export function combineTurns(first: RunOutcome, second: RunOutcome): RunOutcome {
  const add = (a: number, b: number) => a + b;
  const usage = {
    promptTokens: add(first.usage.promptTokens, second.usage.promptTokens),
    completionTokens: add(first.usage.completionTokens, second.usage.completionTokens),
    totalTokens: add(first.usage.totalTokens, second.usage.totalTokens),
  };
  const cost =
    first.cost && second.cost
      ? {
          inputUsd: first.cost.inputUsd + second.cost.inputUsd,
          outputUsd: first.cost.outputUsd + second.cost.outputUsd,
          totalUsd: first.cost.totalUsd + second.cost.totalUsd,
        }
      : null;
  return {
    ...second,
    attempts: first.attempts + second.attempts,
    timings: {
      startedAt: first.timings.startedAt,
      ttftMs: first.timings.ttftMs,
      latencyMs: first.timings.latencyMs + second.timings.latencyMs,
      totalMs: first.timings.totalMs + second.timings.totalMs,
      outputTokensPerSec: second.timings.outputTokensPerSec,
    },
    usage,
    usageSource: first.usageSource === "endpoint" && second.usageSource === "endpoint" ? "endpoint" : "estimated",
    cost,
  };
}

export type { ToolCall };
