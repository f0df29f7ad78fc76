/**
 * "The dataset is the spec" (issue 11): a contract's cases as training data.
 *
 *  - Approved case: a case with a reference answer (schema/tests.ts `reference`, marked from a
 *    result or kept from a production log). Approval says what the answer should be; the split
 *    says what the case is for.
 *  - Chat fine-tuning JSONL (OpenAI's format, one `{"messages": [...]}` a line): the messages the
 *    contract assembles for the case, then the reference answer as the assistant message.
 *  - Preference pairs (the `prompt` / `chosen` / `rejected` format of TRL's DPO trainer and
 *    most others, conversational form): the same messages as the prompt, a passing stored answer
 *    of the case as chosen and a failing one as rejected. Approval is not needed: the
 *    assertions judged both answers (the reference answer, when there is one, is preferred as
 *    chosen).
 *
 * Only dev cases become training data: holdout cases judge the contract on what it was not
 * tuned on and adversarial cases are attacks, so both are always left out, and said so in the
 * summary. The prompt is assembled here without a canary (the suite's stored requests carry
 * one for leak tests, so they are never copied), and an answer that carries a canary (a leak)
 * is never exported. No endpoint profile is read: nothing here can hold a key.
 */
import { assemble, contractForTest } from "../assemble.ts";
import type { ChatMessage } from "../assembly-types.ts";
import { CANARY_PATTERN } from "../eval/canary.ts";
import type { CellResult } from "../eval/suite/types.ts";
import type { Contract } from "../schema/contract.ts";
import type { TestCase } from "../schema/tests.ts";

/** The only split whose cases are training data. */
export const TRAINING_SPLIT = "dev";

export interface Excluded {
  caseId: string;
  reason: string;
}

export interface DatasetFile {
  name: string;
  /** JSONL: one JSON object a line, a newline after each. */
  text: string;
  lines: number;
}

export interface DatasetExport {
  fineTuning: DatasetFile;
  preferences: DatasetFile;
  /** Cases with a reference answer, of any split. */
  approved: number;
  /** Cases left out of each file, with why. */
  excluded: { fineTuning: Excluded[]; preferences: Excluded[] };
}

export const isApproved = (t: TestCase): boolean => t.reference !== undefined && t.reference.answer.trim() !== "";

const hasCanary = (text: string) => CANARY_PATTERN.test(text);

/** The case's prompt as the contract assembles it, without a canary; null when it cannot be assembled. */
function promptOf(contract: Contract, testCase: TestCase): ChatMessage[] | string {
  const { contract: c, inputs } = contractForTest(contract, testCase);
  const r = assemble(c, inputs, { countTokens: false });
  if (!r.ok) return `it does not assemble (${r.issues.find((i) => i.severity === "error")?.message ?? "an error"})`;
  return r.request.messages.map((m) => ({ role: m.role, content: m.content }));
}

function splitReason(t: TestCase): string | null {
  if (t.split === TRAINING_SPLIT) return null;
  return t.split === "holdout" ? "holdout case: judges the contract, never trains on it" : `${t.split} case: never training data`;
}

const slug = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, "-");

export function exportDataset(contract: Contract, cells: readonly CellResult[] = []): DatasetExport {
  const ft: string[] = [];
  const prefs: string[] = [];
  const excludedFt: Excluded[] = [];
  const excludedPrefs: Excluded[] = [];
  const answered = (c: CellResult) => c.run !== null && c.run.status === "ok" && c.run.output.trim() !== "" && !hasCanary(c.run.output);
  for (const t of contract.tests) {
    const notTraining = splitReason(t);
    if (notTraining) {
      if (isApproved(t)) excludedFt.push({ caseId: t.id, reason: notTraining });
      excludedPrefs.push({ caseId: t.id, reason: notTraining });
      continue;
    }
    const prompt = promptOf(contract, t);
    if (typeof prompt === "string") {
      if (isApproved(t)) excludedFt.push({ caseId: t.id, reason: prompt });
      excludedPrefs.push({ caseId: t.id, reason: prompt });
      continue;
    }
    if (isApproved(t)) {
      if (hasCanary(t.reference!.answer)) excludedFt.push({ caseId: t.id, reason: "its reference answer carries a canary" });
      else ft.push(JSON.stringify({ messages: [...prompt, { role: "assistant", content: t.reference!.answer }] }));
    }
    const mine = cells.filter((c) => c.caseId === t.id && answered(c));
    const passing = mine.filter((c) => c.passed);
    const failing = mine.find((c) => !c.passed);
    const chosen = passing.find((c) => c.run!.output === t.reference?.answer) ?? passing[0];
    if (!chosen || !failing) {
      excludedPrefs.push({ caseId: t.id, reason: !mine.length ? "no stored answers" : !chosen ? "no passing stored answer" : "no failing stored answer" });
      continue;
    }
    prefs.push(
      JSON.stringify({
        prompt,
        chosen: [{ role: "assistant", content: chosen.run!.output }],
        rejected: [{ role: "assistant", content: failing.run!.output }],
      }),
    );
  }
  const file = (suffix: string, lines: string[]): DatasetFile => ({
    name: `${slug(contract.id)}.${suffix}.jsonl`,
    text: lines.map((l) => l + "\n").join(""),
    lines: lines.length,
  });
  return {
    fineTuning: file("fine-tuning", ft),
    preferences: file("preferences", prefs),
    approved: contract.tests.filter(isApproved).length,
    excluded: { fineTuning: excludedFt, preferences: excludedPrefs },
  };
}

/** A result's answer as the case's reference answer (the case otherwise unchanged). */
export function withReference(testCase: TestCase, answer: string, source: string): TestCase {
  return { ...testCase, reference: { answer, source } };
}
