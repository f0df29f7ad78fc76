/**
 * RunResult: what one run of a contract (or one of its test cases) against an endpoint produced,
 * as a value with a zod schema. The app's Run, the CLI's `run` and the suite runner all get it
 * from runCase (run-case.ts), so they report the same thing; the app's run records and the
 * CLI's --json output are built from it. Parse it (RunResultSchema) wherever it is read back.
 */
import { z } from "zod";
import type { ChatRequest } from "../assembly-types.ts";
import { TokenLogprobSchema } from "../confidence/logprobs.ts";
import type { EndpointError } from "../client/errors.ts";
import type { RunCost, RunTimings } from "../client/run.ts";
import type { Usage } from "../client/stream.ts";
import type { ToolCall } from "../client/tool-calls.ts";
import { OutputValidationSchema } from "../validate-output.ts";

export const ChatToolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const ChatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  tool_calls: z.array(ChatToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
});

const ChatToolSchema = z.object({
  type: z.literal("function"),
  function: z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()) }),
});
const ChatToolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);

const ResponseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("json_schema"), json_schema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()), strict: z.boolean() }) }),
  z.object({ type: z.literal("json_object") }),
  z.object({ type: z.literal("text") }),
]);

/** The request body as sent (assembly-types.ts's ChatRequest, checked below to stay the same). */
export const ChatRequestSchema = z.object({
  model: z.string(),
  messages: z.array(ChatMessageSchema),
  tools: z.array(ChatToolSchema).optional(),
  tool_choice: ChatToolChoiceSchema.optional(),
  response_format: ResponseFormatSchema.optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  logprobs: z.boolean().optional(),
  top_logprobs: z.number().optional(),
  max_tokens: z.number().optional(),
  seed: z.number().optional(),
  stop: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean() }).optional(),
});

/** A tool call the model made (client/tool-calls.ts ToolCall): arguments as the model wrote them. */
export const ToolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });

/** The follow-up turn a case's mock tool results caused (run-case/tool-turn.ts). */
export const FollowUpSchema = z.object({
  /** The second request as sent: the first plus the assistant's calls and the tool messages. */
  request: ChatRequestSchema,
  /** What the first answer said besides its calls (often nothing). */
  firstOutput: z.string(),
  /** Calls the follow-up answer made in turn: recorded, never answered. */
  toolCalls: z.array(ToolCallSchema),
});

export const OutputEnforcementSchema = z.enum(["json_schema", "json_object", "prompt_only"]);
export const OutputKindSchema = z.enum(["json_schema", "sections", "text"]);
export const RunStatusSchema = z.enum(["ok", "failed", "aborted"]);

export const UsageSchema = z.object({ promptTokens: z.number().min(0), completionTokens: z.number().min(0), totalTokens: z.number().min(0) });
export const RunTimingsSchema = z.object({
  startedAt: z.number(),
  ttftMs: z.number().nullable(),
  latencyMs: z.number(),
  totalMs: z.number(),
  outputTokensPerSec: z.number().nullable(),
});
export const RunCostSchema = z.object({ inputUsd: z.number(), outputUsd: z.number(), totalUsd: z.number() });

/**
 * An endpoint error as contracts/client/errors.ts makes it. Checked by shape only (kind, title,
 * explanation, advice): the union of kinds is owned there and grows, and a result must not
 * become unreadable when a new kind appears.
 */
export const EndpointErrorSchema = z.custom<EndpointError>(
  (v) => {
    if (!v || typeof v !== "object") return false;
    const e = v as Record<string, unknown>;
    return typeof e.kind === "string" && typeof e.title === "string" && typeof e.explanation === "string" && Array.isArray(e.advice);
  },
  { message: "not an endpoint error (kind, title, explanation, advice)" },
);

/** One retry as it happened: after which attempt, how long it waited, and why. */
export const RetryNoticeSchema = z.object({
  attempt: z.int().min(1),
  delayMs: z.number().min(0),
  fromRetryAfter: z.boolean(),
  kind: z.string(),
  status: z.int().optional(),
  title: z.string(),
});
export type RetryNotice = z.infer<typeof RetryNoticeSchema>;

/**
 * Did the answer keep the output contract? `kept` and `broken` come from validateOutput (a
 * cut-off answer is broken); `refused`: the model refused (its refusal field), so there is no
 * answer to check; `not_checked`: the run failed or was stopped before a whole answer arrived,
 * or the answer was only tool calls (no mock results to answer them with).
 */
export const RunVerdictSchema = z.enum(["kept", "broken", "refused", "not_checked"]);
export type RunVerdict = z.infer<typeof RunVerdictSchema>;

export const RunResultSchema = z.object({
  /** The test case run, or null for the contract's own test values. */
  caseId: z.string().nullable(),
  /** contentHash(draftBody(contract)) of the contract the request was assembled from. */
  contractHash: z.string(),
  outputKind: OutputKindSchema,
  enforcement: OutputEnforcementSchema,
  /** The exact request sent. */
  request: ChatRequestSchema,
  status: RunStatusSchema,
  verdict: RunVerdictSchema,
  /** The model that answered, as the endpoint named it (else the one asked for). */
  model: z.string(),
  output: z.string(),
  refusal: z.string().nullable(),
  finishReason: z.string().nullable(),
  httpStatus: z.int().nullable(),
  attempts: z.int().min(0),
  retries: z.array(RetryNoticeSchema),
  timings: RunTimingsSchema,
  usage: UsageSchema,
  usageSource: z.enum(["endpoint", "estimated"]),
  cost: RunCostSchema.nullable(),
  validation: OutputValidationSchema.nullable(),
  error: EndpointErrorSchema.nullable(),
  /**
   * The answer's tokens with their logprobs (confidence/logprobs.ts), when the request asked
   * (`request.logprobs`); null when it asked and the endpoint sent none. Absent in results from
   * before logprobs existed, and when they were not asked for.
   */
  logprobs: z.array(TokenLogprobSchema).nullable().optional(),
  /**
   * The tool calls of the first answer (issue 11 item 1), what the tool assertions judge. Absent
   * when it made none, and in results from before tools existed.
   */
  toolCalls: z.array(ToolCallSchema).optional(),
  /** Present when the case's mock results were sent back: `output` is then the follow-up's answer. */
  followUp: FollowUpSchema.optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

// The schemas above restate interfaces that live elsewhere; these lines stop the build when
// the two drift apart (in either direction).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof ChatRequestSchema>, ChatRequest>,
  Same<z.infer<typeof UsageSchema>, Usage>,
  Same<z.infer<typeof RunTimingsSchema>, RunTimings>,
  Same<z.infer<typeof RunCostSchema>, RunCost>,
  Same<z.infer<typeof ToolCallSchema>, ToolCall>,
] = [true, true, true, true, true];
void sameShapes;
