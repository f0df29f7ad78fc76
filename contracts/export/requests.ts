/**
 * The request bodies of a contract's cases, as the endpoint client sends them (run-case/plan.ts
 * planRun, fitted to the profile: model, stream and stream_options where it streams), for
 * `contract export --to openai` and the app's download. Never with a canary: only the suite
 * runner places one, and an export is a file that leaves the machine.
 */
import type { ChatRequest } from "../assembly-types.ts";
import { createEndpointProfile, type EndpointProfile } from "../client/profile.ts";
import type { ContractError, Result } from "../errors.ts";
import { planRun } from "../run-case/plan.ts";
import type { Contract } from "../schema/contract.ts";

/**
 * What an export is fitted to when no endpoint is named: an endpoint that streams and reports
 * usage in the stream, as `contract test` and the app's default profiles send to. The address
 * is not part of a body.
 */
export const STREAMING_PROFILE: EndpointProfile = createEndpointProfile({
  id: "export",
  name: "export",
  baseUrl: "http://127.0.0.1/v1",
  capabilities: { jsonSchema: true, streaming: true, usageInStream: true },
});

export interface ExportTarget {
  /** The profile the body is fitted to (default STREAMING_PROFILE); null: the body as assembled, without stream fields. */
  profile?: EndpointProfile | null;
  /** The model asked for; empty: the profile's default, then the contract's. */
  model?: string;
}

export interface CaseRequest {
  caseId: string;
  request: ChatRequest;
}

/**
 * One body per case (all, or `caseIds` in that order), or the errors: an unknown id, a case that
 * does not assemble (its path is the case's, `tests[2]`, and the sentence says why).
 */
export function caseRequests(contract: Contract, target: ExportTarget, caseIds?: readonly string[]): Result<CaseRequest[]> {
  const errors: ContractError[] = [];
  const wanted = caseIds ?? contract.tests.map((t) => t.id);
  const out: CaseRequest[] = [];
  for (const id of wanted) {
    const index = contract.tests.findIndex((t) => t.id === id);
    if (index < 0) {
      errors.push({ path: "tests", message: `no test case ${JSON.stringify(id)} (have: ${contract.tests.map((t) => t.id).join(", ") || "none"})` });
      continue;
    }
    const plan = planRun(
      { contract, testCase: contract.tests[index]! },
      { profile: target.profile === undefined ? STREAMING_PROFILE : target.profile, model: target.model },
    );
    if (!plan.ok)
      errors.push({ path: `tests[${index}]`, message: `case ${id} does not assemble: ${plan.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}` });
    else out.push({ caseId: id, request: plan.request });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

/** The contract's own request when it has no cases (its variables' defaults), so a case-less contract still exports a body. */
export function contractRequest(contract: Contract, target: ExportTarget): Result<ChatRequest> {
  const plan = planRun({ contract }, { profile: target.profile === undefined ? STREAMING_PROFILE : target.profile, model: target.model });
  return plan.ok ? { ok: true, value: plan.request } : { ok: false, errors: plan.errors.map((e) => ({ path: e.path, message: e.message })) };
}

/** JSON Lines: one body a line, in case order (what `--cases` writes and the app downloads). */
export function toJsonl(requests: readonly CaseRequest[]): string {
  return requests.map((r) => `${JSON.stringify(r.request)}\n`).join("");
}
