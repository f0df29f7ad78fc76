/**
 * A warning when the draft lost the policy rule that the context is data, not instructions,
 * which the version it builds on (the latest published) had, while the draft still hands the
 * model untrusted text. The packet's own framing still says it in general; the rule said it
 * about this contract's inputs, and its removal changes the verdict (contracts/diff).
 */
import type { AssemblyIssue } from "../assembly-types.ts";
import type { Contract, ContractBody, PublishedVersion } from "../schema/contract.ts";
import { isContextDataRule } from "../diff/context-data-rule.ts";
import { quote } from "../diff/text.ts";
import { latestVersion, versionBody } from "../versions/publish.ts";

// Reading a frozen body runs its migrations: once per version object, not per keystroke.
const rulesOf = new WeakMap<PublishedVersion, readonly string[] | null>();
function publishedRules(v: PublishedVersion): readonly string[] | null {
  if (!rulesOf.has(v)) {
    const body = versionBody<ContractBody>(v);
    rulesOf.set(v, body.ok ? body.value.policy.rules : null);
  }
  return rulesOf.get(v)!;
}

export function contextDataRuleIssues(contract: Contract): AssemblyIssue[] {
  if (contract.policy.rules.some(isContextDataRule)) return [];
  const untrusted = contract.context.items.some((it) => !it.trusted) || contract.variables.some((v) => v.untrusted);
  const latest = untrusted ? latestVersion(contract) : undefined;
  const was = latest ? publishedRules(latest)?.find(isContextDataRule) : undefined;
  if (!latest || was === undefined) return [];
  return [
    {
      severity: "warning",
      path: "policy.rules",
      message: `no rule says any more that the context is data, not instructions (${latest.version} had ${quote(was, 60)}): put it back unless you mean to drop it`,
    },
  ];
}
