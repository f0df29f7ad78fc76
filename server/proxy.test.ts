import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../e2e/server/test-server.ts";
import { createEndpointProfile } from "../contracts/client/profile.ts";
import { runChat } from "../contracts/client/run.ts";
import { listModels } from "../contracts/client/models.ts";
import { forwardProxyRequest, PROXY_MOUNT, resolveTarget } from "./proxy.ts";

let upstream: TestServer;
let proxy: Server;
let proxyUrl: string;

beforeAll(async () => {
  upstream = await startTestServer({ port: 0, cors: false });
  // Mounted the way Vite's connect mounts it: the handler sees the path after /api/proxy.
  proxy = createServer((req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(PROXY_MOUNT + "/")) return void res.writeHead(404).end();
    forwardProxyRequest(req, res, url.slice(PROXY_MOUNT.length));
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${PROXY_MOUNT}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await upstream.close();
});

const profile = (model = "test-model") =>
  createEndpointProfile({ id: "p", name: "via proxy", baseUrl: `${upstream.url}/v1`, useProxy: true, defaultModel: model, timeouts: { firstByteMs: 2000, idleMs: 2000 } });
const request = (model: string) => ({ model, messages: [{ role: "user" as const, content: "hello" }], stream: true, stream_options: { include_usage: true } });

async function stats() {
  return ((await (await fetch(`${upstream.url}/__stats`)).json()) as { requests: { headers: Record<string, string> }[] }).requests;
}

describe("the same-origin proxy", () => {
  it("streams a run through, with usage, and forwards the key but not the browser's identity", async () => {
    const deltas: number[] = [];
    const outcome = await runChat({ profile: profile(), apiKey: "sk-x", request: request("test-model"), proxyBase: proxyUrl, onDelta: () => deltas.push(performance.now()) });
    expect(outcome.status).toBe("ok");
    expect(outcome.usageSource).toBe("endpoint");
    expect(deltas.length).toBeGreaterThan(1);
    const seen = (await stats()).at(-1)!.headers;
    expect(seen.authorization).toBe("[redacted]");
    expect(seen["x-contract-studio-target"]).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
  });

  it("does not buffer: chunks arrive spread out as the upstream paces them", async () => {
    const times: number[] = [];
    const outcome = await runChat({ profile: profile(), request: request("test-stream-100tps-20"), proxyBase: proxyUrl, onDelta: () => times.push(performance.now()) });
    expect(outcome.status).toBe("ok");
    expect(times).toHaveLength(20);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(100);
  });

  it("passes errors through with status, body and Retry-After", async () => {
    const outcome = await runChat({ profile: profile(), request: request("test-429"), proxyBase: proxyUrl, sleep: async () => {}, retryPolicy: { retries: 0 } });
    expect(outcome.error).toMatchObject({ kind: "rate_limited", retryAfterMs: 1000 });
  });

  it("passes a cut stream through as a cut", async () => {
    const outcome = await runChat({ profile: profile(), request: request("test-cut"), proxyBase: proxyUrl });
    expect(outcome.error?.kind).toBe("stream_cut");
    expect(outcome.output.length).toBeGreaterThan(0);
  });

  it("lists models for Test connection", async () => {
    const result = await listModels(profile(), undefined, { proxyBase: proxyUrl });
    expect(result.ok).toBe(true);
  });

  it("answers 502 with a reason when the endpoint is down", async () => {
    const down = await startTestServer({ port: 0 });
    await down.close();
    const res = await fetch(`${proxyUrl}/models`, { headers: { "x-contract-studio-target": `${down.url}/v1` } });
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/ECONNREFUSED/);
  });

  it.each([
    [undefined, "/models", /missing/],
    ["file:///etc", "/passwd", /http/],
    ["javascript:alert(1)", "/x", /http/],
    ["not a url", "/models", /not a URL/],
    ["http://user:pw@127.0.0.1/v1", "/models", /credentials/],
    ["http://127.0.0.1:1/v1", "/../admin", /\.\./],
    ["http://127.0.0.1:1/v1", "/%2e%2e/admin", /\.\./],
    ["http://127.0.0.1:1/v1", "/a/..%2F..%2Fadmin", /\.\./],
  ])("rejects target %s with path %s", (target, path, message) => {
    const check = resolveTarget(target, path);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it("joins the base and the path, keeping the query", () => {
    const check = resolveTarget("https://api.example.com/v1/", "/chat/completions?x=1");
    expect(check.ok && check.url.href).toBe("https://api.example.com/v1/chat/completions?x=1");
  });

  it("refuses requests from another origin", async () => {
    const res = await fetch(`${proxyUrl}/models`, { headers: { "x-contract-studio-target": `${upstream.url}/v1`, origin: "https://evil.example" } });
    expect(res.status).toBe(403);
  });
});
