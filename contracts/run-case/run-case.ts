/**
 * runCase: one run of a contract (or one of its test cases) against an endpoint, from the
 * contract to a RunResult. Plan the request (plan.ts), send it with runChat, then check the
 * answer. The app's Run, the CLI's `run` and the suite runner call this and nothing else, so
 * they cannot disagree on what was sent, how usage is estimated or what "keeps the contract"
 * means. Pure: fetch, clocks and sleep come in through `io`; every run has its own signal, so
 * any number can be in flight at once.
 *
 * The decisions made here, once:
 * - a refusal (the endpoint's refusal field) is not validated: there is no answer to check, and
 *   the verdict says "refused" (the CLI exits 1 on it, as on any answer that does not keep the
 *   contract);
 * - a failed or stopped run is not validated ("not_checked"), nor an answer that is only tool
 *   calls (the answer comes after the tools reply: a case's mock results, tool-turn.ts);
 * - finish_reason "length" breaks the contract (validateOutput says "cut off at max_tokens");
 * - usage the endpoint did not report is estimated with the o200k_base tokenizer over the
 *   messages and the answer (the preview's count), loaded only when needed.
 */
import type { ChatRequest, OutputEnforcement } from "../assembly-types.ts";
import type { EndpointProfile } from "../client/profile.ts";
import { costOf, runChat, type FetchLike, type RunEvent, type RunOutcome } from "../client/run.ts";
import type { RetryPolicy } from "../client/retry.ts";
import type { Usage } from "../client/stream.ts";
import type { Contract } from "../schema/contract.ts";
import type { Output } from "../schema/output.ts";
import { countChatTokens, countTokens, DEFAULT_ENCODING, loadEncoding } from "../tokens.ts";
import { validateOutput, type OutputValidation } from "../validate-output.ts";
import { contentHash } from "../versions/hash.ts";
import { draftBody } from "../versions/publish.ts";
import { planRun, type CaseInput, type RunPlan, type RunTarget } from "./plan.ts";
import type { RetryNotice, RunResult, RunVerdict } from "./result.ts";
import type { ToolCall } from "../client/tool-calls.ts";
import { combineTurns, followUpRequest } from "./tool-turn.ts";

export interface RunCaseIo {
  fetch?: FetchLike;
  /** Monotonic ms (default performance.now). */
  now?: () => number;
  /** Epoch ms for `timings.startedAt` (default Date.now). */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  retryPolicy?: Partial<RetryPolicy>;
  proxyBase?: string;
  origin?: string;
}

export interface RunCallbacks {
  apiKey?: string;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** The answer's tool calls as they stream (each turn's own list). */
  onToolCalls?: (calls: readonly ToolCall[]) => void;
  onEvent?: (event: RunEvent) => void;
}

/** What to send: a plan, or (a rerun) a request recorded earlier with the hash it was assembled from. */
export interface SendInput extends RunCallbacks {
  contract: Contract;
  profile: EndpointProfile;
  request: ChatRequest;
  enforcement: OutputEnforcement;
  caseId?: string | null;
  /** Default: the contract's current content hash. A rerun keeps the hash of the run it repeats. */
  contractHash?: string;
  /** The case's mock tool results (tools.results): the first answer's calls get one follow-up turn (tool-turn.ts). */
  toolResults?: Readonly<Record<string, unknown>>;
}

/** The content hash runs are filed under. */
export function runContentHash(contract: Contract): string {
  return contentHash(draftBody(contract));
}

/** The output check, decided here for every caller. */
export function checkAnswer(
  output: Output,
  outcome: Pick<RunOutcome, "status" | "output" | "refusal" | "finishReason"> & { toolCalls?: readonly unknown[] },
): { verdict: RunVerdict; validation: OutputValidation | null } {
  if (outcome.status !== "ok") return { verdict: "not_checked", validation: null };
  // Only tool calls, no words: the answer comes after the tools answer (a case's mock results).
  if (outcome.toolCalls?.length && !outcome.output.trim()) return { verdict: "not_checked", validation: null };
  if (outcome.refusal) return { verdict: "refused", validation: null };
  const validation = validateOutput(output, outcome.output, { finishReason: outcome.finishReason });
  return { verdict: validation.ok ? "kept" : "broken", validation };
}

