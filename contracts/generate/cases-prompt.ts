/**
 * The request that asks a model (one the user picks: an endpoint profile and a model) to write
 * test cases for a contract. Pure: the contract in, an OpenAI chat request out. The system
 * message carries GENERATE_CASES_MARKER so a log or a test server can tell it from a run.
 * The answer is parsed by cases-parse.ts; nothing is added to the contract before review.
 */
import type { ChatRequest } from "../assembly-types.ts";
import { ASSERTION_DEFINITIONS } from "../eval/assertions/registry.ts";
import type { Contract } from "../schema/contract.ts";
import { coverageTargets } from "./coverage.ts";

export const GENERATE_CASES_MARKER = "[contract-studio:generate-cases]";

/** The assertion types a generated case may use (the cheap, deterministic ones; no graded rubric). */
export const GENERATED_ASSERTION_TYPES = ASSERTION_DEFINITIONS.map((d) => d.type).filter((t) => t !== "rubric" && t !== "min_confidence");

function contractSummary(c: Contract): string {
  const p = c.policy;
  const lines: string[] = [`Role: ${p.role}`];
  const list = (title: string, items: readonly string[]) => {
    const kept = items.filter((s) => s.trim());
    if (kept.length) lines.push(`${title}:`, ...kept.map((s, i) => `  ${i + 1}. ${s.trim()}`));
  };
  list("Rules", p.rules);
  list("Allowed domains", p.allowedDomains);
  list("Disallowed domains", p.disallowedDomains);
  list("Claims that must be grounded in the context", p.groundedClaims);
  if (p.refusalStyle.trim()) lines.push(`Refusal style: ${p.refusalStyle.trim()}`);
  if (p.unknownAnswer.trim()) lines.push(`When the context does not hold the answer: ${p.unknownAnswer.trim()}`);
  lines.push("", `Task instruction:\n${c.task.instruction}`);
  list("Task constraints", c.task.constraints);
  lines.push("", "Variables (the keys of a case's `variables`):");
  if (!c.variables.length) lines.push("  (none)");
  for (const v of c.variables)
    lines.push(
      `  - ${v.name}: ${v.type}${v.type === "enum" ? ` (one of: ${(v.options ?? []).join(", ")})` : ""}, ${v.required ? "required" : "optional"}${v.description ? `. ${v.description}` : ""}`,
    );
  if (c.context.items.length) lines.push("", `Context item ids: ${c.context.items.map((it) => it.id).join(", ")}`);
  lines.push("", `Output: ${c.output.kind}${c.output.kind === "sections" ? ` (sections: ${c.output.sections.map((s) => s.heading).join(", ")})` : ""}`);
  if (c.tests.length) lines.push("", `Existing case ids (do not reuse): ${c.tests.map((t) => t.id).join(", ")}`);
  return lines.join("\n");
}

export interface CaseGenerationOptions {
  model: string;
  /** How many cases to ask for (default: one per coverage target, at most 24). */
  count?: number;
}

export function caseGenerationRequest(contract: Contract, options: CaseGenerationOptions): ChatRequest {
  const targets = coverageTargets(contract);
  const count = options.count ?? Math.min(24, Math.max(3, targets.length));
  const system = [
    GENERATE_CASES_MARKER,
    "You write test cases for an AI assistant's behaviour contract. Each case gives the assistant's input variables and checks its answer with assertions.",
    "Answer with one JSON object and nothing else:",
    '{"cases": [{"id": "kebab-case-id", "name": "what it tests", "covers": ["rule-1"], "split": "dev", "tags": ["..."], "variables": {"name": "value"}, "assertions": [{"type": "..."}]}]}',
    `Assertion types you may use: ${GENERATED_ASSERTION_TYPES.join(", ")}.`,
    'Their params: contains / not_contains {"value": "text"}; regex {"pattern": "..."}; max_length {"max": 100, "unit": "chars"}; json_path_equals {"path": "$.field", "value": ...}; is_refusal, not_refusal, says_idk, not_idk take none. Use split "adversarial" for attacks and "dev" otherwise.',
    "Use only the variables listed; give every required one a value of its type. Do not invent assertion types or params.",
  ].join("\n");
  const user = [
    "The contract:",
    contractSummary(contract),
    "",
    `Write ${count} cases. Between them, cover every one of these targets, and name the ones each case covers in its "covers" list:`,
    ...targets.map((t) => `  - ${t.id}: ${t.goal}`),
  ].join("\n");
  return {
    model: options.model,
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    response_format: { type: "json_object" },
    temperature: 0.7,
  };
}
