import { describe, expect, it } from "vitest";
import { parseContract } from "../parse.ts";
import { ToolSchema } from "../schema/tools.ts";
import type { TestCase } from "../schema/tests.ts";
import { runResult } from "./assertions/fixtures.ts";
import { evaluateAssertionsNow } from "./evaluate.ts";
import { checkToolCall, checkToolCalls, parseArguments } from "./tool-calls.ts";

const TOOLS = ToolSchema.array().parse([
  { name: "lookup_order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false } },
  { name: "issue_refund", confirmationAction: "issue a refund" },
  { name: "close_ticket", requiresConfirmation: true },
]);
const kinds = (call: { name: string; arguments: string }, confirmed: string[] = []) => checkToolCall(call, TOOLS, { confirmed }).problems.map((p) => p.kind);

describe("what is wrong with a tool call", () => {
  it("finds nothing wrong with a declared tool called with valid arguments", () => {
    expect(checkToolCall({ name: "lookup_order", arguments: '{"id":"A-1"}' }, TOOLS, undefined)).toEqual({
      name: "lookup_order",
      args: { id: "A-1" },
      problems: [],
    });
  });

  it.each([
    ["an undeclared tool", { name: "drop_tables", arguments: "{}" }, ["unknown_tool"]],
    ["arguments that are not JSON", { name: "lookup_order", arguments: '{"id":' }, ["invalid_arguments"]],
    ["arguments that are not an object", { name: "lookup_order", arguments: "[1]" }, ["invalid_arguments"]],
    ["an extra argument the schema closes out", { name: "lookup_order", arguments: '{"id":"A","x":1}' }, ["invalid_arguments"]],
    ["a missing required argument", { name: "lookup_order", arguments: "" }, ["invalid_arguments"]],
    ["a tool tied to the policy's confirmation list, unconfirmed", { name: "issue_refund", arguments: "" }, ["unconfirmed"]],
    ["a requiresConfirmation tool, unconfirmed", { name: "close_ticket", arguments: "{}" }, ["unconfirmed"]],
  ])("flags %s", (_what, call, expected) => {
    expect(kinds(call)).toEqual(expected);
  });

  it("lets a gated tool through once the case records its confirmation, and only that tool", () => {
    expect(kinds({ name: "issue_refund", arguments: "{}" }, ["issue_refund"])).toEqual([]);
    expect(kinds({ name: "close_ticket", arguments: "{}" }, ["issue_refund"])).toEqual(["unconfirmed"]);
  });

  it("says what is wrong in a sentence naming the tool", () => {
    const [a, b] = checkToolCalls(
      [
        { name: "nope", arguments: "{}" },
        { name: "issue_refund", arguments: "{}" },
      ],
      TOOLS,
      undefined,
    );
    expect(a!.problems[0]!.sentence).toBe("calls 'nope', which the contract does not declare (tools: lookup_order, issue_refund, close_ticket)");
    expect(b!.problems[0]!.sentence).toBe("calls issue_refund (issue a refund), which needs a person's confirmation first, and the case records none");
  });

  it("reads empty arguments as none", () => {
    expect(parseArguments("  ")).toEqual({ ok: true, value: {} });
  });
});

describe("evaluating an answer that is only tool calls", () => {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "o",
    name: "O",
    policy: { role: "r" },
    task: { instruction: "i" },
    output: { kind: "json_schema", name: "o", schema: { type: "object" } },
    tools: [{ name: "lookup_order" }],
    tests: [
      {
        id: "c",
        assertions: [
          { type: "tool_called", tool: "lookup_order" },
          { type: "contains", value: "x" },
        ],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const contract = r.value;
  const testCase = contract.tests[0] as TestCase;

  it("judges the case's own assertions, and passes the implied output checks saying why", () => {
    const result = runResult("", { finishReason: "tool_calls", toolCalls: [{ id: "1", name: "lookup_order", arguments: "{}" }] });
    const out = evaluateAssertionsNow(contract, testCase, result);
    expect(out.map((o) => [o.type, o.source, o.pass])).toEqual([
      ["tool_called", "case", true],
      ["contains", "case", false],
      ["schema_valid", "contract", true],
      ["not_cut_off", "contract", true],
      ["tool_arguments_valid", "contract", true],
      ["tool_confirmation_respected", "contract", true],
    ]);
    expect(out[2]!.reason).toMatch(/^not applicable: the answer is only tool calls/);
  });

  it("checks the output as usual when the answer has words", () => {
    const out = evaluateAssertionsNow(contract, testCase, runResult("not json", { toolCalls: [{ id: "1", name: "lookup_order", arguments: "{}" }] }));
    expect(out.find((o) => o.type === "schema_valid")!.pass).toBe(false);
  });
});
