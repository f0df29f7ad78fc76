/**
 * A model's proposed fix, read into a whole proposed contract: the patch's sections are merged
 * into the contract's (a field given replaces that field, a list replaces the whole list; an
 * output with a `kind` replaces the output), and the result must parse as a contract, so a
 * proposal that breaks the format is reported with the path and sentence of its first error.
 * The caller shows diffContracts(contract, proposed) and its verdict; nothing is applied here.
 */
import { z } from "zod";
import { diffContracts } from "../diff/diff-contracts.ts";
import type { SemanticDiff } from "../diff/types.ts";
import { fromZodError } from "../errors.ts";
import { parseContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { extractJson } from "../validate-output.ts";
import { canonicalJson } from "../versions/hash.ts";

const Section = z.record(z.string(), z.unknown());
export const ProposalSchema = z.object({
  explanation: z.string().default(""),
  patch: z.strictObject(
    { policy: Section.optional(), task: Section.optional(), output: Section.optional() },
    { error: "a patch may hold only policy, task and output" },
  ),
});

export type ProposedFix =
  { ok: true; explanation: string; proposed: Contract; diff: Pick<SemanticDiff, "sections" | "verdict"> } | { ok: false; message: string };

export function parseProposedFix(text: string, contract: Contract): ProposedFix {
  const json = extractJson(text);
  if ("error" in json) return { ok: false, message: `The model's answer is not JSON (${json.error.replace(/^the answer is /, "")}).` };
  const parsed = ProposalSchema.safeParse(json.value);
  if (!parsed.success) {
    const e = fromZodError(parsed.error)[0]!;
    return { ok: false, message: `The proposal does not have the expected shape: ${e.path}: ${e.message}.` };
  }
  const { patch, explanation } = parsed.data;
  const output = patch.output ? ("kind" in patch.output ? patch.output : { ...contract.output, ...patch.output }) : contract.output;
  const merged = { ...contract, policy: { ...contract.policy, ...patch.policy }, task: { ...contract.task, ...patch.task }, output };
  const read = parseContract(merged);
  if (!read.ok) return { ok: false, message: `The proposed contract is not valid: ${read.errors[0]!.path}: ${read.errors[0]!.message}.` };
  const proposed = read.value;
  if (canonicalJson({ ...proposed, history: undefined }) === canonicalJson({ ...contract, history: undefined }))
    return { ok: false, message: "The proposal changes nothing in the contract." };
  return { ok: true, explanation, proposed, diff: diffContracts(contract, proposed) };
}
