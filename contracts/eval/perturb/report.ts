/**
 * The robustness report over a perturbed suite's cells: the pass rate on the variants next to
 * the originals' (overall and per generator, with Wilson intervals), and the cases whose
 * behaviour changes with style: a variant that fails where its original passes (or the other
 * way round), or that refuses or says "I don't know" where the original did not (judged by the
 * evaluation's heuristics, in the contract's own refusal style and unknown answer).
 */
import type { Contract } from "../../schema/contract.ts";
import { detectRefusal, detectUnknown } from "../heuristics.ts";
import { wilson, type Interval } from "../stats.ts";
import type { CellResult } from "../suite/types.ts";
import { PERTURBATIONS, type Perturbation } from "./generators.ts";
import type { PerturbedSuite } from "./perturb.ts";

export interface Rate {
  passed: number;
  of: number;
  rate: number | null;
  interval: Interval | null;
}

export interface Behaviour {
  passed: boolean;
  refusal: boolean;
  unknown: boolean;
  /** The first failing assertion's reason, or the endpoint error. */
  reason: string | null;
  /** Assertions passed, of those judged: a finer view than passed/failed when every case fails. */
  checksPassed: number;
  checks: number;
}

export interface StyleChange {
  kind: Perturbation;
  variantId: string;
  /** "passes as written, fails with typos", "refuses with an injected instruction prefix". */
  change: string;
  variant: Behaviour;
}

export interface CaseRobustness {
  caseId: string;
  original: Behaviour | null;
  variants: number;
  variantsPassed: number;
  changes: StyleChange[];
}

export interface RobustnessReport {
  cases: number;
  variantsPerCase: number;
  variants: number;
  skipped: string[];
  original: Rate;
  perturbed: Rate;
  /** Assertion outcomes passed, originals and variants (the same checks on both). */
  originalChecks: Rate;
  perturbedChecks: Rate;
  byKind: { kind: Perturbation; rate: Rate; changed: number }[];
  /** Cases whose behaviour changes with style, most changes first. */
  changed: CaseRobustness[];
  all: CaseRobustness[];
}

const rate = (passed: number, of: number): Rate => ({ passed, of, rate: of ? passed / of : null, interval: wilson(passed, of) });

function behaviourOf(contract: Contract, cell: CellResult): Behaviour {
  const text = cell.run?.output ?? "";
  const failing = cell.assertions.find((a) => !a.pass);
  return {
    passed: cell.passed,
    refusal: detectRefusal({ text, refusalStyle: contract.policy.refusalStyle, modelRefusal: cell.run?.refusal ?? null }).detected,
    unknown: detectUnknown({ text, unknownAnswer: contract.policy.unknownAnswer }).detected,
    reason: cell.notSent?.message ?? (cell.run && cell.run.status !== "ok" ? (cell.run.error?.title ?? "the endpoint failed") : (failing?.reason ?? null)),
    checksPassed: cell.assertions.filter((a) => a.pass).length,
    checks: cell.assertions.length,
  };
}

function describeChange(a: Behaviour, b: Behaviour, kind: string): string | null {
  const parts: string[] = [];
  if (a.passed && !b.passed) parts.push(`passes as written, fails with ${kind}${b.reason ? ` (${b.reason})` : ""}`);
  if (!a.passed && b.passed) parts.push(`fails as written, passes with ${kind}`);
  if (a.passed === b.passed && a.checksPassed !== b.checksPassed)
    parts.push(
      `passes ${a.checksPassed} of ${a.checks} checks as written, ${b.checksPassed} of ${b.checks} with ${kind}${b.checksPassed < a.checksPassed && b.reason ? ` (${b.reason})` : ""}`,
    );
  if (!a.refusal && b.refusal) parts.push(`refuses with ${kind}`);
  if (a.refusal && !b.refusal) parts.push(`no longer refuses with ${kind}`);
  if (!a.unknown && b.unknown) parts.push(`says "I don't know" with ${kind}`);
  if (a.unknown && !b.unknown) parts.push(`stops saying "I don't know" with ${kind}`);
  return parts.length ? parts.join("; ") : null;
}

/**
 * Reads the first repeat of each case's cell in the given column (one target × endpoint); a
 * suite with repeats is judged on its first repeat, as the grid's first glance is.
 */
export function robustnessReport(suite: PerturbedSuite, cells: readonly CellResult[], column?: { targetId: string; endpointId: string }): RobustnessReport {
  const contract = suite.contract;
  const first = new Map<string, CellResult>();
  for (const c of cells) {
    if (column && (c.targetId !== column.targetId || c.endpointId !== column.endpointId)) continue;
    const old = first.get(c.caseId);
    if (!old || c.repeat < old.repeat) first.set(c.caseId, c);
  }
  const kinds = PERTURBATIONS.filter((k) => suite.variants.some((v) => v.kind === k));
  const byKind = new Map(kinds.map((k) => [k, { passed: 0, of: 0, changed: 0 }]));
  let origPassed = 0;
  let origOf = 0;
  let varPassed = 0;
  let varOf = 0;
  const checks = { orig: 0, origOf: 0, vari: 0, variOf: 0 };
  const all: CaseRobustness[] = suite.originals.map((caseId) => {
    const cell = first.get(caseId);
    const original = cell ? behaviourOf(contract, cell) : null;
    if (original) {
      origOf++;
      if (original.passed) origPassed++;
    }
    if (original) {
      checks.orig += original.checksPassed;
      checks.origOf += original.checks;
    }
    const mine = suite.variants.filter((v) => v.originalId === caseId);
    const changes: StyleChange[] = [];
    let variantsPassed = 0;
    let variants = 0;
    for (const v of mine) {
      const vc = first.get(v.id);
      if (!vc) continue;
      const b = behaviourOf(contract, vc);
      if (original) {
        checks.vari += b.checksPassed;
        checks.variOf += b.checks;
      }
      variants++;
      varOf++;
      const k = byKind.get(v.kind)!;
      k.of++;
      if (b.passed) {
        variantsPassed++;
        varPassed++;
        k.passed++;
      }
      const change = original && describeChange(original, b, v.kind);
      if (change) {
        k.changed++;
        changes.push({ kind: v.kind, variantId: v.id, change, variant: b });
      }
    }
    return { caseId, original, variants, variantsPassed, changes };
  });
  const withVariants = suite.originals.length - suite.skipped.length;
  return {
    cases: suite.originals.length,
    variantsPerCase: withVariants ? suite.variants.length / withVariants : 0,
    variants: suite.variants.length,
    skipped: suite.skipped,
    original: rate(origPassed, origOf),
    perturbed: rate(varPassed, varOf),
    originalChecks: rate(checks.orig, checks.origOf),
    perturbedChecks: rate(checks.vari, checks.variOf),
    byKind: kinds.map((kind) => {
      const k = byKind.get(kind)!;
      return { kind, rate: rate(k.passed, k.of), changed: k.changed };
    }),
    changed: all.filter((c) => c.changes.length).sort((a, b) => b.changes.length - a.changes.length),
    all,
  };
}
