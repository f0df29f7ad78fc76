/**
 * The request a run sends, decided in one place: the preview shows it, Run and the CLI send
 * it, "Copy as code" prints it. A case (the contract with a test case's variables and context
 * applied, plus variable values) is assembled for a target (endpoint profile, model, output
 * enforcement), then fitted to the profile: its model, and `stream` / `stream_options` only
 * where the profile's capabilities allow them. The body is re-serialised after fitting, so
 * `body` is byte for byte what runChat sends.
 */
import { assemble, contractForTest } from "../assemble.ts";
import type { AssembleResult, AssemblyIssue, ChatRequest, OutputEnforcement } from "../assembly-types.ts";
import { requestForProfile } from "../client/request.ts";
import type { EndpointProfile } from "../client/profile.ts";
import type { Contract } from "../schema/contract.ts";
import type { TestCase } from "../schema/tests.ts";
import type { TokenEncoding } from "../tokens.ts";

export interface CaseInput {
  contract: Contract;
  /** A test case of the contract: its variables and context overrides apply. */
  testCase?: TestCase | null;
  /** Variable values on top of the case's (the CLI's --var). */
  variables?: Record<string, unknown>;
  /**
   * A canary to place in the system message (eval/canary.ts caseCanary). Only the suite runner
   * passes one, so an ad-hoc run, the preview and "Copy as code" never carry it.
   */
  canary?: string | null;
}

export interface RunTarget {
  /** Null: no endpoint chosen yet (the preview still shows the request, unfitted). */
  profile?: EndpointProfile | null;
  /** The model asked for (the top bar's, or --model); empty: the profile's default, then the contract's. */
  model?: string;
  /** Default: json_schema, or json_object when the profile says it lacks structured output. */
  enforcement?: OutputEnforcement;
}

export interface PlanOptions {
  /** Count tokens (the preview does; a run does not need to). */
  countTokens?: boolean;
  encoding?: TokenEncoding;
}

export function defaultEnforcement(contract: Contract, profile: EndpointProfile | null | undefined): OutputEnforcement {
  return contract.output.kind === "json_schema" && profile && !profile.capabilities.jsonSchema ? "json_object" : "json_schema";
}

/** The model a run would ask for: the chosen one, else the profile's default, else the contract's. */
export function effectiveModel(contract: Contract, target: RunTarget): string {
  return target.model || target.profile?.defaultModel || contract.model.model;
}

export interface AssembledForTarget extends AssembleResult {
  enforcement: OutputEnforcement;
}

/** Assembly (spans, tokens, issues) with the request and bytes as they will really be sent. */
export function assembleForTarget(input: CaseInput, target: RunTarget, options: PlanOptions = {}): AssembledForTarget {
  const { contract, inputs, issues } = input.testCase ? contractForTest(input.contract, input.testCase) : { contract: input.contract, inputs: {}, issues: [] };
  const model = effectiveModel(input.contract, target) || undefined;
  const enforcement = target.enforcement ?? defaultEnforcement(input.contract, target.profile);
  const result = assemble(
    contract,
    { ...inputs, ...input.variables },
    { model, enforcement, countTokens: options.countTokens ?? false, encoding: options.encoding, ...(input.canary ? { canary: input.canary } : {}) },
  );
  if (issues.length) result.issues = [...issues, ...result.issues];
  if (!target.profile) return { ...result, enforcement };
  const request = requestForProfile(result.request, target.profile, model);
  return { ...result, request, body: JSON.stringify(request), enforcement };
}

export type RunPlan =
  | { ok: true; request: ChatRequest; enforcement: OutputEnforcement; caseId: string | null; warnings: AssemblyIssue[] }
  | { ok: false; errors: AssemblyIssue[]; warnings: AssemblyIssue[]; message: string };

/** The request a run sends, or why it cannot be sent (assembly errors, no model). */
export function planRun(input: CaseInput, target: RunTarget): RunPlan {
  let assembled: AssembledForTarget;
  try {
    assembled = assembleForTarget(input, target);
  } catch (e) {
    const message = `the contract could not be assembled: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ severity: "error", path: "(contract)", message }], warnings: [], message };
  }
  const errors = assembled.issues.filter((i) => i.severity === "error");
  // Without a model the warning below is the reason the run cannot go: report it once, as the error.
  const warnings = assembled.issues.filter((i) => i.severity === "warning" && i.path !== "model.model");
  if (errors.length)
    return { ok: false, errors, warnings, message: `Fix the contract's errors first: ${errors.map((i) => `${i.path}: ${i.message}`).join("; ")}` };
  if (!assembled.request.model) {
    const error: AssemblyIssue = {
      severity: "error",
      path: "model.model",
      message: "no model is set: choose one (the top bar's model, --model, or the contract's model)",
    };
    return { ok: false, errors: [error], warnings, message: "Choose a model in the top bar (or set one in the profile or the contract)." };
  }
  return { ok: true, request: assembled.request, enforcement: assembled.enforcement, caseId: input.testCase?.id ?? null, warnings };
}
