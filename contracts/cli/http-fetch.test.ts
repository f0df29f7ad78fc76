import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { fetchFailureCause } from "../client/errors.ts";
import { runChat } from "../client/run.ts";
import { createEndpointProfile } from "../client/profile.ts";
import { nodeHttpFetch } from "./http-fetch.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const fetch = nodeHttpFetch();
const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ model, messages: [{ role: "user", content: "hello there" }], ...extra }),
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("nodeHttpFetch", () => {
  it("answers with the status, the headers and the body as sent", async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, chat("test-echo"));
    expect([res.ok, res.status]).toEqual([true, 200]);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toContain("hello there");
  });

  it("streams an answer that runChat reads to the end, twice over one kept-alive agent", async () => {
    const profile = createEndpointProfile({ id: "t", name: "t", baseUrl: `${server.url}/v1` });
    for (let i = 0; i < 2; i++) {
      const out = await runChat({ profile, request: { model: "test-echo", stream: true, messages: [{ role: "user", content: `ping ${i}` }] }, fetch });
      expect([out.status, out.error]).toEqual(["ok", null]);
      expect(out.output).toContain(`ping ${i}`);
      expect(out.finishReason).toBe("stop");
    }
  });

  it("gives an error status's body to text()", async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, chat("test-401"));
    expect([res.ok, res.status]).toEqual([false, 401]);
    expect(await res.text()).toContain("error");
  });

  it("fails like undici's fetch when nothing listens: TypeError with the socket error as cause", async () => {
    const port = await closedPort();
    const e = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, chat("test-echo")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(fetchFailureCause(e)).toMatch(/ECONNREFUSED/);
  });

  it("rejects with the signal's reason when aborted before the answer, and ends a stream aborted midway", async () => {
    const before = new AbortController();
    const reason = new Error("stop");
    const pending = fetch(`${server.url}/v1/chat/completions`, { ...chat("test-slow-first-token-2000"), signal: before.signal });
    setTimeout(() => before.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);

    const during = new AbortController();
    const res = await fetch(`${server.url}/v1/chat/completions`, { ...chat("test-stall", { stream: true }), signal: during.signal });
    const reader = res.body!.getReader();
    await reader.read();
    during.abort(new Error("stop"));
    await expect(reader.read()).rejects.toBeDefined();
  });
});
