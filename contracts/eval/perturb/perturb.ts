/**
 * A perturbed suite: every chosen case and, beside it, one variant per style generator, with the
 * case's text (string) variable values rewritten and everything else (assertions, context,
 * split, tags) kept, so a variant must pass exactly what its original must. The variants are
 * ordinary test cases of a copy of the contract (never saved into it), so the suite runner
 * (eval/suite) plans and runs them like any other case; robustnessReport reads the cells back.
 */
import type { Contract } from "../../schema/contract.ts";
import type { TestCase } from "../../schema/tests.ts";
import { PERTURBATIONS, perturbText, seedFor, type Perturbation } from "./generators.ts";

export interface PerturbOptions {
  /** Default: every generator. */
  kinds?: readonly Perturbation[];
  /** Default 1: change it for a different (still reproducible) set of variants. */
  seed?: number;
  /** Only these cases (by id); default every case. */
  caseIds?: readonly string[];
}

export interface VariantInfo {
  id: string;
  originalId: string;
  kind: Perturbation;
  /** The variables rewritten, with the value as sent. */
  changed: Record<string, string>;
}

export interface PerturbedSuite {
  /** The contract with its tests replaced by the originals and their variants. */
  contract: Contract;
  variants: VariantInfo[];
  /** Cases with no text variable to rewrite (they are run, but have no variants). */
  skipped: string[];
  /** The ids of the original cases, in order. */
  originals: string[];
}

/** Names of the case's values that are text: declared string variables, or undeclared string inputs. */
function textVariables(contract: Contract, testCase: TestCase): string[] {
  const declared = new Map(contract.variables.map((v) => [v.name, v]));
  return Object.entries(testCase.variables)
    .filter(([name, value]) => typeof value === "string" && value.trim() !== "" && (declared.get(name)?.type ?? "string") === "string")
    .map(([name]) => name);
}

export const VARIANT_SEPARATOR = "~";

export function perturbSuite(contract: Contract, options: PerturbOptions = {}): PerturbedSuite {
  const kinds = options.kinds ?? PERTURBATIONS;
  const seed = options.seed ?? 1;
  const only = options.caseIds ? new Set(options.caseIds) : null;
  const originals = contract.tests.filter((t) => !only || only.has(t.id));
  const taken = new Set(contract.tests.map((t) => t.id));
  const variants: VariantInfo[] = [];
  const skipped: string[] = [];
  const tests: TestCase[] = [];
  for (const t of originals) {
    tests.push(t);
    const names = textVariables(contract, t);
    if (!names.length) {
      skipped.push(t.id);
      continue;
    }
    for (const kind of kinds) {
      const changed: Record<string, string> = {};
      for (const name of names) changed[name] = perturbText(kind, t.variables[name] as string, seedFor(seed, t.id, name, kind));
      let id = `${t.id}${VARIANT_SEPARATOR}${kind}`;
      for (let i = 2; taken.has(id); i++) id = `${t.id}${VARIANT_SEPARATOR}${kind}-${i}`;
      taken.add(id);
      const { reference: _notCopied, ...rest } = t;
      tests.push({ ...rest, id, name: `${t.name || t.id} (${kind})`, tags: [...t.tags, "perturbed"], variables: { ...t.variables, ...changed } });
      variants.push({ id, originalId: t.id, kind, changed });
    }
  }
  return { contract: { ...contract, tests }, variants, skipped, originals: originals.map((t) => t.id) };
}
