import { bumpSemver } from "../versions/semver.ts";
import type { ContractBody } from "../schema/contract.ts";
import { LEVEL_RANK, maxLevel, type Change, type DiffInput, type SectionChanges, type SemanticDiff, type Verdict, type VerdictLevel } from "./types.ts";
import { diffPolicy } from "./policy-diff.ts";
import { diffTask } from "./task-diff.ts";
import { diffVariables } from "./variables-diff.ts";
import { diffContext } from "./context-diff.ts";
import { diffOutput } from "./output-diff.ts";
import { diffMeta, diffModel, diffTests } from "./tests-diff.ts";
import { diffTools } from "./tools-diff.ts";

/**
 * The semantic diff of two contract bodies (history, if present, is ignored), section by
 * section, with the breaking-change verdict judged from the code that uses the contract.
 * Both inputs must be parsed contracts (defaults filled in).
 */
export function diffContracts(before: DiffInput, after: DiffInput): SemanticDiff {
  const a = before as ContractBody;
  const b = after as ContractBody;
  const sections: SectionChanges[] = [
    diffMeta(a, b),
    diffPolicy(a.policy, b.policy),
    diffTask(a.task, b.task),
    diffVariables(a, b),
    diffContext(a.context, b.context),
    diffOutput(a.output, b.output),
    diffModel(a.model, b.model),
    diffTests(a.tests, b.tests),
    diffTools(a.tools, b.tools),
  ].map((log) => ({ section: log.section, changes: log.changes }));
  const verdict = verdictOf(sections.flatMap((s) => s.changes));
  const diff = { sections, verdict } as SemanticDiff;
  Object.defineProperty(diff, "suggested", { value: (from: string) => nextVersion(verdict.level, from), enumerable: false });
  return diff;
}

export function verdictOf(changes: readonly Change[]): Verdict {
  const level = maxLevel(changes.map((c) => c.level));
  const reasons = [...changes].sort((x, y) => LEVEL_RANK[y.level] - LEVEL_RANK[x.level]).map((c) => ({ level: c.level, path: c.path, sentence: c.sentence }));
  return { level, reasons };
}

/** The version after `from` for a verdict; `from` itself when nothing changed. */
export function nextVersion(level: VerdictLevel, from: string): string {
  return level === "none" ? from : bumpSemver(from, level);
}

/** suggested() for a diff that went through JSON or structured clone (which drop the method). */
export function suggestNextVersion(diff: Pick<SemanticDiff, "verdict">, from: string): string {
  return nextVersion(diff.verdict.level, from);
}

export function allChanges(diff: Pick<SemanticDiff, "sections">): Change[] {
  return diff.sections.flatMap((s) => s.changes);
}
