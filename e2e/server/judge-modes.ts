/**
 * Two test-server modes for evaluation tests (wired in test-server.ts, flags in modes.ts):
 *
 * - test-grader: a rubric grader. It reads the grader request contracts/eval/assertions/rubric.ts
 *   builds (a "# Rubric" section, then the answer inside <answer-…> tags) and scores 1 when the
 *   answer contains the rubric's first quoted phrase ("…" or “…”), else 0, as the JSON a grader
 *   answers ({"score", "reason"}). Deterministic, so a test knows which case passes.
 * - flaky (a flag, e.g. test-echo+flaky): every second request with the same messages gets
 *   FLAKY_ANSWER instead of the usual one, so repeats of a case disagree.
 */

export const FLAKY_ANSWER = "Sorry, I have no answer this time.";

export function graderAnswer(userText: string): string {
  const rubric = /# Rubric\n([\s\S]*?)\n\n# /.exec(userText)?.[1] ?? "";
  const answer = /<(answer-[0-9a-f]+)>\n([\s\S]*)\n<\/\1>/.exec(userText)?.[2] ?? "";
  const phrase = /"([^"]+)"|“([^”]+)”/.exec(rubric);
  const wanted = phrase?.[1] ?? phrase?.[2];
  if (!wanted) return JSON.stringify({ score: 0, reason: "the rubric quotes no phrase to look for" });
  const found = answer.toLowerCase().includes(wanted.toLowerCase());
  return JSON.stringify({ score: found ? 1 : 0, reason: `the answer ${found ? "mentions" : "does not mention"} "${wanted}"` });
}

/** Whether this request of a flaky model gets FLAKY_ANSWER: the 2nd, 4th … with the same key. */
export function flakyMiss(counters: Map<string, number>, key: string): boolean {
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return n % 2 === 0;
}
