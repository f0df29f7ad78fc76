/**
 * evaluateAssertions: a case's answer judged by its own assertions and by those the contract
 * implies (issue 8 items 2 and 4). The suite runner, the app's Run view and the command line
 * call this; every type's logic is in the registry (assertions/registry.ts), nothing here
 * switches over types.
 *
 * Implied assertions ("from the contract", source "contract"), for every case:
 *  - schema_valid when the output is a JSON schema; sections_present when it has required sections;
 *  - not_cut_off always (finish_reason "length");
 *  - citations_present when the policy requires citations;
 *  - grounded_claims when the policy lists kinds of grounded claim;
 *  - unknown_answer_verbatim when the policy's unknown answer prescribes exact words;
 *  - tool_arguments_valid and tool_confirmation_respected when the contract declares tools.
 * One the case already states with the same params is not repeated.
 *
 * A run that did not answer (failed, stopped) is not judged: each outcome fails saying why, so
 * the grid shows an error, not a pile of misleading "does not contain" reasons.
 */
import { z } from "zod";
import { contractForTest } from "../assemble.ts";
import type { Contract } from "../schema/contract.ts";
import type { Assertion, TestCase } from "../schema/tests.ts";
import type { RunResult } from "../run-case/result.ts";
import { DEFAULT_ENCODING, countTokens, isEncodingLoaded, loadEncoding, type TokenEncoding } from "../tokens.ts";
import { extractJson } from "../validate-output.ts";
import { canonicalJson } from "../versions/hash.ts";
import { canaryInRequest } from "./canary.ts";
import { unknownAnswerPhrases } from "./heuristics.ts";
import type { AssertionContext, GraderSend, Verdict } from "./assertions/define.ts";
import { describeAssertion, evaluateAssertion, evaluateAssertionNow } from "./assertions/registry.ts";
import type { EvaluateFn } from "./suite/types.ts";

export type { GraderReply, GraderSend } from "./assertions/define.ts";

export const AssertionSourceSchema = z.enum(["case", "contract"]);
export type AssertionSource = z.infer<typeof AssertionSourceSchema>;

/** One assertion's outcome on one answer: what the grid, the comparison and the store keep. */
export const AssertionOutcomeSchema = z.strictObject({
  type: z.string(),
  /** The assertion's params, `type` included (kept loose so stored results survive new types). */
  params: z.record(z.string(), z.unknown()),
  /** "case": written in the test case; "contract": implied by the contract ("from the contract"). */
  source: AssertionSourceSchema,
  /** Its index in the case's assertions; null for an implied one. */
  index: z.int().min(0).nullable(),
  /** The registry's sentence for it (the review's words). */
  description: z.string(),
  pass: z.boolean(),
  /** 0 … 1: a yes/no check gives 1 or 0; partial credit (contains_all, a rubric's grade) in between. */
  score: z.number().min(0).max(1),
  reason: z.string(),
  /** What evaluating it cost (a rubric's grader call) in US dollars; 0 for the free checks, null when unknown. */
  costUsd: z.number().nullable(),
});
export type AssertionOutcome = z.infer<typeof AssertionOutcomeSchema>;

export interface EvaluateOptions {
  /** The grader for rubric assertions (endpoint + model the user picked); absent: rubrics are "not graded". */
  grader?: { send: GraderSend; model: string };
  /** The canary placed for this case; default: the one found in the request's system message. */
  canary?: string | null;
  /** Encoding for max_length in tokens (default o200k_base). */
  encoding?: TokenEncoding;
}

/** The assertions every case of this contract gets without writing them. */
export function impliedAssertions(contract: Pick<Contract, "output" | "policy"> & { tools?: Contract["tools"] }): Assertion[] {
  const out: Assertion[] = [];
  if (contract.output.kind === "json_schema") out.push({ type: "schema_valid" });
  if (contract.output.kind === "sections" && contract.output.sections.some((s) => s.required)) out.push({ type: "sections_present" });
  out.push({ type: "not_cut_off" });
  if (contract.policy.citations === "required") out.push({ type: "citations_present" });
  if (contract.policy.groundedClaims.some((k) => k.trim())) out.push({ type: "grounded_claims" });
  if (unknownAnswerPhrases(contract.policy.unknownAnswer).length) out.push({ type: "unknown_answer_verbatim" });
  // Every call must name a declared tool with valid arguments, and wait for its confirmation (the dashboard's tool errors).
  if (contract.tools?.length) out.push({ type: "tool_arguments_valid" }, { type: "tool_confirmation_respected" });
  return out;
}

interface Planned {
  assertion: Assertion;
  source: AssertionSource;
  index: number | null;
}

