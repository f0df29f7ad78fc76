/**
 * The shape of a semantic diff. Plain data (no functions, no classes) so it crosses a worker
 * boundary with structured clone and prints as JSON from the CLI unchanged.
 */
import type { Contract, ContractBody } from "../schema/contract.ts";

export const DIFF_SECTIONS = ["meta", "policy", "task", "variables", "context", "output", "model", "tests", "tools"] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

/**
 * How a change affects the code that uses the contract (the code that reads the output, the
 * code that fills the variables): major breaks it, minor changes behaviour compatibly, patch
 * is wording only.
 */
export type ChangeLevel = "major" | "minor" | "patch";
export type VerdictLevel = ChangeLevel | "none";

export const LEVEL_RANK: Record<VerdictLevel, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export interface Change {
  /** What happened, for icons and filters: `rule_added`, `field_removed`, `enum_value_added` … */
  kind: string;
  section: DiffSection;
  /** JSON path in the contract, like `policy.rules[2]` or `output.schema.properties.priority`. */
  path: string;
  /** For output-schema changes: the field as a reader sees it, like `items[].sku`. */
  field?: string;
  /** One plain English sentence, for the diff list, the review view and the CLI. */
  sentence: string;
  level: ChangeLevel;
  before?: unknown;
  after?: unknown;
}

export interface SectionChanges {
  section: DiffSection;
  changes: Change[];
}

export interface VerdictReason {
  level: ChangeLevel;
  path: string;
  sentence: string;
}

export interface Verdict {
  level: VerdictLevel;
  /** Every change that set or supports the level, most severe first. */
  reasons: VerdictReason[];
}

export interface SemanticDiff {
  /** Every section, in file order, even when unchanged (changes is then empty). */
  sections: SectionChanges[];
  verdict: Verdict;
  /**
   * The version to publish after `from` given this verdict. Non-enumerable, so JSON and
   * structured clone carry only data; use suggestNextVersion(diff, from) after a clone.
   */
  suggested(from: string): string;
}

/** What diff functions compare: a body, or a whole contract whose history is ignored. */
export type DiffInput = ContractBody | Contract;

export function maxLevel(levels: Iterable<VerdictLevel>): VerdictLevel {
  let best: VerdictLevel = "none";
  for (const l of levels) if (LEVEL_RANK[l] > LEVEL_RANK[best]) best = l;
  return best;
}

/** Collects changes for one section. */
export class ChangeLog {
  readonly changes: Change[] = [];
  constructor(readonly section: DiffSection) {}
  add(change: Omit<Change, "section">): void {
    this.changes.push({ section: this.section, ...change });
  }
}
