/**
 * Chosen production records as holdout cases: the variables and context read from the log
 * (match.ts), split "holdout" (cases the contract was not tuned on), tagged "production", and
 * the logged answer kept as the case's reference answer (schema/tests.ts `reference`), which
 * makes it approved for the dataset export but, being holdout, never part of training data.
 * The context becomes an override that replaces the contract's packet with the logged one, so
 * the case replays what production sent.
 */
import type { Contract } from "../schema/contract.ts";
import type { TestCase } from "../schema/tests.ts";
import type { KeptRecord } from "./import.ts";

export interface RecordCase {
  testCase: TestCase;
  /** What was carried over, or why not, for the pick list. */
  notes: string[];
}

/** A case id not yet used by the contract (or by the cases made before it in this batch). */
function freeId(base: string, taken: Set<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

export function recordToCase(record: KeptRecord, taken: Set<string>): RecordCase {
  const notes: string[] = [];
  const { match } = record;
  if (!match.task) notes.push("the task template did not match: the case has no variables from the log (fill them in)");
  if (match.task && !record.verified) notes.push("not verified byte for byte: the assembled request may differ from the logged one");
  const testCase: TestCase = {
    id: freeId(`prod-line-${record.metrics.line}`, taken),
    name: `Production log line ${record.metrics.line}${record.timestamp ? ` (${record.timestamp})` : ""}`,
    split: "holdout",
    tags: ["production"],
    variables: match.task ? { ...match.variables } : {},
    ...(match.context ? { context: { base: "none" as const, remove: [], replace: [], add: match.context } } : {}),
    assertions: [],
    reference: { answer: record.answer, source: `production log line ${record.metrics.line}${record.metrics.model ? `, ${record.metrics.model}` : ""}` },
  };
  return { testCase, notes };
}

/** The chosen records as cases with ids free in the contract. */
export function recordsToCases(contract: Contract, records: readonly KeptRecord[]): RecordCase[] {
  const taken = new Set(contract.tests.map((t) => t.id));
  return records.map((r) => recordToCase(r, taken));
}
