/**
 * Part 6: the same-origin proxy (server/proxy.ts), mounted on a 127.0.0.1 server the way Vite
 * mounts it, in front of the real test server and of two hand-made targets: one that streams a
 * 50 MB answer, one that accepts the connection and never answers. Every attack must be refused
 * (and never reach a target), the 50 MB answer must stream with a bounded amount in flight, the
 * silent target must be given up on, and nothing the proxy writes may hold the key or a body.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createProxyGuard, forwardProxyRequest, PROXY_MOUNT, TARGET_HEADER, TOKEN_HEADER } from "../../server/proxy.ts";
import { startTestServer } from "../server/test-server.ts";
import { since, type PartOptions, type Row } from "./figures.ts";

const KEY = "sk-hardening-proxy-7Q2W9E";
const BODY_MARKER = "BODY-MARKER-b4f1e0";
const IDLE_MS = 800;

const listen = (s: Server) => new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as AddressInfo).port)));
const close = (s: Server) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));

/** A raw request (fetch cannot set Host or Origin freely). Resolves with the status, or "reset". */
function raw(port: number, path: string, headers: IncomingHttpHeaders, body = ""): Promise<{ status: number | "reset"; text: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: body ? "POST" : "GET", headers, setHost: !("host" in headers) }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", () => resolve({ status: "reset", text }));
    });
    req.on("error", () => resolve({ status: "reset", text: "" }));
    req.end(body);
  });
}

