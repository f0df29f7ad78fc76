import { describe, expect, it } from "vitest";
import { ADDED_RULE, CASES_MARKER, FIX_MARKER, generationAnswer } from "../../e2e/server/generation.ts";
import { testContract } from "../versions/test-contract.ts";
import { parseGeneratedCases } from "./cases-parse.ts";
import { caseGenerationRequest, GENERATE_CASES_MARKER } from "./cases-prompt.ts";
import { coverageTargets } from "./coverage.ts";
import { failingCases, fixRequest, PROPOSE_FIX_MARKER } from "./fix-prompt.ts";
import { parseProposedFix } from "./fix-parse.ts";

const contract = testContract();

describe("coverage targets", () => {
  it("name each rule, domain boundary, variable, the refusal and the 'I don't know' path", () => {
    expect(coverageTargets(contract).map((t) => t.id)).toEqual([
      "rule-1",
      "rule-2",
      "domain-in-1",
      "domain-in-2",
      "domain-out-1",
      "variable-customer",
      "variable-ticket",
      "variable-channel",
      "refusal",
      "unknown",
    ]);
  });
  it("say what a case for a variable must try, by its type", () => {
    const goals = Object.fromEntries(coverageTargets(contract).map((t) => [t.id, t.goal]));
    expect(goals["variable-channel"]).toBe(
      "{{channel}} takes each of its options (email, chat) across the cases, including the rarest; once left out (it is optional)",
    );
    expect(goals["domain-out-1"]).toMatch(/disallowed domain "legal advice" that must be declined/);
  });
});

describe("the case-generation prompt", () => {
  const req = caseGenerationRequest(contract, { model: "m" });
  const [system, user] = req.messages.map((m) => m.content);
  it("carries the marker, asks for JSON, and lists every target, rule and variable with its type", () => {
    expect(system).toContain(GENERATE_CASES_MARKER);
    expect(req.response_format).toEqual({ type: "json_object" });
    for (const t of coverageTargets(contract)) expect(user).toContain(`  - ${t.id}: ${t.goal}`);
    expect(user).toContain("  - channel: enum (one of: email, chat), optional");
    expect(user).toContain("  1. Never promise refunds");
    expect(user).toContain("Write 10 cases");
  });
  it("uses the markers the test server knows", () => {
    expect(CASES_MARKER).toBe(GENERATE_CASES_MARKER);
    expect(FIX_MARKER).toBe(PROPOSE_FIX_MARKER);
  });
});

describe("parsing generated cases", () => {
  it("keeps the valid drafts and names each dropped one with its reason (the test server's answer)", () => {
    const text = generationAnswer("test-generator", caseGenerationRequest(contract, { model: "test-generator" }).messages)!;
    const r = parseGeneratedCases(text, contract);
    if (!r.ok) throw new Error(r.message);
    expect(r.drafts).toHaveLength(10);
    expect(r.uncovered).toEqual([]);
    expect(r.drafts.find((d) => d.testCase.id === "gen-refusal")!.testCase).toMatchObject({ split: "adversarial", assertions: [{ type: "is_refusal" }] });
    expect(r.dropped).toEqual([
      { index: 10, id: "gen-undeclared", reason: "variables.nonexistent: not a variable of this contract" },
      { index: 11, id: "gen-bad-assertion", reason: expect.stringMatching(/^assertions\[0\]\.type: /) },
    ]);
  });
  it.each([
    [{ id: "a", variables: { customer: "x" } }, "variables.ticket: required, but the case gives no value"],
    [{ id: "a", variables: { customer: "x", ticket: "y", channel: "fax" } }, 'variables.channel: "fax" is not one of email, chat'],
    [{ id: "a", variables: { customer: "x", ticket: "y" }, spilt: "dev" }, "(case): unknown field 'spilt'"],
    ["not a case", "(case): not an object"],
  ])("drops %j", (raw, reason) => {
    const r = parseGeneratedCases(JSON.stringify({ cases: [raw] }), contract);
    expect(r.ok && r.dropped[0]!.reason).toEqual(reason);
  });
  it("renames an id already taken and fixes one that is not an id, saying so", () => {
    const c = { ...contract, tests: [{ id: "refund", name: "", split: "dev" as const, tags: [], variables: {}, assertions: [] }] };
    const ok = { customer: "x", ticket: "y" };
    const r = parseGeneratedCases(
      JSON.stringify({
        cases: [
          { id: "refund", variables: ok },
          { id: "Late refund!", variables: ok },
        ],
      }),
      c,
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.drafts.map((d) => [d.testCase.id, d.notes])).toEqual([
      ["refund-2", ["id refund was taken: renamed refund-2"]],
      ["late-refund", ['id "Late refund!" is not a valid id: made it late-refund']],
    ]);
  });
  it("says when the answer is not JSON or has no cases list", () => {
    expect(parseGeneratedCases("Sure! Here are some cases", contract)).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
    expect(parseGeneratedCases('{"tests": []}', contract)).toEqual({ ok: false, message: 'The model\'s answer has no "cases" list.' });
  });
});

describe("a proposed fix", () => {
  const withCase = {
    ...contract,
    tests: [{ id: "late", name: "Late parcel", split: "dev" as const, tags: [], variables: { customer: "Ann", ticket: "Late!" }, assertions: [] }],
  };
  const cells = [
    {
      caseId: "late",
      passed: false,
      assertions: [{ type: "contains", pass: false, reason: 'does not contain "next step"', description: 'The answer contains "next step".' }],
    },
    { caseId: "late", passed: false, assertions: [{ type: "contains", pass: false, reason: 'does not contain "next step"' }] },
    { caseId: "gone", passed: false, assertions: [] },
  ];
  it("collects each failing case once, with its failed checks once each", () => {
    expect(failingCases(withCase, cells)).toEqual([
      {
        caseId: "late",
        name: "Late parcel",
        variables: { customer: "Ann", ticket: "Late!" },
        failures: [{ description: 'The answer contains "next step".', reason: 'does not contain "next step"' }],
      },
    ]);
  });
  it("is read into a whole contract, with the semantic diff and its verdict (the test server's answer)", () => {
    const req = fixRequest(withCase, failingCases(withCase, cells), { model: "test-generator" });
    expect(req.messages[1]!.content).toContain("- late (Late parcel)");
    const r = parseProposedFix(generationAnswer("test-generator", req.messages)!, withCase);
    if (!r.ok) throw new Error(r.message);
    expect(r.explanation).toMatch(/\(late\)/);
    expect(r.proposed.policy.rules).toEqual([...withCase.policy.rules, ADDED_RULE]);
    expect(r.diff.verdict.level).toBe("minor");
    expect(r.diff.verdict.reasons[0]!.path).toBe("policy.rules[2]");
  });
  it.each([
    ['{"patch": {"tools": []}}', /expected shape: patch: unknown field 'tools'/],
    ['{"patch": {"policy": {"verbosity": "chatty"}}}', /^The proposed contract is not valid: policy\.verbosity: /],
    ['{"patch": {}}', /changes nothing/],
    ["I would add a rule.", /not JSON/],
  ])("names what is wrong with %s", (text, message) => {
    const r = parseProposedFix(text, withCase);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
