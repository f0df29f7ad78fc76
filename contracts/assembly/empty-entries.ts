/**
 * Blank entries of the contract's string lists (a rule added and never written). Assembly
 * leaves them out of the prompt, so each is a warning at its own path: the editor shows it
 * next to the row, and a list of 13 empty rules made by accident does not pass unnoticed.
 */
import type { Contract } from "../schema/contract.ts";
import type { AssemblyIssue } from "../assembly-types.ts";

const LISTS = [
  { path: "policy.rules", noun: "rule", get: (c: Contract) => c.policy.rules },
  { path: "task.constraints", noun: "constraint", get: (c: Contract) => c.task.constraints },
  { path: "policy.allowedDomains", noun: "allowed domain", get: (c: Contract) => c.policy.allowedDomains },
  { path: "policy.disallowedDomains", noun: "disallowed domain", get: (c: Contract) => c.policy.disallowedDomains },
  { path: "policy.groundedClaims", noun: "grounded claim", get: (c: Contract) => c.policy.groundedClaims },
  { path: "policy.humanConfirmation", noun: "human-confirmation action", get: (c: Contract) => c.policy.humanConfirmation },
] as const;

export function emptyEntryIssues(contract: Contract): AssemblyIssue[] {
  const issues: AssemblyIssue[] = [];
  for (const l of LISTS)
    l.get(contract).forEach((item, i) => {
      if (!item.trim())
        issues.push({ severity: "warning", path: `${l.path}[${i}]`, message: `empty ${l.noun}: it is left out of the prompt; write it or remove it` });
    });
  return issues;
}
