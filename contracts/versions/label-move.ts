import type { Contract } from "../schema/contract.ts";
import { diffContracts } from "../diff/diff-contracts.ts";
import type { VerdictReason } from "../diff/types.ts";
import { bodyAt } from "./publish.ts";

/** Labels that product code pins: moving one across a breaking change is confirmed first. */
export const GUARDED_LABELS: readonly string[] = ["production"];

/** What moving a guarded label would break: the versions and the major reasons of their diff. */
export interface LabelMoveRisk {
  label: string;
  from: string;
  to: string;
  reasons: VerdictReason[];
}

/**
 * The risk of pointing `label` at `to`: null unless the label is guarded, already points at
 * another version, and the semantic diff from that version to `to` is major (judged as the
 * code that uses the label sees it: from what it gets now to what it would get).
 */
export function labelMoveRisk(contract: Contract, label: string, to: string): LabelMoveRisk | null {
  const name = label.trim();
  if (!GUARDED_LABELS.includes(name)) return null;
  const from = contract.history?.labels[name];
  if (from === undefined || from === to) return null;
  const a = bodyAt(contract, String(from));
  const b = bodyAt(contract, to);
  if (!a.ok || !b.ok) return null;
  const { verdict } = diffContracts(a.value, b.value);
  if (verdict.level !== "major") return null;
  return { label: name, from: String(from), to, reasons: verdict.reasons.filter((r) => r.level === "major") };
}