/** Prompt and answer tokens by the tokenizer, as the preview counts them. */
async function estimatedUsage(request: ChatRequest, output: string): Promise<Usage | null> {
  try {
    await loadEncoding(DEFAULT_ENCODING);
  } catch {
    return null; // keep runChat's rough estimate
  }
  const promptTokens = countChatTokens(request.messages, DEFAULT_ENCODING);
  const completionTokens = countTokens(output, DEFAULT_ENCODING);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/** Sends a planned (or recorded) request and checks the answer. */
export async function sendRun(input: SendInput, io: RunCaseIo = {}): Promise<RunResult> {
  const { contract, profile, request } = input;
  const startedAt = (io.clock ?? Date.now)();
  const retries: RetryNotice[] = [];
  const send = (body: ChatRequest) =>
    runChat({
      profile,
      apiKey: input.apiKey,
      request: body,
      signal: input.signal,
      fetch: io.fetch,
      now: io.now,
      sleep: io.sleep,
      random: io.random,
      retryPolicy: io.retryPolicy,
      proxyBase: io.proxyBase,
      origin: io.origin,
      onDelta: input.onDelta,
      onToolCalls: input.onToolCalls,
      onEvent: (e) => {
        if (e.type === "retry")
          retries.push({
            attempt: e.attempt,
            delayMs: e.delayMs,
            fromRetryAfter: e.fromRetryAfter,
            kind: e.error.kind,
            ...("status" in e.error ? { status: e.error.status } : {}),
            title: e.error.title,
          });
        input.onEvent?.(e);
      },
    });
  const first = await withCountedUsage(request, await send(request), profile);
  const second = followUpRequest(request, first, input.toolResults);
  const outcome = second ? combineTurns(first, await withCountedUsage(second, await send(second), profile)) : first;
  const { usage, cost, timings } = outcome;
  const { verdict, validation } = checkAnswer(contract.output, outcome);
  return {
    caseId: input.caseId ?? null,
    contractHash: input.contractHash ?? runContentHash(contract),
    outputKind: contract.output.kind,
    enforcement: input.enforcement,
    request,
    status: outcome.status,
    verdict,
    model: outcome.model || request.model,
    output: outcome.output,
    refusal: outcome.refusal,
    finishReason: outcome.finishReason,
    httpStatus: outcome.httpStatus,
    attempts: outcome.attempts,
    retries,
    timings: { ...timings, startedAt },
    usage,
    usageSource: outcome.usageSource,
    cost,
    validation,
    error: outcome.error,
    ...(request.logprobs ? { logprobs: outcome.logprobs } : {}),
    ...(first.toolCalls.length ? { toolCalls: first.toolCalls } : {}),
    ...(second ? { followUp: { request: second, firstOutput: first.output, toolCalls: outcome.toolCalls } } : {}),
  };
}

/** An outcome whose usage the endpoint did not report, counted by the tokenizer where it loads. */
async function withCountedUsage(request: ChatRequest, outcome: RunOutcome, profile: EndpointProfile): Promise<RunOutcome> {
  if (outcome.usageSource !== "estimated") return outcome;
  const counted = await estimatedUsage(request, outcome.output + outcome.toolCalls.map((c) => c.name + c.arguments).join(""));
  if (!counted) return outcome;
  const rate = outcome.timings.outputTokensPerSec;
  const before = outcome.usage.completionTokens;
  return {
    ...outcome,
    usage: counted,
    cost: costOf(counted, profile.prices),
    timings: { ...outcome.timings, outputTokensPerSec: rate !== null && before > 0 ? (rate * counted.completionTokens) / before : rate },
  };
}

export interface RunCaseInput extends CaseInput, RunTarget, RunCallbacks {
  profile: EndpointProfile;
  /** The contract's content hash when the caller has it (a suite hashes each target once); default: computed. */
  contractHash?: string;
}

export type RunCaseOutcome = { ok: true; plan: Extract<RunPlan, { ok: true }>; result: RunResult } | { ok: false; plan: Extract<RunPlan, { ok: false }> };

/** Plan, send, check: contract + case + profile + model → RunResult (or why nothing was sent). */
export async function runCase(input: RunCaseInput, io: RunCaseIo = {}): Promise<RunCaseOutcome> {
  const plan = planRun(input, input);
  if (!plan.ok) return { ok: false, plan };
  const toolResults = input.testCase?.tools?.results;
  const result = await sendRun(
    { ...input, request: plan.request, enforcement: plan.enforcement, caseId: plan.caseId, ...(toolResults ? { toolResults } : {}) },
    io,
  );
  return { ok: true, plan, result };
}
