/**
 * What an assertion type is: its zod params (with the `type` literal, so the test-case schema
 * is the union of these), a sentence for the review view, and a pure `evaluate`. Every type is
 * defined once, with defineAssertion, in this folder; registry.ts collects them, and the
 * assertion schema, the review text and the evaluator are all derived from that one list.
 *
 * This module must stay free of runtime imports from schema/contract.ts and assemble.ts: the
 * test-case schema imports the registry, so a runtime import back would be a cycle.
 */
import type { z } from "zod";
import type { ChatRequest } from "../../assembly-types.ts";
import type { RunResult } from "../../run-case/result.ts";
import type { ContextItem } from "../../schema/context.ts";
import type { Output } from "../../schema/output.ts";
import type { Policy } from "../../schema/policy.ts";
import type { CaseTools, Tool } from "../../schema/tools.ts";
import type { PromptfooAssertion } from "../../export/promptfoo-schema.ts";

/** What one assertion decided. `score` is in [0, 1] (1 for a pass of a yes/no check). */
export interface Verdict {
  pass: boolean;
  score: number;
  /** A sentence saying why, shown in the grid and the review ("contains "refund""). */
  reason: string;
  /** What evaluating it cost in US dollars (a rubric's grader call); 0 for the free checks, null when unknown. */
  costUsd?: number | null;
}

/** What a model-graded assertion sends: a chat request, answered through the suite's runner or the endpoint client. */
export interface GraderReply {
  ok: boolean;
  /** The grader's answer text (when ok). */
  text: string;
  /** Why it failed (when not ok), as a sentence. */
  message?: string;
  costUsd: number | null;
}
export type GraderSend = (request: ChatRequest) => Promise<GraderReply>;

/** Everything an assertion may look at. Built once per answer by evaluate.ts. */
export interface AssertionContext {
  /** The answer text (RunResult.output). */
  text: string;
  /** The answer parsed as JSON (a ```json fence accepted), or undefined when it is not JSON. */
  json: unknown;
  result: RunResult;
  /** The request as sent (RunResult.request): the system message holds the canary, if any. */
  request: ChatRequest;
  /** The context packet the case was assembled with (the contract's items with the case's overrides applied). */
  packet: readonly ContextItem[];
  /** The contract body fields the checks need (the whole contract is not needed here); tools when it declares any. */
  contract: { policy: Policy; output: Output; tools?: readonly Tool[] };
  /** `tools`: the case's mock results and confirmed tools (schema/tools.ts CaseTools), when it has them. */
  testCase: { id: string; name: string; tools?: CaseTools };
  /** The canary placed in the system message for this case, or null. */
  canary: string | null;
  /** Tokens of a text in the contract's encoding, or null when the tables are not loaded. */
  countTokens: (text: string) => number | null;
  /** Set only when the caller can grade (evaluateAssertions with a grader). */
  grader?: { send: GraderSend; model: string };
}

/** What a promptfoo mapper may look at: the export knows the contract and the case, never an answer. */
export interface PromptfooMapContext {
  contract: { policy: Policy; output: Output; tools?: readonly Tool[] };
  /** The case's context packet (the contract's items with the case's overrides applied). */
  packet: readonly ContextItem[];
  testCase: { id: string; name: string; tools?: CaseTools };
}

export interface AssertionDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  type: T;
  /** For the case editor's type picker: "Contains", "JSON path equals". */
  label: string;
  /** The params, `type` included; strict, so a misspelt field is an error with its path. */
  schema: S;
  /** One sentence for the review view and the grid header: what a pass means. */
  describe(params: z.output<S>): string;
  /** Pure: the same answer and params always give the same verdict. Async only for graded types. */
  evaluate(params: z.output<S>, ctx: AssertionContext): Verdict | Promise<Verdict>;
  /**
   * The same check in promptfoo (`contract export --to promptfoo`): one of promptfoo's own types
   * where one means the same, else a javascript assertion (./promptfoo.ts jsAssertion). Optional:
   * a type without one is exported as a javascript assertion that fails saying it has no mapping
   * (contracts/export/promptfoo.ts), never silently passed.
   */
  promptfoo?(params: z.output<S>, ctx: PromptfooMapContext): PromptfooAssertion;
}

/** Keeps the literal type and the params type tied together for each definition. */
export function defineAssertion<T extends string, S extends z.ZodObject<{ type: z.ZodLiteral<T> } & z.core.$ZodLooseShape>>(
  def: AssertionDefinition<T, S>,
): AssertionDefinition<T, S> {
  return def;
}

/** A yes/no verdict: score 1 or 0. */
export const verdict = (pass: boolean, reason: string): Verdict => ({ pass, score: pass ? 1 : 0, reason });

/** Quotes a value in a reason, shortened so one long string does not swamp the grid. */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ");
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}
