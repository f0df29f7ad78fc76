/**
 * The same-origin proxy: `/api/proxy/<path>` on the app's own server (vite dev and vite preview)
 * forwards to `<x-contract-studio-target><path>`, for endpoints that refuse browser origins.
 * The target comes from the header the app sets from the profile's base URL; only http(s)
 * targets are accepted and a path may not climb out of it (`..`, encoded dots) or carry
 * control characters. Only the app itself may use it (see checkCaller): its exact origin, or,
 * for the requests a browser sends without Origin (a same-origin GET), the session's token,
 * which the app's pages carry as an HttpOnly cookie. So neither a web page elsewhere nor a
 * local script that never loaded the app can use this as an open relay from localhost.
 * Responses are piped as they arrive (SSE must not be buffered). Keys and bodies are never logged.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Plugin } from "vite";

export const PROXY_MOUNT = "/api/proxy";
export const TARGET_HEADER = "x-contract-studio-target";
/** The session token as a header, for clients that are not the app's pages (tests, scripts given it). */
export const TOKEN_HEADER = "x-contract-studio-proxy-token";

// Not forwarded: hop-by-hop headers, the browser's identity (origin, referer, cookies: the app's
// cookies are not the endpoint's business, and an Origin makes servers like Ollama answer 403),
// and accept-encoding, so the answer comes back uncompressed and can be piped as is.
const DROP_REQUEST = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "origin",
  "referer",
  "cookie",
  "accept-encoding",
  TARGET_HEADER,
  TOKEN_HEADER,
]);
// Passed back: what a client needs to read the answer and explain errors. No set-cookie.
const PASS_RESPONSE = ["content-type", "content-length", "retry-after", "cache-control", "x-request-id", "openai-processing-ms"];

export type TargetCheck = { ok: true; url: URL } | { ok: false; status: number; message: string };

/** The URL to forward to, from the target header and the path after the mount point. */
export function resolveTarget(targetHeader: string | string[] | undefined, pathAndQuery: string): TargetCheck {
  const raw = Array.isArray(targetHeader) ? targetHeader[0] : targetHeader;
  if (!raw) return { ok: false, status: 400, message: `missing ${TARGET_HEADER} header (the endpoint's base URL)` };
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    return { ok: false, status: 400, message: `${TARGET_HEADER} is not a URL` };
  }
  if (base.protocol !== "http:" && base.protocol !== "https:")
    return { ok: false, status: 400, message: "the proxy forwards only to http:// or https:// endpoints" };
  if (base.username || base.password) return { ok: false, status: 400, message: "the target URL must not carry credentials" };
  const [path = "", query] = pathAndQuery.split(/\?(.*)/s, 2);
  // Decoded until stable (at most a few rounds), so a double-encoded %252e%252e is seen too.
  let decoded = pathAndQuery;
  try {
    for (let i = 0; i < 4 && /%[0-9a-f]{2}/i.test(decoded); i++) decoded = decodeURIComponent(decoded);
  } catch {
    return { ok: false, status: 400, message: "the path is not validly encoded" };
  }
  // CR/LF and other controls could split a request or a log line upstream, raw or encoded.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return { ok: false, status: 400, message: "the path may not contain control characters (such as CR or LF), raw or encoded" };
  const decodedPath = decoded.split("?", 1)[0]!;
  if (decodedPath.split(/[/\\]/).some((seg) => seg === ".." || seg === "."))
    return { ok: false, status: 400, message: "the path may not contain . or .. segments" };
  // No endpoint path needs an encoded dot; servers that decode it late would climb out.
  if (/%(25)*2e/i.test(path)) return { ok: false, status: 400, message: "the path may not contain encoded dots (%2e), which can hide . or .. segments" };
  if (!path.startsWith("/")) return { ok: false, status: 400, message: "the path must start with /" };
  const url = new URL(base.href.replace(/\/+$/, "") + path + (query !== undefined ? `?${query}` : ""));
  // Belt and braces: the joined URL must stay under the base.
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname.replace(/\/+$/, "")))
    return { ok: false, status: 400, message: "the path leaves the target" };
  return { ok: true, url };
}

