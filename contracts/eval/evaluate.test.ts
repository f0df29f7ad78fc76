import { describe, expect, it } from "vitest";
import { testContract } from "../versions/test-contract.ts";
import type { Contract } from "../schema/contract.ts";
import { TestCaseSchema } from "../schema/tests.ts";
import { runResult } from "./assertions/fixtures.ts";
import { AssertionOutcomeSchema, evaluateAssertions, evaluateAssertionsNow, impliedAssertions } from "./evaluate.ts";

function contract(edit: (c: Contract) => Contract = (c) => c): Contract {
  return edit(testContract());
}

describe("implied assertions (from the contract)", () => {
  it("follow the output kind and the policy", () => {
    const c = contract();
    expect(c.output.kind).toBe("json_schema");
    expect(impliedAssertions(c).map((a) => a.type)).toEqual([
      "schema_valid",
      "not_cut_off",
      ...(c.policy.citations === "required" ? ["citations_present"] : []),
      ...(c.policy.groundedClaims.length ? ["grounded_claims"] : []),
      ...impliedIdk(c),
    ]);
    const text = {
      ...c,
      output: { kind: "text" as const, description: "", examples: [] },
      policy: { ...c.policy, citations: "required" as const, unknownAnswer: "I don't know.", groundedClaims: [] },
    };
    expect(impliedAssertions(text).map((a) => a.type)).toEqual(["not_cut_off", "citations_present", "unknown_answer_verbatim"]);
    const sections = {
      ...text,
      output: { kind: "sections" as const, sections: [{ heading: "A", required: true, description: "" }], examples: [] },
      policy: { ...c.policy, citations: "none" as const, unknownAnswer: "", groundedClaims: [] },
    };
    expect(impliedAssertions(sections).map((a) => a.type)).toEqual(["sections_present", "not_cut_off"]);
  });

  it("come after the case's own, marked source contract, and are not repeated when the case states them", async () => {
    const c = contract();
    const tc = TestCaseSchema.parse({ id: "t", assertions: [{ type: "contains", value: "x" }, { type: "schema_valid" }] });
    const out = await evaluateAssertions(c, tc, runResult('{"x": 1}'));
    expect(out.map((o) => [o.type, o.source, o.index])).toEqual([
      ["contains", "case", 0],
      ["schema_valid", "case", 1],
      ...impliedAssertions(c)
        .filter((a) => a.type !== "schema_valid")
        .map((a) => [a.type, "contract", null]),
    ]);
    for (const o of out) expect(AssertionOutcomeSchema.safeParse(o).success).toBe(true);
    expect(out[0]).toMatchObject({
      pass: true,
      reason: 'contains "x"',
      description: 'The answer contains "x".',
      params: { type: "contains", value: "x", caseSensitive: false },
      costUsd: 0,
    });
  });

  it("fail a cut-off answer even when it parses", () => {
    const out = evaluateAssertionsNow(contract(), TestCaseSchema.parse({ id: "t" }), runResult("{}", { finishReason: "length" }));
    expect(out.find((o) => o.type === "not_cut_off")).toMatchObject({
      pass: false,
      source: "contract",
      reason: "cut off at max_tokens (finish_reason length)",
    });
  });

  it("judge nothing when the run gave no answer", () => {
    const out = evaluateAssertionsNow(
      contract(),
      TestCaseSchema.parse({ id: "t", assertions: [{ type: "not_contains", value: "x" }] }),
      runResult("", { status: "failed" }),
    );
    expect(out.every((o) => !o.pass && o.reason === "not evaluated: the run failed before a whole answer arrived")).toBe(true);
  });

  it("evaluate citations against the case's own packet (its context override applied)", async () => {
    const c = contract();
    const tc = TestCaseSchema.parse({
      id: "t",
      context: { base: "none", add: [{ id: "only", source: "s", content: "The only fact." }] },
      assertions: [{ type: "citations_valid" }],
    });
    const first = c.context.items[0]!.id;
    const [ok] = await evaluateAssertions(c, tc, runResult('"The only fact." [only]'));
    expect(ok!.pass).toBe(true);
    const [bad] = await evaluateAssertions(c, tc, runResult(`Yes [${first}]`));
    expect(bad).toMatchObject({ pass: false, reason: `cites [${first}], which is not in the context packet` });
  });
});

function impliedIdk(c: Contract): string[] {
  return impliedAssertions({ output: { kind: "text", description: "", examples: [] }, policy: { ...c.policy, citations: "none" } }).some(
    (a) => a.type === "unknown_answer_verbatim",
  )
    ? ["unknown_answer_verbatim"]
    : [];
}
