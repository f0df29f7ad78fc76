/**
 * The suite's evaluator in the app. The assertion registry (contracts/eval/evaluate.ts) is the
 * one definition of every check; until it is wired in here, a cell is judged by the checks
 * every case gets from the contract itself (the answer kept the output contract, was not cut
 * off, was not refused), so the grid and the comparison already say something true.
 */
import type { CellAssertionOutcome, EvaluateFn } from "../../../contracts/eval/suite/types.ts";

export const evaluateCell: EvaluateFn = (_contract, _testCase, result) => {
  const outcomes: CellAssertionOutcome[] = [];
  if (result.verdict === "kept") outcomes.push({ type: "output_contract", pass: true, reason: "The answer keeps the output contract.", implied: true });
  else if (result.verdict === "broken") {
    const first = result.validation?.violations[0];
    outcomes.push({
      type: "output_contract",
      pass: false,
      reason: first ? `The answer breaks the output contract: ${first.path || "(root)"}: ${first.message}` : "The answer breaks the output contract.",
      implied: true,
    });
  } else if (result.verdict === "refused") outcomes.push({ type: "output_contract", pass: false, reason: "The model refused.", implied: true });
  return outcomes;
};
