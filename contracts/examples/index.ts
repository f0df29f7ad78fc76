/**
 * The example contracts shipped with the app (and copied by users as starting points). The
 * JSON files are the source: they are exactly what `serializeContract` prints, so exporting
 * an untouched example gives the same bytes.
 */
import supportTriage from "./support-triage.contract.json";
import groundedAnswer from "./grounded-answer.contract.json";
import meetingNotes from "./meeting-notes.contract.json";
import { parseContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";

/** The example files as parsed JSON, keyed by file name, in the order the app lists them. */
export const EXAMPLE_FILES: Readonly<Record<string, unknown>> = {
  "support-triage.contract.json": supportTriage,
  "grounded-answer.contract.json": groundedAnswer,
  "meeting-notes.contract.json": meetingNotes,
};

/** The examples as contracts. They are tested to parse, so a failure here is a build bug. */
export function exampleContracts(): Contract[] {
  return Object.entries(EXAMPLE_FILES).map(([file, data]) => {
    const parsed = parseContract(data);
    if (!parsed.ok) throw new Error(`example ${file} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    return parsed.value;
  });
}
