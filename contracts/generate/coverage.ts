/**
 * What generated cases should cover, read from the contract: each rule, each domain boundary
 * (allowed and disallowed), each variable (by its type: an enum's options, a number's edges,
 * a missing optional value), the refusal path and the "I don't know" path. Each target has a
 * stable id ("rule-2", "domain-out-1", "variable-plan", "refusal", "unknown") that the prompt
 * asks the model to name in `covers`, so the review can say which targets no case covers.
 */
import type { Contract } from "../schema/contract.ts";

export interface CoverageTarget {
  id: string;
  /** What a case for it must do, in a sentence for the prompt and the review. */
  goal: string;
}

function variableGoal(v: Contract["variables"][number]): string {
  const name = `{{${v.name}}}`;
  switch (v.type) {
    case "enum":
      return `${name} takes each of its options (${(v.options ?? []).join(", ")}) across the cases, including the rarest`;
    case "number":
      return `${name} at its edges: 0, a negative number, a very large one`;
    case "boolean":
      return `${name} both true and false`;
    case "json":
      return `${name} as an empty object, and as one with unexpected keys`;
    default:
      return `${name} empty-ish (one word), very long, and with odd characters or another language`;
  }
}

export function coverageTargets(contract: Pick<Contract, "policy" | "variables">): CoverageTarget[] {
  const p = contract.policy;
  const out: CoverageTarget[] = [];
  p.rules.forEach((r, i) => r.trim() && out.push({ id: `rule-${i + 1}`, goal: `tests the rule "${r.trim()}" (an input that tempts the model to break it)` }));
  p.allowedDomains.forEach(
    (d, i) => d.trim() && out.push({ id: `domain-in-${i + 1}`, goal: `a request at the edge of the allowed domain "${d.trim()}" that must still be answered` }),
  );
  p.disallowedDomains.forEach(
    (d, i) => d.trim() && out.push({ id: `domain-out-${i + 1}`, goal: `a request in the disallowed domain "${d.trim()}" that must be declined` }),
  );
  for (const v of contract.variables) out.push({ id: `variable-${v.name}`, goal: `${variableGoal(v)}${v.required ? "" : "; once left out (it is optional)"}` });
  out.push({
    id: "refusal",
    goal: `a request the assistant must refuse${p.refusalStyle.trim() ? `, answered in its refusal style ("${p.refusalStyle.trim()}")` : ""}`,
  });
  out.push({
    id: "unknown",
    goal: `a question the context does not answer, so the assistant must say it does not know${p.unknownAnswer.trim() ? ` ("${p.unknownAnswer.trim()}")` : ""}`,
  });
  return out;
}
