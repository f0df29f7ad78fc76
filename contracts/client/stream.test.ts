import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { createEndpointProfile } from "./profile.ts";
import { runChat, type FetchLike } from "./run.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const profile = () => createEndpointProfile({ id: "p", name: "fake", baseUrl: "http://fake.invalid/v1" });
// Multi-byte characters so splits also fall inside UTF-8 sequences.
const request = {
  model: "test-echo",
  messages: [{ role: "user" as const, content: 'Héllo wörld, ünïcode 🙂 and "quotes"\nnew line' }],
  stream: true,
  stream_options: { include_usage: true },
};

/** A fetch whose response body arrives in the given byte pieces. */
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

describe("SSE parsing across byte boundaries", () => {
  let recorded: Uint8Array;
  beforeAll(async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(request) });
    recorded = new Uint8Array(await res.arrayBuffer());
  });

  it("gives the same answer and usage wherever the body is split in two", async () => {
    for (let i = 0; i <= recorded.length; i++) {
      const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([recorded.slice(0, i), recorded.slice(i)]) });
      expect(outcome.status, `split at ${i}`).toBe("ok");
      expect(outcome.output, `split at ${i}`).toBe(request.messages[0]!.content);
      expect(outcome.usageSource).toBe("endpoint");
      expect(outcome.finishReason).toBe("stop");
    }
  });

  it("gives the same answer when every byte arrives alone", async () => {
    const bytes = Array.from(recorded, (b) => Uint8Array.of(b));
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch(bytes) });
    expect(outcome.output).toBe(request.messages[0]!.content);
  });

  it("accepts CRLF line endings and comments", async () => {
    const text = new TextDecoder().decode(recorded).replace(/\n/g, "\r\n");
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([new TextEncoder().encode(`: keep-alive\r\n\r\n${text}`)]) });
    expect(outcome.output).toBe(request.messages[0]!.content);
  });

  it("treats a body that ends without [DONE] or a finish reason as cut", async () => {
    const text = new TextDecoder().decode(recorded);
    const cut = text.slice(0, text.indexOf('"finish_reason":"stop"'));
    const lastEvent = cut.lastIndexOf("\n\n") + 2;
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([new TextEncoder().encode(cut.slice(0, lastEvent))]) });
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.kind).toBe("stream_cut");
    expect(outcome.output.length).toBeGreaterThan(0);
  });

  it("says an HTML page answered with 200 is not an event stream (not a cut stream), pointing at the base URL", async () => {
    const page = "<!doctype html>\n<html><head><title>Web UI</title></head><body></body></html>\n";
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([new TextEncoder().encode(page)]) });
    expect(outcome.error?.kind).toBe("malformed_stream");
    expect(outcome.error?.explanation).toContain("not an event stream");
    expect(outcome.error?.explanation).toContain("base URL");
  });

  it("reports an error object sent inside the stream", async () => {
    const body = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"error":{"message":"model crashed"}}\n\n';
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([new TextEncoder().encode(body)]) });
    expect(outcome.status).toBe("failed");
    expect(outcome.error?.endpointMessage).toBe("model crashed");
    expect(outcome.output).toBe("Hi");
  });

  it("reads llama.cpp's in-stream error by its own code, after a first chunk with content null", async () => {
    const body =
      [
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"model":"tiny.gguf","object":"chat.completion.chunk"}',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"model":"tiny.gguf","object":"chat.completion.chunk"}',
        'data: {"error":{"code":400,"message":"request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}',
      ].join("\n\n") + "\n\n";
    const outcome = await runChat({ profile: profile(), request, fetch: fakeFetch([new TextEncoder().encode(body)]) });
    expect(outcome.status).toBe("failed");
    expect(outcome.output).toBe("Hi");
    expect(outcome.model).toBe("tiny.gguf");
    expect(outcome.error?.kind === "bad_request" && outcome.error.contextOverflow).toEqual({ server: "llama.cpp", promptTokens: 9000, contextTokens: 8192 });
  });
});
