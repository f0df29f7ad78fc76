/**
 * The same-origin proxy: `/api/proxy/<path>` on the app's own server (vite dev and vite preview)
 * forwards to `<x-contract-studio-target><path>`, for endpoints that refuse browser origins.
 * The target comes from the header the app sets from the profile's base URL; only http(s)
 * targets are accepted and a path may not climb out of it (`..`). Requests from other origins
 * are refused, so a web page elsewhere cannot use this as an open relay from localhost.
 * Responses are piped as they arrive (SSE must not be buffered). Keys and bodies are never logged.
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Plugin } from "vite";

export const PROXY_MOUNT = "/api/proxy";
export const TARGET_HEADER = "x-contract-studio-target";

// Not forwarded: hop-by-hop headers, the browser's identity (origin, referer, cookies: the app's
// cookies are not the endpoint's business, and an Origin makes servers like Ollama answer 403),
// and accept-encoding, so the answer comes back uncompressed and can be piped as is.
const DROP_REQUEST = new Set([
  "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
  "origin", "referer", "cookie", "accept-encoding", TARGET_HEADER,
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
  if (base.protocol !== "http:" && base.protocol !== "https:") return { ok: false, status: 400, message: "the proxy forwards only to http:// or https:// endpoints" };
  if (base.username || base.password) return { ok: false, status: 400, message: "the target URL must not carry credentials" };
  const [path = "", query] = pathAndQuery.split(/\?(.*)/s, 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { ok: false, status: 400, message: "the path is not validly encoded" };
  }
  if (decoded.split(/[/\\]/).some((seg) => seg === ".." || seg === ".")) return { ok: false, status: 400, message: "the path may not contain . or .. segments" };
  if (!path.startsWith("/")) return { ok: false, status: 400, message: "the path must start with /" };
  const url = new URL(base.href.replace(/\/+$/, "") + path + (query !== undefined ? `?${query}` : ""));
  // Belt and braces: the joined URL must stay under the base.
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname.replace(/\/+$/, ""))) return { ok: false, status: 400, message: "the path leaves the target" };
  return { ok: true, url };
}

function sendError(res: ServerResponse, status: number, message: string) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message: `proxy: ${message}`, type: "proxy_error" } }));
}

/** Same-origin check: a browser always sends Origin on POST; it must name this server. */
function fromOtherOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * Forwards one request. `pathAndQuery` is what follows the mount point, e.g. `/chat/completions`.
 * A plain function of node's req/res so it can be tested without Vite.
 */
export function forwardProxyRequest(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): void {
  if (fromOtherOrigin(req)) return sendError(res, 403, "requests from other origins are refused");
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
  upstream.on("error", (e: NodeJS.ErrnoException) => sendError(res, 502, `could not reach the endpoint (${e.code ?? e.message})`));
  // The browser stopped (Stop, or a timeout): stop the upstream generation too.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Connect-style middleware for a server that mounts it at PROXY_MOUNT (req.url is then the rest). */
export function proxyMiddleware(req: IncomingMessage, res: ServerResponse): void {
  forwardProxyRequest(req, res, req.url ?? "/");
}

/** The Vite plugin: the proxy in `npm run dev` and in `npm start` (vite preview) alike. */
export function contractStudioProxy(): Plugin {
  return {
    name: "contract-studio-proxy",
    configureServer(server) {
      server.middlewares.use(PROXY_MOUNT, proxyMiddleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(PROXY_MOUNT, proxyMiddleware);
    },
  };
}
