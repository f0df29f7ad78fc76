/**
 * Run history: every run as one record in its own IndexedDB database (apart from the
 * workspace's), keyed `run:<contract id>:<started at>:<run id>` so one contract's runs are a
 * key-prefix scan. A record names the profile, never holds it: no key, no headers. A profile's
 * metrics-only switch strips every body (request, answer, the endpoint's words, the violation
 * messages that quote the answer), keeping timings, usage, cost and pass/fail.
 */
import type { ChatRequest, OutputEnforcement } from "../../contracts/assembly-types.ts";
import type { EndpointError } from "../../contracts/client/errors.ts";
import type { RunCost, RunOutcome, RunTimings } from "../../contracts/client/run.ts";
import type { Usage } from "../../contracts/client/stream.ts";
import type { OutputValidation } from "../../contracts/validate-output.ts";
import type { Output } from "../../contracts/schema/output.ts";
import type { KeyValueStorage } from "./storage.ts";
import { idbStorage } from "./storage.ts";

export interface RunParameters {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  stream: boolean;
  enforcement: OutputEnforcement;
}

export interface RecordedError {
  kind: EndpointError["kind"];
  title: string;
  explanation: string;
  advice: string[];
  status?: number;
  endpointMessage?: string;
  jsonSchemaUnsupported?: boolean;
}

export interface RunRecord {
  version: 1;
  id: string;
  contractId: string;
  /** contentHash(draftBody(contract)) at the time of the run. */
  contractHash: string;
  /** The published version with that hash, when the draft was one. */
  contractVersion: string | null;
  profileName: string;
  model: string;
  outputKind: Output["kind"];
  parameters: RunParameters;
  metricsOnly: boolean;
  /** null when metricsOnly. */
  request: ChatRequest | null;
  response: string | null;
  refusal: string | null;
  status: RunOutcome["status"];
  finishReason: string | null;
  httpStatus: number | null;
  attempts: number;
  /** The retry notices shown during the run. */
  events: string[];
  timings: RunTimings;
  usage: Usage;
  usageSource: RunOutcome["usageSource"];
  cost: RunCost | null;
  validation: OutputValidation | null;
  error: RecordedError | null;
}

export interface RunRecordInput {
  id: string;
  contractId: string;
  contractHash: string;
  contractVersion: string | null;
  profileName: string;
  metricsOnly: boolean;
  outputKind: Output["kind"];
  enforcement: OutputEnforcement;
  request: ChatRequest;
  outcome: RunOutcome;
  validation: OutputValidation | null;
  events: string[];
}

function recordError(e: EndpointError | null, metricsOnly: boolean): RecordedError | null {
  if (!e) return null;
  return {
    kind: e.kind,
    title: e.title,
    explanation: e.explanation,
    advice: e.advice,
    ...("status" in e ? { status: e.status } : {}),
    ...(e.kind === "bad_request" ? { jsonSchemaUnsupported: e.jsonSchemaUnsupported } : {}),
    ...(e.endpointMessage && !metricsOnly ? { endpointMessage: e.endpointMessage } : {}),
  };
}

/** The record kept for a finished run: built field by field, so nothing else (a key, headers) can slip in. */
export function makeRunRecord(input: RunRecordInput): RunRecord {
  const { request: r, outcome: o, metricsOnly } = input;
  const validation: OutputValidation | null = input.validation
    ? metricsOnly
      ? { ok: input.validation.ok, violations: input.validation.violations.map((v) => ({ path: v.path, message: "(not kept: metrics-only profile)" })), warnings: [] }
      : { ok: input.validation.ok, violations: input.validation.violations, warnings: input.validation.warnings }
    : null;
  return {
    version: 1,
    id: input.id,
    contractId: input.contractId,
    contractHash: input.contractHash,
    contractVersion: input.contractVersion,
    profileName: input.profileName,
    model: o.model || r.model,
    outputKind: input.outputKind,
    parameters: {
      ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
      ...(r.top_p !== undefined ? { top_p: r.top_p } : {}),
      ...(r.max_tokens !== undefined ? { max_tokens: r.max_tokens } : {}),
      ...(r.seed !== undefined ? { seed: r.seed } : {}),
      ...(r.stop !== undefined ? { stop: r.stop } : {}),
      stream: r.stream === true,
      enforcement: input.enforcement,
    },
    metricsOnly,
    request: metricsOnly ? null : structuredClone(r),
    response: metricsOnly ? null : o.output,
    refusal: metricsOnly ? null : o.refusal,
    status: o.status,
    finishReason: o.finishReason,
    httpStatus: o.httpStatus,
    attempts: o.attempts,
    events: input.events,
    timings: o.timings,
    usage: o.usage,
    usageSource: o.usageSource,
    cost: o.cost,
    validation,
    error: recordError(o.error, metricsOnly),
  };
}

const runKey = (r: Pick<RunRecord, "contractId" | "id" | "timings">) =>
  `run:${r.contractId}:${String(r.timings.startedAt).padStart(15, "0")}:${r.id}`;

export interface RunHistoryStore {
  save(record: RunRecord): Promise<void>;
  /** The contract's runs, newest first. */
  list(contractId: string, limit?: number): Promise<RunRecord[]>;
}

export function runHistoryStore(storage: KeyValueStorage): RunHistoryStore {
  return {
    save: (record) => storage.set(runKey(record), record),
    list: async (contractId, limit = 50) => {
      const prefix = `run:${contractId}:`;
      const keys = (await storage.keys()).filter((k) => k.startsWith(prefix)).sort().reverse().slice(0, limit);
      const records = await Promise.all(keys.map((k) => storage.get<RunRecord>(k)));
      return records.filter((r): r is RunRecord => r?.version === 1);
    },
  };
}

export function idbRunHistory(): RunHistoryStore {
  return runHistoryStore(idbStorage("contract-studio-runs", "runs"));
}
