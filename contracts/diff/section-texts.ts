import type { ContractBody } from "../schema/contract.ts";
import type { DiffInput, DiffSection } from "./types.ts";

/**
 * A stable, readable text per section for a side-by-side text diff (Monaco's diff editor).
 * Prose stays prose, so an edited instruction diffs line by line instead of as one long JSON
 * string; structured parts are 2-space JSON in schema order, which parsing keeps stable.
 */
export function sectionTexts(input: DiffInput): Record<DiffSection, string> {
  const c = input as ContractBody;
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  const list = (items: readonly string[]) => (items.length ? items.map((s) => `- ${s}`).join("\n") : "(none)");
  const p = c.policy;
  const policy =
    [
      `Role: ${p.role}`,
      "",
      "Rules:",
      list(p.rules),
      "",
      `Refusal style: ${p.refusalStyle}`,
      `Tone: ${p.tone}`,
      `Verbosity: ${p.verbosity}`,
      `Citations: ${p.citations}`,
      `"I don't know" answer: ${p.unknownAnswer}`,
      "",
      "Allowed domains:",
      list(p.allowedDomains),
      "",
      "Disallowed domains:",
      list(p.disallowedDomains),
      "",
      "Grounded claims:",
      list(p.groundedClaims),
      "",
      "Needs human confirmation:",
      list(p.humanConfirmation),
    ].join("\n") + "\n";
  const task = `${c.task.instruction.trimEnd()}\n\nConstraints:\n${list(c.task.constraints)}\n`;
  return {
    meta: json({ format: c.format, id: c.id, name: c.name, description: c.description }),
    policy,
    task,
    variables: json(c.variables),
    context: json(c.context),
    output: json(c.output),
    model: json(c.model),
    tests: json(c.tests),
    tools: json(c.tools ?? []),
  };
}
