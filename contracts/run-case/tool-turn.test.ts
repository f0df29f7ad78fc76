/** The follow-up turn a case's mock tool results cause, end to end through the test server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { createEndpointProfile } from "../client/profile.ts";
import { parseContract } from "../parse.ts";
import type { Contract, ContractInput } from "../schema/contract.ts";
import { RunResultSchema } from "./result.ts";
import { runCase } from "./run-case.ts";
import { toolResultContent } from "./tool-turn.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

function contract(tests: ContractInput["tests"]): Contract {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "orders",
    name: "Orders",
    policy: { role: "You help with orders." },
    task: { instruction: "Help the customer." },
    output: { kind: "text" },
    tools: [{ name: "lookup_order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } }, { name: "cancel_order" }],
    tests,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const profile = (streaming: boolean) =>
  createEndpointProfile({ id: "p", name: "test", baseUrl: `${server.url}/v1`, capabilities: { streaming, usageInStream: streaming } });

async function run(c: Contract, model: string, streaming = true) {
  const out = await runCase({ contract: c, testCase: c.tests[0]!, profile: profile(streaming), model });
  if (!out.ok) throw new Error(out.plan.message);
  return out.result;
}

describe("a case with a mock tool result", () => {
  const c = contract([{ id: "where", tools: { results: { lookup_order: { status: "shipped" } } } }]);

  it.each([true, false])("sends one follow-up with the calls and results; its answer is the case's answer (streamed: %s)", async (streaming) => {
    const r = await run(c, "test-tools-all", streaming);
    expect(r.status).toBe("ok");
    expect(r.toolCalls?.map((t) => t.name)).toEqual(["lookup_order", "cancel_order"]);
    expect(r.output).toBe(
      'lookup_order returned {"status":"shipped"}; cancel_order returned {"error":"no result: this test case gives no mock result for cancel_order"}.',
    );
    expect(r.verdict).toBe("kept");
    const follow = r.followUp!.request.messages.slice(2);
    expect(follow.map((m) => m.role)).toEqual(["assistant", "tool", "tool"]);
    expect(follow[0]!.tool_calls!.map((t) => t.id)).toEqual(r.toolCalls!.map((t) => t.id));
    expect(follow[1]).toEqual({ role: "tool", tool_call_id: r.toolCalls![0]!.id, content: '{"status":"shipped"}' });
    expect(r.followUp!.request.tools).toEqual(r.request.tools);
    expect(r.attempts).toBe(2);
    // Both turns' usage is counted.
    expect(r.usage.promptTokens).toBeGreaterThan(0);
    expect(RunResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it("sends no follow-up when the model calls no tool the case has a result for", async () => {
    const r = await run(contract([{ id: "x", tools: { results: { other: "x" } } }]), "test-tools");
    expect(r.followUp).toBeUndefined();
    expect(r.toolCalls?.map((t) => t.name)).toEqual(["lookup_order"]);
    expect(r.output).toBe("");
    expect(r.verdict).toBe("not_checked");
  });

  it("records nothing about tools when the model answers in words", async () => {
    const r = await run(c, "test-model");
    expect("toolCalls" in r).toBe(false);
    expect("followUp" in r).toBe(false);
  });
});

it("sends a string result as written and anything else as JSON", () => {
  expect(toolResultContent("plain text")).toBe("plain text");
  expect(toolResultContent({ a: [1] })).toBe('{"a":[1]}');
  expect(toolResultContent(null)).toBe("null");
});
