import { describe, expect, it } from "vitest";
import { ToolSchema } from "../schema/tools.ts";
import { toolFactsOfCalls, toolFactsOfCell, toolRates } from "./tool-rates.ts";

const TOOLS = ToolSchema.array().parse([
  { name: "lookup_order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
  { name: "issue_refund", requiresConfirmation: true },
]);

describe("tool-call and tool-error rates", () => {
  it("counts an answer with a call once, and one with any bad call as an error, of the answers that called", () => {
    const facts = [
      toolFactsOfCalls([{ name: "lookup_order", arguments: '{"id":"A"}' }], TOOLS),
      toolFactsOfCalls([{ name: "lookup_order", arguments: "{}" }], TOOLS), // invalid arguments
      toolFactsOfCalls([{ name: "drop_tables", arguments: "{}" }], TOOLS), // unknown tool
      toolFactsOfCalls([{ name: "issue_refund", arguments: "{}" }], TOOLS), // forbidden: not confirmed
      toolFactsOfCalls([{ name: "issue_refund", arguments: "{}" }], TOOLS, { confirmed: ["issue_refund"] }),
      toolFactsOfCalls([], TOOLS),
      null, // a contract without tools: not counted
    ];
    const r = toolRates(facts);
    expect(r.toolCallRate?.estimate).toBeCloseTo(5 / 6);
    expect(r.toolErrorRate?.estimate).toBeCloseTo(3 / 5);
  });

  it("has no rates without tool facts, and no error rate without calls", () => {
    expect(toolRates([null, undefined])).toEqual({ toolCallRate: null, toolErrorRate: null });
    expect(toolRates([{ calls: 0, errors: 0 }]).toolErrorRate).toBeNull();
  });

  it("reads a stored cell: its call count and its failed implied tool checks", () => {
    expect(toolFactsOfCell(2, [{ type: "tool_arguments_valid", pass: false }], true)).toEqual({ calls: 2, errors: 1 });
    expect(
      toolFactsOfCell(
        1,
        [
          { type: "tool_confirmation_respected", pass: true },
          { type: "contains", pass: false },
        ],
        true,
      ),
    ).toEqual({ calls: 1, errors: 0 });
    expect(toolFactsOfCell(undefined, [], false)).toBeNull();
  });
});
