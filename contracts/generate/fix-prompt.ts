/**
 * From failing cases to a proposed change of the contract: the request that shows a model (one
 * the user picks) the contract's policy, task and output and what failed, and asks for a patch.
 * Pure. The answer is read by fix-parse.ts into a whole proposed contract, shown as a semantic
 * diff with its verdict before anything changes.
 */
import type { ChatRequest } from "../assembly-types.ts";
import type { Contract } from "../schema/contract.ts";

export const PROPOSE_FIX_MARKER = "[contract-studio:propose-fix]";

export interface FailingCase {
  caseId: string;
  name: string;
  /** The case's variable values, as the contract's test case gives them. */
  variables: Record<string, unknown>;
  /** Each failed assertion: what it checks, and why it failed. */
  failures: { description: string; reason: string }[];
}

/** Failing cases from suite results: every case with a failed cell (in the contract's order), its failed checks once each. */
export function failingCases(
  contract: Pick<Contract, "tests">,
  cells: readonly { caseId: string; passed: boolean; assertions: readonly { type: string; pass: boolean; reason: string; description?: string }[] }[],
): FailingCase[] {
  const byId = new Map<string, FailingCase>();
  for (const cell of cells) {
    if (cell.passed) continue;
    const tc = contract.tests.find((t) => t.id === cell.caseId);
    if (!tc) continue;
    const entry = byId.get(tc.id) ?? { caseId: tc.id, name: tc.name, variables: tc.variables, failures: [] };
    byId.set(tc.id, entry);
    for (const a of cell.assertions)
      if (!a.pass && !entry.failures.some((f) => f.reason === a.reason)) entry.failures.push({ description: a.description ?? a.type, reason: a.reason });
  }
  // In the contract's order, not the order the cells finished in.
  return contract.tests.flatMap((t) => byId.get(t.id) ?? []);
}

export function fixRequest(contract: Contract, failing: readonly FailingCase[], options: { model: string }): ChatRequest {
  const body = { policy: contract.policy, task: contract.task, output: contract.output, variables: contract.variables.map((v) => v.name) };
  const system = [
    PROPOSE_FIX_MARKER,
    "You improve an AI assistant's behaviour contract so that its failing test cases pass, without weakening what the contract promises.",
    "Change as little as you can: prefer a new or clearer rule or constraint over rewriting the task; never remove a rule unless it caused the failure.",
    "Answer with one JSON object and nothing else:",
    '{"explanation": "one or two sentences", "patch": {"policy": {"rules": ["the whole new list"]}, "task": {"constraints": ["the whole new list"]}}}',
    'A patch may hold "policy", "task" and "output"; inside each, give only the fields you change, and give a list field as the whole new list.',
  ].join("\n");
  const user = [
    "The contract (policy, task, output; variables by name):",
    JSON.stringify(body, null, 2),
    "",
    `Failing cases (${failing.length}):`,
    ...failing.flatMap((f) => [
      `- ${f.caseId}${f.name ? ` (${f.name})` : ""}, variables ${JSON.stringify(f.variables)}:`,
      ...f.failures.map((x) => `    failed: ${x.description} Reason: ${x.reason}`),
    ]),
  ].join("\n");
  return {
    model: options.model,
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    response_format: { type: "json_object" },
    temperature: 0.2,
  };
}
