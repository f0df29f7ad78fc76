/**
 * `contract test` wired to the process and to its evaluator: the assertion registry's
 * evaluateAssertions (contracts/eval/evaluate.ts), the same one the app's suite uses, so a case
 * passes or fails in CI exactly as in the app (its own assertions plus those the contract
 * implies). Rubric assertions have no grader on the command line yet: they report "not graded".
 */
import { evaluateAssertions, type EvaluateOptions } from "../eval/evaluate.ts";
import type { EvaluateFn } from "../eval/suite/types.ts";
import { createHash } from "node:crypto";
import { useNativeSha256Hex } from "../versions/sha256.ts";
import { nodeHttpFetch } from "./http-fetch.ts";
import { createTestCommand } from "./test.ts";

export const evaluate: EvaluateFn = (contract, testCase, result, options) => evaluateAssertions(contract, testCase, result, options as EvaluateOptions);

/** node:crypto's SHA-256 for cell ids and cache keys: the same hex as the pure one (native-hash.test.ts), a fraction of the time. */
export const nativeSha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export const testCommand = createTestCommand(() => {
  useNativeSha256Hex(nativeSha256Hex);
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    evaluate,
    signal: controller.signal,
    // node:http instead of undici's fetch: a third of the CPU per request (http-fetch.ts).
    run: { fetch: nodeHttpFetch() },
  };
});
