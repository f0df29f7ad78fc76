import type { ContractBody } from "../schema/contract.ts";
import { ChangeLog } from "./types.ts";
import { diffStringList, diffTextField } from "./list-diff.ts";
import { isContextDataRule } from "./context-data-rule.ts";
import { quote } from "./text.ts";

type Policy = ContractBody["policy"];

/**
 * Policy changes alter behaviour, never the shape of the output or inputs, so none is major:
 * new or removed rules, domains, grounding and confirmations are minor; rewording is patch.
 */
export function diffPolicy(a: Policy, b: Policy): ChangeLog {
  const log = new ChangeLog("policy");
  const p = (key: keyof Policy) => ["policy", key];
  diffTextField(a.role, b.role, { log, path: p("role"), noun: "role", kind: "role" });
  diffStringList(a.rules, b.rules, { log, path: p("rules"), noun: "rule", kind: "rule", added: "minor", removed: "minor" });
  // Gone, or reworded into something else (which the list diff alone would call a patch).
  const dataRule = a.rules.find(isContextDataRule);
  if (dataRule !== undefined && !b.rules.some(isContextDataRule))
    log.add({
      kind: "context_data_rule_removed",
      path: "policy.rules",
      sentence: `No rule says any more that the context is data, not instructions (was: ${quote(dataRule)})`,
      level: "minor",
      before: dataRule,
    });
  diffTextField(a.refusalStyle, b.refusalStyle, { log, path: p("refusalStyle"), noun: "refusal style", kind: "refusal_style" });
  diffTextField(a.tone, b.tone, { log, path: p("tone"), noun: "tone", kind: "tone" });
  if (a.verbosity !== b.verbosity)
    log.add({
      kind: "verbosity_changed",
      path: "policy.verbosity",
      sentence: `Verbosity changed from ${a.verbosity} to ${b.verbosity}`,
      level: "minor",
      before: a.verbosity,
      after: b.verbosity,
    });
  const lists = [
    ["allowedDomains", "allowed domain", "allowed_domain"],
    ["disallowedDomains", "disallowed domain", "disallowed_domain"],
    ["groundedClaims", "grounded claim", "grounded_claim"],
    ["humanConfirmation", "action needing human confirmation", "human_confirmation"],
  ] as const;
  for (const [key, noun, kind] of lists) diffStringList(a[key], b[key], { log, path: p(key), noun, kind, added: "minor", removed: "minor" });
  if (a.citations !== b.citations)
    log.add({
      kind: "citations_changed",
      path: "policy.citations",
      sentence: `Citations changed from ${a.citations} to ${b.citations}`,
      level: "minor",
      before: a.citations,
      after: b.citations,
    });
  diffTextField(a.unknownAnswer, b.unknownAnswer, { log, path: p("unknownAnswer"), noun: '"I don\'t know" answer', kind: "unknown_answer" });
  return log;
}
