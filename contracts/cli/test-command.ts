/**
 * `contract test` wired to the process and to its evaluator. The one place the evaluator is
 * chosen: until contracts/eval/evaluate.ts (the assertion registry's evaluateAssertions) is in,
 * a cell is judged by the check every case gets from the contract itself, the answer's
 * output-contract verdict (kept, broken, refused) as runCase computed it; case assertions are
 * not evaluated yet. Swap `evaluate` below for the registry's evaluator when it lands.
 */
import type { EvaluateFn } from "../eval/suite/types.ts";
import { createTestCommand } from "./test.ts";

export const outputContractOnly: EvaluateFn = (_contract, _testCase, result) => {
  const first = result.validation?.violations[0];
  if (result.verdict === "kept") return [{ type: "output_contract", pass: true, reason: "the answer keeps the output contract", implied: true }];
  if (result.verdict === "refused")
    return [{ type: "output_contract", pass: false, reason: `the model refused${result.refusal ? `: ${result.refusal}` : ""}`, implied: true }];
  if (result.verdict === "broken")
    return [
      {
        type: "output_contract",
        pass: false,
        reason: first ? `the answer breaks the output contract: ${first.path || "$"}: ${first.message}` : "the answer breaks the output contract",
        implied: true,
      },
    ];
  return [];
};

export const testCommand = createTestCommand(() => {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    evaluate: outputContractOnly,
    signal: controller.signal,
  };
});
