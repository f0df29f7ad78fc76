/**
 * The dashboard's tool figures (issue 11 item 1): of the answers of a contract with tools, how
 * often the model called a tool, and how often a call went wrong: an unknown tool, arguments
 * that break the tool's schema, or a call the policy forbids (a gated tool before the
 * confirmation step). What "wrong" means is eval/tool-calls.ts's; an answer counts once
 * however many of its calls went wrong. Answers whose tool facts are unknown (a contract
 * without tools, a record from before tools) are left out of both rates.
 */
import { wilson, type Interval } from "./stats.ts";
import type { AssertionOutcome } from "./evaluate.ts";
import { checkToolCalls } from "./tool-calls.ts";
import type { CaseTools, Tool } from "../schema/tools.ts";

export interface ToolFacts {
  /** Calls the answer made. */
  calls: number;
  /** Calls that went wrong (unknown tool, invalid arguments, forbidden). */
  errors: number;
}

/** The assertion types whose failure is a tool error (implied for every case of a contract with tools). */
export const TOOL_ERROR_ASSERTIONS: readonly string[] = ["tool_arguments_valid", "tool_confirmation_respected"];

/** From the calls themselves, checked against the contract's tools and the case's confirmations. */
export function toolFactsOfCalls(
  calls: readonly { name: string; arguments: string }[],
  tools: readonly Tool[],
  caseTools?: Pick<CaseTools, "confirmed">,
): ToolFacts {
  return { calls: calls.length, errors: checkToolCalls(calls, tools, caseTools).filter((c) => c.problems.length > 0).length };
}

/**
 * From a stored cell's figures: its number of calls and its judged assertions (the implied tool
 * checks failed = at least one call went wrong). Null when the run declared no tools.
 */
export function toolFactsOfCell(
  toolCalls: number | undefined,
  assertions: readonly Pick<AssertionOutcome, "type" | "pass">[],
  hadTools: boolean,
): ToolFacts | null {
  if (!hadTools) return null;
  const calls = toolCalls ?? 0;
  const failed = assertions.some((a) => TOOL_ERROR_ASSERTIONS.includes(a.type) && !a.pass);
  return { calls, errors: failed ? 1 : 0 };
}

export interface ToolRates {
  /** Answers that called at least one tool, of the answers with tool facts. */
  toolCallRate: Interval | null;
  /** Answers with at least one bad call, of the answers that called a tool. */
  toolErrorRate: Interval | null;
}

export function toolRates(facts: readonly (ToolFacts | null | undefined)[]): ToolRates {
  let known = 0,
    calling = 0,
    wrong = 0;
  for (const f of facts) {
    if (!f) continue;
    known++;
    if (f.calls > 0) calling++;
    if (f.errors > 0) wrong++;
  }
  return { toolCallRate: wilson(calling, known), toolErrorRate: wilson(wrong, calling) };
}
