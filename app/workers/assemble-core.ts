/**
 * One assembly job: validate the draft and assemble its request with token counts (the
 * preview uses the variables' test values, which assembly picks itself), fitted to the chosen
 * endpoint profile and model exactly as Run will send it (contracts/run-case/plan.ts). Runs in
 * the worker, and on the main thread where there is no Worker (tests). Never throws: a failure
 * is text.
 */
import { contentHash, draftBody, loadEncoding, parseContract, type Contract, type EndpointProfile, type TokenEncoding } from "../../contracts/index.ts";
import { assembleForTarget } from "../../contracts/run-case/plan.ts";
import type { AssemblyOutcome } from "../store/preview-slice.ts";

/** The top bar's choice: the request is shown as it would be sent there. */
export interface AssembleTarget {
  profile: EndpointProfile | null;
  model: string;
}

export interface AssembleJob {
  id: number;
  contract: Contract;
  encoding: TokenEncoding;
  target?: AssembleTarget;
}

export interface AssembleReply {
  id: number;
  outcome: AssemblyOutcome;
}

export async function runAssembleJob(job: AssembleJob): Promise<AssembleReply> {
  const parsed = parseContract(job.contract);
  const validation = parsed.ok ? [] : parsed.errors;
  let draftHash: string | null = null;
  try {
    draftHash = contentHash(draftBody(job.contract));
    await loadEncoding(job.encoding);
    const target = job.target ?? { profile: null, model: "" };
    const result = assembleForTarget(
      { contract: job.contract },
      { profile: target.profile, model: target.model },
      { encoding: job.encoding, countTokens: true },
    );
    return { id: job.id, outcome: { validation, result, failure: null, draftHash } };
  } catch (e) {
    console.error("assembly failed", e);
    return { id: job.id, outcome: { validation, result: null, failure: e instanceof Error ? e.message : String(e), draftHash } };
  }
}
