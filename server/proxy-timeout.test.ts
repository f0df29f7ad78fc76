import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxyGuard, forwardProxyRequest, PROXY_MOUNT, TARGET_HEADER, TOKEN_HEADER } from "./proxy.ts";

// A target that accepts the connection and never answers, and the proxy in front of it.
const sockets = new Set<Socket>();
const silent = createServer(() => {});
silent.on("connection", (s) => (sockets.add(s), s.on("close", () => sockets.delete(s))));
const guard = createProxyGuard({ host: "127.0.0.1" });
const proxy: Server = createServer((req, res) =>
  forwardProxyRequest(req, res, (req.url ?? "/").slice(PROXY_MOUNT.length), guard, { upstreamHeadersTimeoutMs: 300 }),
);
const portOf = (s: Server) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  for (const s of [proxy, silent]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe("a target that never answers", () => {
  it("gets a 504 that says so once the bound passes, and its socket is closed", async () => {
    const res = await fetch(`http://127.0.0.1:${portOf(proxy)}${PROXY_MOUNT}/models`, {
      headers: { [TARGET_HEADER]: `http://127.0.0.1:${portOf(silent)}/v1`, [TOKEN_HEADER]: guard.token },
    });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("did not start answering");
    await expect.poll(() => sockets.size).toBe(0);
  });
});
