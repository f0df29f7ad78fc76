/**
 * One assembly job: validate the draft and assemble its request with token counts (the
 * preview uses the variables' test values, which assembly picks itself). Runs in the worker,
 * and on the main thread where there is no Worker (tests). Never throws: a failure is text.
 */
import { assemble, contentHash, draftBody, loadEncoding, parseContract, type Contract, type TokenEncoding } from "../../contracts/index.ts";
import type { AssemblyOutcome } from "../store/preview-slice.ts";

export interface AssembleJob {
  id: number;
  contract: Contract;
  encoding: TokenEncoding;
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
    const result = assemble(job.contract, {}, { encoding: job.encoding, countTokens: true });
    return { id: job.id, outcome: { validation, result, failure: null, draftHash } };
  } catch (e) {
    console.error("assembly failed", e);
    return { id: job.id, outcome: { validation, result: null, failure: e instanceof Error ? e.message : String(e), draftHash } };
  }
}
