/** Reads and parses a contract file for a CLI command; tells apart "cannot read" and "invalid". */
import { readFile } from "node:fs/promises";
import { parseContract } from "../parse.ts";
import type { ContractError } from "../errors.ts";
import type { Contract } from "../schema/contract.ts";

export type ReadResult = { kind: "ok"; contract: Contract } | { kind: "unreadable"; message: string } | { kind: "invalid"; errors: ContractError[] };

export async function readContractFile(file: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      kind: "unreadable",
      message: `${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot read (${code ?? String(e)})`}`,
    };
  }
  const parsed = parseContract(text);
  return parsed.ok ? { kind: "ok", contract: parsed.value } : { kind: "invalid", errors: parsed.errors };
}

/**
 * Assembly issues that depend on what a run supplies, not on the file: a required variable is
 * given at run time, the model may come from the endpoint, and the token count depends on both.
 * `validate` skips these; `assemble` and `run` exit 1 ("the inputs do not assemble") when only
 * these fail, and 2 ("invalid file") when the file itself is at fault.
 */
export function dependsOnInputs(path: string): boolean {
  return path.startsWith("variables") || path === "model.model" || path === "(tokens)";
}