function sendError(res: ServerResponse, status: number, message: string) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message: `proxy: ${message}`, type: "proxy_error" } }));
}

/** Who may use the proxy: the app's scheme and host names, and the session's token. */
export interface ProxyGuard {
  scheme: "http:" | "https:";
  /** Host names the app is served under, lower case, IPv6 in brackets; the port is the one the request came in on. */
  hosts: readonly string[];
  token: string;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** A guard with a fresh token; `host` is the configured listen host (added when it names one). */
export function createProxyGuard(options: { https?: boolean; host?: string | boolean } = {}): ProxyGuard {
  const hosts = [...LOOPBACK_HOSTS];
  const h = typeof options.host === "string" ? options.host.toLowerCase() : "";
  if (h && h !== "0.0.0.0" && h !== "::" && !hosts.includes(h)) hosts.push(h.includes(":") ? `[${h}]` : h);
  return { scheme: options.https ? "https:" : "http:", hosts, token: randomBytes(24).toString("base64url") };
}

/** The cookie that carries the token: one per port, as cookies are shared by all ports of a host. */
export function tokenCookieName(port: number): string {
  return `contract-studio-proxy-${port}`;
}

/** The Set-Cookie value the app's pages get: only sent back to the proxy's path, never readable by scripts. */
export function tokenCookie(guard: ProxyGuard, port: number): string {
  return `${tokenCookieName(port)}=${guard.token}; Path=${PROXY_MOUNT}; HttpOnly; SameSite=Strict${guard.scheme === "https:" ? "; Secure" : ""}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type CallerCheck = { ok: true } | { ok: false; status: number; message: string };

/** The request's Host, when it is one the app is served under on the port it came in on. */
export function appHost(req: IncomingMessage, guard: ProxyGuard): { ok: true; host: string } | { ok: false; message: string } {
  const host = (req.headers.host ?? "").toLowerCase();
  const port = req.socket.localPort;
  const m = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return { ok: false, message: "the Host header is missing or malformed" };
  const [, name = "", portText] = m;
  if (name.endsWith(".localhost")) return { ok: false, message: `the host ${name} is not the app's (subdomains of localhost are refused)` };
  const given = portText ? Number(portText) : guard.scheme === "https:" ? 443 : 80;
  if (!guard.hosts.includes(name) || given !== port) return { ok: false, message: `the host ${host} is not the app's` };
  return { ok: true, host };
}

/**
 * Only the app may use the proxy. The Host must be one the app is served under (a page on
 * another name that resolves here, DNS rebinding or `evil.localhost`, is refused); an Origin,
 * when present, must be exactly the app's (scheme, host and port: an https origin on the
 * app's host and port is not the app); without an Origin, the request must carry the session
 * token (the app's pages have it as a cookie; a script that never loaded the app does not).
 */
export function checkCaller(req: IncomingMessage, guard: ProxyGuard): CallerCheck {
  const host = appHost(req, guard);
  if (!host.ok) return { ok: false, status: 403, message: host.message };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin.toLowerCase() !== `${guard.scheme}//${host.host}`)
      return { ok: false, status: 403, message: `requests from other origins are refused (${origin} is not ${guard.scheme}//${host.host})` };
    return { ok: true };
  }
  // A browser's own fetch without Origin is a same-origin GET; anything else from a page is not ours.
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin")
    return { ok: false, status: 403, message: `requests from other sites are refused (Sec-Fetch-Site: ${site})` };
  const header = req.headers[TOKEN_HEADER];
  const given = (Array.isArray(header) ? header[0] : header) ?? cookieValue(req, tokenCookieName(req.socket.localPort ?? 0));
  if (!sameToken(given, guard.token))
    return { ok: false, status: 403, message: "a request without Origin needs the session token: open the app from this server (reload it after a restart)" };
  return { ok: true };
}

