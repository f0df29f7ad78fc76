/** Tool calls read from OpenAI-shaped streams and whole answers (issue 11 item 1), through the real test server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import type { ChatRequest } from "../assembly-types.ts";
import { createEndpointProfile } from "./profile.ts";
import { runChat, type FetchLike } from "./run.ts";
import { applyToolCallDeltas, toolCallsFromMessage, type ToolCall } from "./tool-calls.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const TOOLS: ChatRequest["tools"] = [
  {
    type: "function",
    function: { name: "lookup_order", parameters: { type: "object", properties: { id: { type: "string" }, verbose: { type: "boolean" } }, required: ["id"] } },
  },
  {
    type: "function",
    function: { name: "issue_refund", parameters: { type: "object", properties: { amount: { type: "number" }, reason: { enum: ["late", "broken"] } } } },
  },
];
const request = (model: string, stream = true): ChatRequest => ({
  model,
  messages: [{ role: "user", content: "Where is order A-1?" }],
  tools: TOOLS,
  ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
});
const profile = (baseUrl = `${server.url}/v1`) => createEndpointProfile({ id: "p", name: "test", baseUrl });

function fakeFetch(pieces: Uint8Array[]): FetchLike {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const p of pieces) c.enqueue(p);
          c.close();
        },
      }),
      { status: 200, headers: { "content-type": "text/event-stream" } },
    );
}

const BOTH: ToolCall[] = [
  { id: expect.stringMatching(/^call_/) as unknown as string, name: "lookup_order", arguments: '{"id":"A-1","verbose":true}' },
  { id: expect.stringMatching(/^call_/) as unknown as string, name: "issue_refund", arguments: '{"amount":1,"reason":"late"}' },
];

describe("accumulating tool-call fragments", () => {
  it("joins interleaved fragments by index; id and name come once, arguments append", () => {
    const calls: ToolCall[] = [];
    applyToolCallDeltas(calls, [{ index: 0, id: "a", type: "function", function: { name: "f", arguments: "" } }]);
    applyToolCallDeltas(calls, [{ index: 1, id: "b", function: { name: "g", arguments: '{"x"' } }]);
    applyToolCallDeltas(calls, [{ index: 0, function: { arguments: '{"q":' } }]);
    applyToolCallDeltas(calls, [
      { index: 1, function: { arguments: ":2}" } },
      { index: 0, function: { arguments: "1}" } },
    ]);
    expect(calls).toEqual([
      { id: "a", name: "f", arguments: '{"q":1}' },
      { id: "b", name: "g", arguments: '{"x":2}' },
    ]);
  });

  it("takes a fragment without an index as a new call when it has an id, else as more of the last", () => {
    const calls: ToolCall[] = [];
    applyToolCallDeltas(calls, [{ id: "a", function: { name: "f", arguments: "{" } }]);
    applyToolCallDeltas(calls, [{ function: { arguments: "}" } }]);
    applyToolCallDeltas(calls, [{ id: "b", function: { name: "g", arguments: { k: 1 } } }]);
    expect(calls).toEqual([
      { id: "a", name: "f", arguments: "{}" },
      { id: "b", name: "g", arguments: '{"k":1}' },
    ]);
    expect(applyToolCallDeltas(calls, null)).toBe(false);
  });

  it("reads a whole answer's message.tool_calls", () => {
    expect(toolCallsFromMessage([{ id: "x", type: "function", function: { name: "f", arguments: "{}" } }])).toEqual([{ id: "x", name: "f", arguments: "{}" }]);
    expect(toolCallsFromMessage(undefined)).toEqual([]);
  });
});

describe("runChat with tool calls", () => {
  it("streams two interleaved calls, reporting them as they grow, with finish_reason tool_calls", async () => {
    const seen: string[] = [];
    const outcome = await runChat({
      profile: profile(),
      request: request("test-tools-all"),
      onToolCalls: (calls) => seen.push(calls.map((c) => c.arguments).join("|")),
    });
    expect(outcome.status).toBe("ok");
    expect(outcome.output).toBe("");
    expect(outcome.finishReason).toBe("tool_calls");
    expect(outcome.toolCalls).toEqual(BOTH);
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.at(-1)).toBe('{"id":"A-1","verbose":true}|{"amount":1,"reason":"late"}');
    expect(outcome.timings.ttftMs).not.toBeNull();
  });

  it("reads the same calls wherever the stream is split, and when every byte arrives alone", async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(request("test-tools-all")) });
    const recorded = new Uint8Array(await res.arrayBuffer());
    for (let i = 0; i <= recorded.length; i += 7) {
      const outcome = await runChat({
        profile: profile("http://fake.invalid/v1"),
        request: request("test-tools-all"),
        fetch: fakeFetch([recorded.slice(0, i), recorded.slice(i)]),
      });
      expect(outcome.toolCalls, `split at ${i}`).toEqual(BOTH);
    }
    const bytes = Array.from(recorded, (b) => Uint8Array.of(b));
    const outcome = await runChat({ profile: profile("http://fake.invalid/v1"), request: request("test-tools-all"), fetch: fakeFetch(bytes) });
    expect(outcome.toolCalls).toEqual(BOTH);
  });

  it("reads calls from a whole (non-streamed) answer", async () => {
    const outcome = await runChat({ profile: profile(), request: request("test-tools", false) });
    expect(outcome.status).toBe("ok");
    expect(outcome.finishReason).toBe("tool_calls");
    expect(outcome.toolCalls).toEqual([BOTH[0]]);
  });

  it("calls the tool tool_choice names, and none for tool_choice none", async () => {
    const named = await runChat({
      profile: profile(),
      request: { ...request("test-tools"), tool_choice: { type: "function", function: { name: "issue_refund" } } },
    });
    expect(named.toolCalls.map((c) => c.name)).toEqual(["issue_refund"]);
    const none = await runChat({ profile: profile(), request: { ...request("test-tools"), tool_choice: "none" } });
    expect(none.toolCalls).toEqual([]);
    expect(none.output.length).toBeGreaterThan(0);
  });
});