/** The case's assertions, then the implied ones it does not already state. */
export function assertionsFor(
  contract: Pick<Contract, "output" | "policy"> & { tools?: Contract["tools"] },
  testCase: Pick<TestCase, "assertions">,
): Planned[] {
  const own = testCase.assertions.map((assertion, index): Planned => ({ assertion, source: "case", index }));
  const stated = new Set(testCase.assertions.map((a) => canonicalJson(a)));
  const implied = impliedAssertions(contract)
    .filter((a) => !stated.has(canonicalJson(a)))
    .map((assertion): Planned => ({ assertion, source: "contract", index: null }));
  return [...own, ...implied];
}

function contextFor(contract: Contract, testCase: TestCase, result: RunResult, options: EvaluateOptions): AssertionContext {
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  const json = extractJson(result.output);
  return {
    text: result.output,
    json: "value" in json ? json.value : undefined,
    result,
    request: result.request,
    packet: contractForTest(contract, testCase).contract.context.items,
    contract: { policy: contract.policy, output: contract.output, ...(contract.tools ? { tools: contract.tools } : {}) },
    testCase: { id: testCase.id, name: testCase.name, ...(testCase.tools ? { tools: testCase.tools } : {}) },
    canary: options.canary !== undefined ? options.canary : canaryInRequest(result.request),
    countTokens: (text) => (isEncodingLoaded(encoding) ? countTokens(text, encoding) : null),
    ...(options.grader ? { grader: options.grader } : {}),
  };
}

function outcome(p: Planned, v: Verdict): AssertionOutcome {
  return {
    type: p.assertion.type,
    params: p.assertion as Record<string, unknown>,
    source: p.source,
    index: p.index,
    description: describeAssertion(p.assertion),
    pass: v.pass,
    score: Math.min(1, Math.max(0, v.score)),
    reason: v.reason,
    costUsd: v.costUsd === undefined ? 0 : v.costUsd,
  };
}

/** Why nothing is judged, when the run gave no answer to judge. */
function unanswered(result: RunResult): Verdict | null {
  if (result.status === "ok") return null;
  const why = result.status === "aborted" ? "the run was stopped" : `the run failed${result.error ? ` (${result.error.title})` : ""}`;
  return { pass: false, score: 0, reason: `not evaluated: ${why} before a whole answer arrived`, costUsd: 0 };
}

/**
 * An answer that is only tool calls (no mock results to answer them with) has no text for the
 * contract's implied output checks to judge: they pass saying so, rather than failing every case
 * whose right answer is a call. The case's own assertions (tool_called …) still judge it.
 */
function onlyToolCalls(result: RunResult): boolean {
  return Boolean(result.toolCalls?.length) && !result.followUp && !result.output.trim();
}
const TOOL_TURN_VERDICT: Verdict = {
  pass: true,
  score: 1,
  reason: "not applicable: the answer is only tool calls (give the case a mock result to check the answer after them)",
  costUsd: 0,
};
const JUDGES_CALLS = new Set(["not_cut_off", "tool_arguments_valid", "tool_confirmation_respected"]);
const skipsOnToolTurn = (p: Planned, result: RunResult) => p.source === "contract" && !JUDGES_CALLS.has(p.assertion.type) && onlyToolCalls(result);

/**
 * Every assertion of the case plus the implied ones, in that order. Async because a rubric
 * asks a grader; the rest are pure and synchronous (evaluateAssertionsNow). Never rejects: a
 * check that throws, or a grader that fails, is a failed outcome saying so.
 */
export async function evaluateAssertions(
  contract: Contract,
  testCase: TestCase,
  result: RunResult,
  options: EvaluateOptions = {},
): Promise<AssertionOutcome[]> {
  const planned = assertionsFor(contract, testCase);
  const none = unanswered(result);
  if (none) return planned.map((p) => outcome(p, none));
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  if (planned.some((p) => p.assertion.type === "max_length" && p.assertion.unit === "tokens") && !isEncodingLoaded(encoding))
    await loadEncoding(encoding).catch(() => {}); // max_length then says the tables are not loaded
  const ctx = contextFor(contract, testCase, result, options);
  return Promise.all(planned.map(async (p) => outcome(p, skipsOnToolTurn(p, result) ? TOOL_TURN_VERDICT : await evaluateAssertion(p.assertion, ctx))));
}

/** The same without waiting: rubrics report "not graded yet", max_length in tokens needs the tables loaded. */
export function evaluateAssertionsNow(contract: Contract, testCase: TestCase, result: RunResult, options: EvaluateOptions = {}): AssertionOutcome[] {
  const planned = assertionsFor(contract, testCase);
  const none = unanswered(result);
  if (none) return planned.map((p) => outcome(p, none));
  const ctx = contextFor(contract, testCase, result, options);
  return planned.map((p) => outcome(p, skipsOnToolTurn(p, result) ? TOOL_TURN_VERDICT : evaluateAssertionNow(p.assertion, ctx)));
}

// The suite runner's evaluator slot (suite/types.ts EvaluateFn) takes this function as it is.
const fitsSuite: EvaluateFn = evaluateAssertions;
void fitsSuite;