/**
 * How long the upstream may take to start its answer (its response headers) before the proxy
 * gives up with a 504. Without it, a target that never answers would hold a socket here for as
 * long as the client waits, and a client without a timeout waits forever. The app's own first
 * byte timeout is shorter (60 s by default), so this only bounds clients that have none. Once
 * the answer streams, a silence is the client's to time out (the app's idle timeout; a client
 * that goes away ends the upstream request): a socket timeout here would also fire while a
 * slow reader holds the stream back.
 */
export const UPSTREAM_HEADERS_TIMEOUT_MS = 300_000;

/**
 * Forwards one request. `pathAndQuery` is what follows the mount point, e.g. `/chat/completions`.
 * A plain function of node's req/res so it can be tested without Vite.
 */
export function forwardProxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathAndQuery: string,
  guard: ProxyGuard,
  options: { upstreamHeadersTimeoutMs?: number } = {},
): void {
  const caller = checkCaller(req, guard);
  if (!caller.ok) return sendError(res, caller.status, caller.message);
  const target = resolveTarget(req.headers[TARGET_HEADER], pathAndQuery);
  if (!target.ok) return sendError(res, target.status, target.message);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROP_REQUEST.has(name) || name.startsWith("sec-") || name.startsWith("proxy-")) continue;
    headers[name] = value;
  }
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(target.url, { method: req.method, headers }, (answer) => {
    const out: OutgoingHttpHeaders = {};
    for (const name of PASS_RESPONSE) if (answer.headers[name] !== undefined) out[name] = answer.headers[name];
    res.writeHead(answer.statusCode ?? 502, out);
    res.flushHeaders();
    answer.pipe(res);
    // A cut upstream must reach the browser as a cut, not as a clean end.
    answer.on("aborted", () => res.destroy());
    answer.on("error", () => res.destroy());
  });
  let timedOut = false;
  upstream.on("error", (e: NodeJS.ErrnoException) => {
    if (!timedOut) sendError(res, 502, `could not reach the endpoint (${e.code ?? e.message})`);
  });
  const headersMs = options.upstreamHeadersTimeoutMs ?? UPSTREAM_HEADERS_TIMEOUT_MS;
  const headersTimer = setTimeout(() => {
    timedOut = true;
    sendError(res, 504, `the endpoint did not start answering within ${Math.round(headersMs / 1000)} s`);
    upstream.destroy();
  }, headersMs);
  upstream.on("response", () => clearTimeout(headersTimer));
  upstream.on("close", () => clearTimeout(headersTimer));
  // The browser stopped (Stop, or a timeout): stop the upstream generation too.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Connect-style middleware for a server that mounts it at PROXY_MOUNT (req.url is then the rest). */
export function proxyMiddleware(guard: ProxyGuard) {
  return (req: IncomingMessage, res: ServerResponse): void => forwardProxyRequest(req, res, req.url ?? "/", guard);
}

/** Middleware for every other request of the app: its pages get the session token as a cookie. */
export function tokenCookieMiddleware(guard: ProxyGuard) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const port = req.socket.localPort;
    if (port !== undefined && appHost(req, guard).ok) res.appendHeader("set-cookie", tokenCookie(guard, port));
    next();
  };
}

/** The Vite plugin: the proxy in `npm run dev` and in `npm start` (vite preview) alike, one token per server. */
export function contractStudioProxy(): Plugin {
  return {
    name: "contract-studio-proxy",
    configureServer(server) {
      const guard = createProxyGuard({ https: !!server.config.server.https, host: server.config.server.host });
      server.middlewares.use(PROXY_MOUNT, proxyMiddleware(guard));
      server.middlewares.use(tokenCookieMiddleware(guard));
    },
    configurePreviewServer(server) {
      const guard = createProxyGuard({ https: !!server.config.preview.https, host: server.config.preview.host });
      server.middlewares.use(PROXY_MOUNT, proxyMiddleware(guard));
      server.middlewares.use(tokenCookieMiddleware(guard));
    },
  };
}