export async function runProxy({ quick }: PartOptions): Promise<Row[]> {
  const t0 = performance.now();
  // Everything the process writes while the proxy works: its log, if it had one.
  const written: string[] = [];
  const outWrite = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = consoleMethods.map((m) => console[m]);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (
    written.push(String(chunk)),
    outWrite(chunk, ...rest)
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (
    written.push(String(chunk)),
    errWrite(chunk, ...rest)
  )) as typeof process.stderr.write;
  for (const m of consoleMethods) console[m] = (...args: unknown[]) => void written.push(args.map(String).join(" "));

  const upstream = await startTestServer({ port: 0, cors: false });
  // The 50 MB target: writes as fast as the socket takes it, counting what it has sent.
  const bigBytes = (quick ? 10 : 50) * 1024 * 1024;
  let bigSent = 0;
  const big = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const piece = Buffer.alloc(64 * 1024, "x");
    const pump = () => {
      while (bigSent < bigBytes) {
        bigSent += piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
  // The silent target: takes the connection, never answers; counts its open sockets.
  const silentSockets = new Set<Socket>();
  const silent = createServer(() => {});
  silent.on("connection", (s) => (silentSockets.add(s), s.on("close", () => silentSockets.delete(s))));
  const guard = createProxyGuard({ host: "127.0.0.1" });
  const proxy = createServer((req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(PROXY_MOUNT + "/")) return void res.writeHead(200).end("the app");
    forwardProxyRequest(req, res, url.slice(PROXY_MOUNT.length), guard, { upstreamHeadersTimeoutMs: IDLE_MS });
  });
  const [bigPort, silentPort, port] = [await listen(big), await listen(silent), await listen(proxy)];
  const app = `127.0.0.1:${port}`;
  const target = `${upstream.url}/v1`;
  const chat = JSON.stringify({ model: "test-model", messages: [{ role: "user", content: BODY_MARKER }], stream: false });
  const ok = { host: app, origin: `http://${app}`, [TARGET_HEADER]: target, authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  const rows: Row[] = [];
  const samples: string[] = [];
  try {
    const upstreamCalls = async () => ((await (await fetch(`${upstream.url}/__stats`)).json()) as { requests: unknown[] }).requests.length;

    // The control: the app's own request goes through (so the refusals below mean something).
    const control = await raw(port, `${PROXY_MOUNT}/chat/completions`, ok, chat);
    if (control.status !== 200) samples.push(`control: the app's own request got ${control.status}`);

    const attacks: { group: string; name: string; path?: string; headers: IncomingHttpHeaders; expect: number }[] = [
      { group: "other origin", name: "Origin http://evil.example", headers: { ...ok, origin: "http://evil.example" }, expect: 403 },
      { group: "other origin", name: "Origin null (sandboxed iframe)", headers: { ...ok, origin: "null" }, expect: 403 },
      { group: "other origin", name: "https origin on the app's host:port", headers: { ...ok, origin: `https://${app}` }, expect: 403 },
      { group: "other origin", name: "app's host, other port", headers: { ...ok, origin: `http://127.0.0.1:${port + 1}` }, expect: 403 },
      { group: "other origin", name: "no Origin, no token", headers: { host: app, [TARGET_HEADER]: target }, expect: 403 },
      { group: "other origin", name: "no Origin, wrong token", headers: { host: app, [TARGET_HEADER]: target, [TOKEN_HEADER]: "x".repeat(32) }, expect: 403 },
      {
        group: "other origin",
        name: "Sec-Fetch-Site: cross-site",
        headers: { host: app, [TARGET_HEADER]: target, "sec-fetch-site": "cross-site", [TOKEN_HEADER]: guard.token },
        expect: 403,
      },
      {
        group: "DNS rebinding",
        name: "Host evil.example, its own origin",
        headers: { ...ok, host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
        expect: 403,
      },
      {
        group: "DNS rebinding",
        name: "Host evil.localhost",
        headers: { ...ok, host: `evil.localhost:${port}`, origin: `http://evil.localhost:${port}` },
        expect: 403,
      },
      {
        group: "DNS rebinding",
        name: "Host 127.0.0.1 on another port",
        headers: { ...ok, host: `127.0.0.1:${port + 1}`, origin: `http://127.0.0.1:${port + 1}` },
        expect: 403,
      },
      { group: "DNS rebinding", name: "no Host", headers: { ...ok, host: "" }, expect: 403 },
      ...[
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
        "gopher://127.0.0.1:70/",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "ws://127.0.0.1/",
        "not a url",
        "http://user:pw@127.0.0.1/",
      ].map((t) => ({ group: "schemes", name: t, headers: { ...ok, [TARGET_HEADER]: t }, expect: 400 })),
      ...[
        "/../../etc/passwd",
        "/v1/../../admin",
        "/%2e%2e/%2e%2e/admin",
        "/%252e%252e/admin",
        "/..%2fadmin",
        "/..\\..\\admin",
        "/%2E%2E%5cadmin",
        "/chat%0d%0aX-Injected:%201",
        "/./models",
        "/%00",
      ].map((p) => ({ group: "path escapes", name: p, path: p, headers: ok, expect: 400 })),
    ];
    const before = await upstreamCalls();
    const byGroup = new Map<string, { n: number; bad: number }>();
    for (const a of attacks) {
      const r = await raw(port, `${PROXY_MOUNT}${a.path ?? "/chat/completions"}`, a.headers, chat);
      const g = byGroup.get(a.group) ?? { n: 0, bad: 0 };
      g.n++;
      if (r.status !== a.expect) {
        g.bad++;
        samples.push(`${a.group}: ${a.name} got ${r.status}, expected ${a.expect}`);
      }
      byGroup.set(a.group, g);
    }
    const leaked = (await upstreamCalls()) - before;
    for (const [group, g] of byGroup)
      rows.push({
        part: "6 proxy",
        tried: `${group}`,
        count: g.n,
        failures: g.bad,
        figure: `${g.n - g.bad} refused (${group === "schemes" || group === "path escapes" ? 400 : 403})`,
        ms: 0,
      });
    rows.push({
      part: "6 proxy",
      tried: "refused requests that reached a target",
      count: attacks.length,
      failures: leaked,
      figure: `${leaked} reached the test server`,
      ms: 0,
    });

    // The big answer, read slowly: the proxy must not read ahead of the reader without bound.
    const t1 = performance.now();
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    let maxAhead = 0;
    let got = 0;
    let stopped = false;
    let aheadAt500 = 0;
    let aheadAt1000 = 0;
    // node:http, not fetch: its small buffers let the figure show the proxy's read-ahead, not the client's.
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, path: `${PROXY_MOUNT}/stream`, headers: { [TARGET_HEADER]: `http://127.0.0.1:${bigPort}`, [TOKEN_HEADER]: guard.token } },
        (res) => {
          let n = 0;
          res.on("data", (d: Buffer) => {
            got += d.length;
            maxAhead = Math.max(maxAhead, bigSent - got);
            rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
            // Pause now and then, so a proxy that buffered would run ahead.
            if (++n % 64 === 0) {
              res.pause();
              setTimeout(() => res.resume(), 20);
            }
            // Half-way, the reader stops for a second: the target must stop too (backpressure end to end).
            if (!stopped && got > bigBytes / 2) {
              stopped = true;
              res.pause();
              setTimeout(() => (aheadAt500 = bigSent - got), 500);
              setTimeout(() => ((aheadAt1000 = bigSent - got), res.resume()), 1000);
            }
          });
          res.on("end", () => resolve());
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    });
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    // What is in flight is the sockets' buffers (the kernel's, on loopback several MB) plus the
    // streams' own; it must stop growing while the reader waits, and stay far below the answer.
    const bounded = got === bigBytes && aheadAt1000 - aheadAt500 < 1024 * 1024 && maxAhead < 16 * 1024 * 1024;
    if (!bounded)
      samples.push(
        `big answer: ${mb(got)} MB of ${mb(bigBytes)} arrived, up to ${mb(maxAhead)} MB ahead; paused reader: ${mb(aheadAt500)} then ${mb(aheadAt1000)} MB ahead`,
      );
    rows.push({
      part: "6 proxy",
      tried: `a ${mb(bigBytes)} MB answer, read slowly`,
      count: 1,
      failures: bounded ? 0 : 1,
      figure: `all ${mb(got)} MB streamed; at most ${mb(maxAhead)} MB ahead of the reader; reader stopped 1 s: target held at ${mb(aheadAt1000)} MB ahead; RSS +${mb(rssPeak - rss0)} MB`,
      ms: since(t1),
    });

    // The target that never answers: a 504 after the idle bound, and its socket closed.
    const t2 = performance.now();
    const hang = await raw(port, `${PROXY_MOUNT}/chat/completions`, { ...ok, [TARGET_HEADER]: `http://127.0.0.1:${silentPort}/v1` }, chat);
    const hangMs = since(t2);
    await new Promise((r) => setTimeout(r, 100));
    const silentOk = hang.status === 504 && hangMs < IDLE_MS + 3000 && silentSockets.size === 0;
    if (!silentOk) samples.push(`silent target: ${hang.status} after ${hangMs} ms, ${silentSockets.size} sockets left open`);
    rows.push({
      part: "6 proxy",
      tried: "a target that never answers",
      count: 1,
      failures: silentOk ? 0 : 1,
      figure: `${hang.status} after ${hangMs} ms (bound ${IDLE_MS} ms here, ${300} s by default), ${silentSockets.size} upstream sockets left`,
      ms: hangMs,
    });
  } finally {
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    consoleMethods.forEach((m, i) => (console[m] = saved[i]!));
    await Promise.all([close(proxy), close(big), close(silent), upstream.close()]);
  }
  const log = written.join("");
  const leaks = [KEY, BODY_MARKER].filter((s) => log.includes(s));
  rows.push({
    part: "6 proxy",
    tried: "its log (all output while it ran)",
    count: written.length,
    failures: leaks.length,
    figure: `${log.length} characters written, 0 keys, 0 bodies`.replace("0 keys, 0 bodies", leaks.length ? `leaked ${leaks.join(", ")}` : "0 keys, 0 bodies"),
    ms: 0,
  });
  rows[0]!.ms = since(t0);
  rows[0]!.samples = samples;
  return rows;
}
