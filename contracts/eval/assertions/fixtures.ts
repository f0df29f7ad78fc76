/** Test helpers: a RunResult and an assertion context around an answer text (tests only). */
import type { RunResult } from "../../run-case/result.ts";
import type { Output } from "../../schema/output.ts";
import { PolicySchema, type Policy } from "../../schema/policy.ts";
import type { ContextItem } from "../../schema/context.ts";
import { extractJson } from "../../validate-output.ts";
import type { AssertionContext } from "./define.ts";

export function runResult(output: string, edit: Partial<RunResult> = {}): RunResult {
  return {
    caseId: "c1",
    contractHash: "0".repeat(64),
    outputKind: "text",
    enforcement: "json_schema",
    request: {
      model: "m",
      messages: [
        { role: "system", content: "You help." },
        { role: "user", content: "Question?" },
      ],
    },
    status: "ok",
    verdict: "kept",
    model: "m",
    output,
    refusal: null,
    finishReason: "stop",
    httpStatus: 200,
    attempts: 1,
    retries: [],
    timings: { startedAt: 0, ttftMs: 10, latencyMs: 120, totalMs: 130, outputTokensPerSec: null },
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    usageSource: "endpoint",
    cost: { inputUsd: 0.001, outputUsd: 0.002, totalUsd: 0.003 },
    validation: null,
    error: null,
    ...edit,
  };
}

export const PACKET: ContextItem[] = [
  { id: "kb-1", label: "Refunds", kind: "retrieval", source: "kb://1", content: "Refunds are possible within 30 days of purchase.", trusted: false },
  { id: "kb-2", label: "Shipping", kind: "retrieval", source: "kb://2", content: "Parcels ship within 2 days.", trusted: false },
];

export function ctxFor(
  text: string,
  opts: { output?: Output; policy?: Partial<Policy>; result?: Partial<RunResult>; canary?: string | null; tokens?: (t: string) => number | null } = {},
): AssertionContext {
  const result = runResult(text, opts.result);
  const json = extractJson(text);
  return {
    text,
    json: "value" in json ? json.value : undefined,
    result,
    request: result.request,
    packet: PACKET,
    contract: { policy: PolicySchema.parse({ role: "r", ...opts.policy }), output: opts.output ?? { kind: "text", description: "", examples: [] } },
    testCase: { id: "c1", name: "" },
    canary: opts.canary ?? null,
    countTokens: opts.tokens ?? ((t) => t.split(/\s+/).filter(Boolean).length),
  };
}
