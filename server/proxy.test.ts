import { createServer, request as httpRequest, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../e2e/server/test-server.ts";
import { createEndpointProfile } from "../contracts/client/profile.ts";
import { runChat } from "../contracts/client/run.ts";
import { listModels } from "../contracts/client/models.ts";
import {
  createProxyGuard,
  forwardProxyRequest,
  PROXY_MOUNT,
  resolveTarget,
  TARGET_HEADER,
  TOKEN_HEADER,
  tokenCookieMiddleware,
  tokenCookieName,
} from "./proxy.ts";

let upstream: TestServer;
let proxy: Server;
let proxyUrl: string;
let port: number;
const guard = createProxyGuard({ host: "127.0.0.1" });

beforeAll(async () => {
  upstream = await startTestServer({ port: 0, cors: false });
  // Mounted the way Vite's connect mounts it: the handler sees the path after /api/proxy.
  proxy = createServer((req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(PROXY_MOUNT + "/")) return void tokenCookieMiddleware(guard)(req, res, () => res.writeHead(200).end("the app"));
    forwardProxyRequest(req, res, url.slice(PROXY_MOUNT.length), guard);
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  port = (proxy.address() as AddressInfo).port;
  proxyUrl = `http://127.0.0.1:${port}${PROXY_MOUNT}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await upstream.close();
});

// Node's fetch sends no Origin: these calls carry the session token, as a script given it would.
const profile = (model = "test-model") =>
  createEndpointProfile({
    id: "p",
    name: "via proxy",
    baseUrl: `${upstream.url}/v1`,
    useProxy: true,
    defaultModel: model,
    extraHeaders: { [TOKEN_HEADER]: guard.token },
    timeouts: { firstByteMs: 2000, idleMs: 2000 },
  });
const request = (model: string) => ({ model, messages: [{ role: "user" as const, content: "hello" }], stream: true, stream_options: { include_usage: true } });

async function stats() {
  return ((await (await fetch(`${upstream.url}/__stats`)).json()) as { requests: { headers: Record<string, string> }[] }).requests;
}

describe("the same-origin proxy", () => {
  it("streams a run through, with usage, and forwards the key but not the browser's identity", async () => {
    const deltas: number[] = [];
    const outcome = await runChat({
      profile: profile(),
      apiKey: "sk-x",
      request: request("test-model"),
      proxyBase: proxyUrl,
      onDelta: () => deltas.push(performance.now()),
    });
    expect(outcome.status).toBe("ok");
    expect(outcome.usageSource).toBe("endpoint");
    expect(deltas.length).toBeGreaterThan(1);
    const seen = (await stats()).at(-1)!.headers;
    expect(seen.authorization).toBe("[redacted]");
    expect(seen["x-contract-studio-target"]).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    expect(seen[TOKEN_HEADER]).toBeUndefined();
  });

  it("does not buffer: chunks arrive spread out as the upstream paces them", async () => {
    const times: number[] = [];
    const outcome = await runChat({
      profile: profile(),
      request: request("test-stream-100tps-20"),
      proxyBase: proxyUrl,
      onDelta: () => times.push(performance.now()),
    });
    expect(outcome.status).toBe("ok");
    expect(times).toHaveLength(20);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(100);
  });

  it("passes errors through with status, body and Retry-After", async () => {
    const outcome = await runChat({
      profile: profile(),
      request: request("test-429"),
      proxyBase: proxyUrl,
      sleep: async () => {},
      retryPolicy: { retries: 0 },
    });
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
    const res = await fetch(`${proxyUrl}/models`, { headers: { "x-contract-studio-target": `${down.url}/v1`, [TOKEN_HEADER]: guard.token } });
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
    ["http://127.0.0.1:1/v1", "/.%2e/admin", /\.\./],
    ["http://127.0.0.1:1/v1", "/%252e%252e/admin", /\.\./],
    ["http://127.0.0.1:1/v1", "/%2e/models", /encoded dots|\. or \.\./],
    ["http://127.0.0.1:1/v1", "/models%2ejson", /encoded dots/],
    ["http://127.0.0.1:1/v1", "/models%0d%0aX-Injected:%201", /control characters/],
    ["http://127.0.0.1:1/v1", "/models%0A", /control characters/],
    ["http://127.0.0.1:1/v1", "/models%250d%250a", /control characters/],
    ["http://127.0.0.1:1/v1", "/models?x=%00", /control characters/],
    ["http://127.0.0.1:1/v1", "/models\r\nHost: evil", /control characters/],
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

/** One request to the proxy with exactly these headers (fetch would not let us set Host). */
function raw(path: string, headers: OutgoingHttpHeaders): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "GET", headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers["set-cookie"] ?? [] }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("who may use the proxy", () => {
  const target = () => ({ [TARGET_HEADER]: `${upstream.url}/v1` });
  const models = `${PROXY_MOUNT}/models`;
  const cookie = () => `${tokenCookieName(port)}=${guard.token}`;

  it("the app's exact origin passes", async () => {
    expect((await raw(models, { ...target(), origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await raw(models, { ...target(), host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it("without Origin, the session cookie the app's pages carry passes", async () => {
    expect((await raw(models, { ...target(), cookie: `other=1; ${cookie()}`, "sec-fetch-site": "same-origin" })).status).toBe(200);
  });

  it("the app's pages get that cookie: HttpOnly, SameSite=Strict, only for the proxy's path", async () => {
    const page = await raw("/", {});
    expect(page.setCookie).toEqual([`${tokenCookieName(port)}=${guard.token}; Path=${PROXY_MOUNT}; HttpOnly; SameSite=Strict`]);
    expect((await raw("/", { host: `evil.example:${port}` })).setCookie).toEqual([]);
  });

  it.each<[string, () => OutgoingHttpHeaders, RegExp]>([
    ["no Origin and no token (any local script)", () => ({}), /session token/],
    ["no Origin and a wrong token", () => ({ [TOKEN_HEADER]: "x".repeat(32) }), /session token/],
    ["no Origin and another port's cookie", () => ({ cookie: `${tokenCookieName(port + 1)}=${guard.token}` }), /session token/],
    ["an https origin on the app's host and port", () => ({ origin: `https://127.0.0.1:${port}`, cookie: cookie() }), /other origins/],
    ["another port on the same host", () => ({ origin: `http://127.0.0.1:${port + 1}` }), /other origins/],
    ["another host", () => ({ origin: "https://evil.example" }), /other origins/],
    ["an opaque origin", () => ({ origin: "null", [TOKEN_HEADER]: guard.token }), /other origins/],
    [
      "a subdomain of localhost as Host",
      () => ({ host: `evil.localhost:${port}`, origin: `http://evil.localhost:${port}`, [TOKEN_HEADER]: guard.token }),
      /subdomains of localhost/,
    ],
    ["a rebound DNS name as Host", () => ({ host: `evil.example:${port}`, origin: `http://evil.example:${port}` }), /not the app's/],
    ["the app's host on another port", () => ({ host: `127.0.0.1:${port + 1}`, origin: `http://127.0.0.1:${port + 1}` }), /not the app's/],
    ["a cross-site request without Origin, even with the cookie", () => ({ "sec-fetch-site": "same-site", cookie: cookie() }), /other sites/],
  ])("refuses %s", async (_name, headers, message) => {
    const res = await raw(models, { ...target(), ...headers() });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(message);
  });

  it("refuses a path with encoded CR/LF before contacting anyone", async () => {
    const res = await raw(`${models}%0d%0aX-Injected:%201`, { ...target(), [TOKEN_HEADER]: guard.token });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/control characters/);
  });
});
