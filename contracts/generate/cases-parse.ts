/**
 * A model's answer to caseGenerationRequest, read into TestCase drafts for review. Every case
 * is parsed with the test-case schema (the same that reads a contract file); one that does not
 * parse, uses a variable the contract does not declare, leaves out a required one, or gives an
 * enum a value it does not list is dropped and named with its index, id and the first reason
 * (never silently). An id already in the contract or used earlier in the answer gets a suffix,
 * and the draft says so. Coverage: the targets no kept draft covers.
 */
import { z } from "zod";
import { fromZodError } from "../errors.ts";
import type { Contract } from "../schema/contract.ts";
import { TestCaseSchema, type TestCase } from "../schema/tests.ts";
import { extractJson } from "../validate-output.ts";
import { coverageTargets } from "./coverage.ts";

export interface CaseDraft {
  testCase: TestCase;
  /** Coverage target ids the model says the case covers (coverage.ts). */
  covers: string[];
  /** Things changed on the way in ("id refund-late was taken: renamed refund-late-2"). */
  notes: string[];
}

export interface DroppedCase {
  /** Its index in the answer's cases list. */
  index: number;
  id: string | null;
  /** `path: sentence`, as errors are written elsewhere. */
  reason: string;
}

export type GeneratedCases = { ok: true; drafts: CaseDraft[]; dropped: DroppedCase[]; uncovered: string[] } | { ok: false; message: string };

const AnswerSchema = z.object({ cases: z.array(z.unknown()) });
const DraftExtrasSchema = z.object({ covers: z.array(z.string()).default([]) });

function variableProblem(contract: Pick<Contract, "variables">, vars: Record<string, unknown>): string | null {
  const declared = new Map(contract.variables.map((v) => [v.name, v]));
  for (const name of Object.keys(vars)) if (!declared.has(name)) return `variables.${name}: not a variable of this contract`;
  for (const v of contract.variables) {
    const value = vars[v.name];
    if (value === undefined) {
      if (v.required && v.default === undefined) return `variables.${v.name}: required, but the case gives no value`;
      continue;
    }
    if (v.type === "enum" && !(v.options ?? []).includes(String(value)))
      return `variables.${v.name}: ${JSON.stringify(value)} is not one of ${(v.options ?? []).join(", ")}`;
    if (v.type === "number" && typeof value !== "number") return `variables.${v.name}: must be a number, not ${JSON.stringify(value)}`;
    if (v.type === "boolean" && typeof value !== "boolean") return `variables.${v.name}: must be true or false, not ${JSON.stringify(value)}`;
  }
  return null;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "generated";

export function parseGeneratedCases(text: string, contract: Pick<Contract, "variables" | "policy" | "tests">): GeneratedCases {
  const json = extractJson(text);
  if ("error" in json) return { ok: false, message: `The model's answer is not JSON (${json.error.replace(/^the answer is /, "")}).` };
  const answer = AnswerSchema.safeParse(Array.isArray(json.value) ? { cases: json.value } : json.value);
  if (!answer.success) return { ok: false, message: 'The model\'s answer has no "cases" list.' };
  const taken = new Set(contract.tests.map((t) => t.id));
  const drafts: CaseDraft[] = [];
  const dropped: DroppedCase[] = [];
  answer.data.cases.forEach((raw, index) => {
    const obj = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    const rawId = obj && typeof obj.id === "string" ? obj.id : null;
    if (!obj) return dropped.push({ index, id: null, reason: "(case): not an object" });
    const { covers: rawCovers, ...rest } = obj;
    const extras = DraftExtrasSchema.safeParse({ covers: rawCovers });
    const notes: string[] = [];
    // An id the schema would reject is made one (the model's name for it kept), not a reason to lose the case.
    if (typeof rest.id === "string" && !ID.test(rest.id)) {
      const fixed = slug(rest.id);
      notes.push(`id ${JSON.stringify(rest.id)} is not a valid id: made it ${fixed}`);
      rest.id = fixed;
    }
    const parsed = TestCaseSchema.safeParse(rest);
    if (!parsed.success) {
      const e = fromZodError(parsed.error)[0]!;
      return dropped.push({ index, id: rawId, reason: `${e.path === "(file)" ? "(case)" : e.path}: ${e.message}` });
    }
    const problem = variableProblem(contract, parsed.data.variables);
    if (problem) return dropped.push({ index, id: rawId, reason: problem });
    let id = parsed.data.id;
    if (taken.has(id)) {
      let n = 2;
      while (taken.has(`${id}-${n}`)) n++;
      notes.push(`id ${id} was taken: renamed ${id}-${n}`);
      id = `${id}-${n}`;
    }
    taken.add(id);
    drafts.push({ testCase: { ...parsed.data, id }, covers: extras.success ? extras.data.covers : [], notes });
  });
  const covered = new Set(drafts.flatMap((d) => d.covers));
  const uncovered = coverageTargets(contract)
    .map((t) => t.id)
    .filter((t) => !covered.has(t));
  return { ok: true, drafts, dropped, uncovered };
}
