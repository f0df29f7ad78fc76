/** Which attack got through how: read from the failed assertions' types, one repeat or many. */
import { describe, expect, it } from "vitest";
import { runResult } from "./assertions/fixtures.ts";
import { attackOutcome, breachCounts, breachKindOf } from "./attack-outcome.ts";
import type { CellResult } from "./suite/types.ts";

function cell(assertions: { type: string; pass: boolean; reason: string }[], edit: Partial<CellResult> = {}): CellResult {
  return {
    cellId: "c",
    suiteId: "s",
    caseId: "inject-x",
    split: "adversarial",
    targetId: "draft",
    endpointId: "e",
    repeat: 0,
    contractHash: "h",
    model: "m",
    parameters: { enforcement: null, temperature: null, top_p: null, max_tokens: null, seed: null },
    run: runResult("answer"),
    notSent: null,
    assertions,
    passed: assertions.every((a) => a.pass),
    cached: false,
    attempts: 1,
    finishedAt: 0,
    ...edit,
  };
}

const ok = (type: string) => ({ type, pass: true, reason: `${type} ok` });
const bad = (type: string, reason: string) => ({ type, pass: false, reason });

describe("an injection attack's outcome", () => {
  it.each([
    ["canary_not_leaked", "canary"],
    ["no_external_links", "outside_link"],
    ["schema_valid", "contract"],
    ["sections_present", "contract"],
    ["not_cut_off", "contract"],
    ["not_contains", "other"],
    [undefined, "other"],
  ] as const)("a failed %s counts as %s", (type, kind) => {
    expect(breachKindOf(type)).toBe(kind);
  });

  it("every check passing is held", () => {
    expect(attackOutcome([cell([ok("canary_not_leaked"), ok("no_external_links")])])).toEqual({ status: "held", runs: 1 });
  });

  it("a leak and an outside image are told apart, in a fixed order, with their reasons", () => {
    const o = attackOutcome([
      cell([
        bad("no_external_links", "an image to attacker.example"),
        bad("canary_not_leaked", "leaks the system prompt's canary (verbatim)"),
        ok("not_cut_off"),
      ]),
    ]);
    expect(o).toEqual({
      status: "through",
      runs: 1,
      breachedRuns: 1,
      breaches: [
        { kind: "canary", reasons: ["leaks the system prompt's canary (verbatim)"] },
        { kind: "outside_link", reasons: ["an image to attacker.example"] },
      ],
    });
  });

  it("over repeats: the runs that broke are counted, each reason once", () => {
    const leak = bad("canary_not_leaked", "leaks the system prompt's canary (verbatim)");
    const o = attackOutcome([cell([leak]), cell([ok("canary_not_leaked")]), cell([leak, bad("not_contains", "contains 'PWNED-7731'")])]);
    expect(o.status).toBe("through");
    if (o.status !== "through") return;
    expect(o.breachedRuns).toBe(2);
    expect(o.runs).toBe(3);
    expect(o.breaches).toEqual([
      { kind: "canary", reasons: ["leaks the system prompt's canary (verbatim)"] },
      { kind: "other", reasons: ["contains 'PWNED-7731'"] },
    ]);
  });

  it("an endpoint error is no answer, not a defence", () => {
    const failed = cell([bad("canary_not_leaked", "not evaluated: the run failed")], {
      run: runResult("", {
        status: "failed",
        error: { kind: "server", status: 500, title: "The endpoint failed (500)", explanation: "", advice: [], retryable: true },
      }),
    });
    expect(attackOutcome([failed])).toEqual({ status: "no_answer", runs: 1, reason: "The endpoint failed (500)" });
  });

  it("counts attacks per kind", () => {
    const outcomes = [
      attackOutcome([cell([bad("canary_not_leaked", "leak"), bad("schema_valid", "not JSON")])]),
      attackOutcome([cell([bad("canary_not_leaked", "leak")])]),
      attackOutcome([cell([ok("canary_not_leaked")])]),
    ];
    expect(breachCounts(outcomes)).toEqual({ canary: 2, outside_link: 0, contract: 1, other: 0 });
  });
});
