import { describe, expect, it } from "vitest";
import { assemble } from "../assemble.ts";
import { parseContract } from "../parse.ts";
import type { Contract, ContractInput } from "../schema/contract.ts";

function contract(overrides: Partial<ContractInput> = {}): Contract {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "t",
    name: "T",
    policy: { role: "You help with orders.", humanConfirmation: ["issue a refund"] },
    task: { instruction: "Help the customer." },
    output: { kind: "text" },
    model: { model: "m" },
    ...overrides,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const TOOLS = [
  { name: "lookup_order", description: "Finds an order by id.", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
  { name: "issue_refund", parameters: { type: "object", properties: { amount: { type: "number" } } }, confirmationAction: "issue a refund" },
];

describe("tools in the request", () => {
  it("sends no tools key and the same system message when the contract declares none", () => {
    const none = assemble(contract(), {}, { countTokens: false });
    expect("tools" in none.request).toBe(false);
    expect("tool_choice" in none.request).toBe(false);
    expect(none.body).not.toContain("tool");
  });

  it("sends each tool as an OpenAI function tool, in order, right after the messages", () => {
    const r = assemble(contract({ tools: TOOLS }), {}, { countTokens: false });
    expect(r.request.tools).toEqual([
      { type: "function", function: { name: "lookup_order", description: "Finds an order by id.", parameters: TOOLS[0]!.parameters } },
      { type: "function", function: { name: "issue_refund", parameters: TOOLS[1]!.parameters } },
    ]);
    expect(Object.keys(JSON.parse(r.body))).toEqual(["model", "messages", "tools"]);
    expect(r.ok).toBe(true);
  });

  it("sends tool_choice as the contract sets it, a named tool in OpenAI's shape", () => {
    expect(assemble(contract({ tools: TOOLS, model: { model: "m", tool_choice: "required" } }), {}, { countTokens: false }).request.tool_choice).toBe(
      "required",
    );
    expect(
      assemble(contract({ tools: TOOLS, model: { model: "m", tool_choice: { name: "lookup_order" } } }), {}, { countTokens: false }).request.tool_choice,
    ).toEqual({
      type: "function",
      function: { name: "lookup_order" },
    });
  });

  it("tells the model which tools wait for a person's confirmation, each span linked to its tool", () => {
    const r = assemble(contract({ tools: TOOLS }), {}, { countTokens: false });
    const system = r.request.messages[0]!.content;
    expect(system).toContain("# Tools that need a human's confirmation");
    expect(system).toContain("- issue_refund (issue a refund)\n");
    expect(system).not.toContain("- lookup_order");
    const span = r.spans.find((s) => s.field === "tools[1].name")!;
    expect(system.slice(span.start, span.end)).toBe("issue_refund");
  });

  it("reports parameters that are not an object schema, with their path", () => {
    const r = assemble(contract({ tools: [{ name: "x", parameters: { type: "string" } }] }), {}, { countTokens: false });
    expect(r.ok).toBe(false);
    expect(r.issues).toContainEqual({ severity: "error", path: "tools[0].parameters.type", message: expect.stringContaining("must be an object schema") });
  });
});
