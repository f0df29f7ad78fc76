/**
 * The command line's fetch: node:http(s) with a keep-alive agent, answering with a plain
 * Response (status, headers, a byte stream), instead of Node's global fetch (undici).
 *
 * Why: `contract test` sends thousands of small requests, and undici's fetch costs about
 * 0.5 ms of CPU per request on this kind of machine (request and response objects, WebIDL
 * checks, a DOMException per cancelled body), against about 0.13 ms for node:http. At 10,000
 * cases with 20 ms answers and 64 in flight that was the difference between keeping up with
 * the endpoint and taking twice the ideal time (bench/suite.ts).
 *
 * It does only what runChat and the cache ask of a fetch: POST/GET a string body, the signal
 * (abort destroys the request), and a failure shaped like undici's (`TypeError("fetch
 * failed")` with the socket error as its `cause`), so errors.ts explains it the same way.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { FetchLike } from "../client/run.ts";

function failed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

/** The response's bytes as a web stream, read as runChat reads any body. */
function bodyStream(res: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      res.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      res.once("end", () => controller.close());
      // A socket destroyed mid-answer (the server cut the stream, or our abort).
      res.once("error", (e) => controller.error(e));
      res.once("aborted", () => controller.error(new Error("the connection closed before the answer ended")));
    },
    cancel() {
      // We stopped reading (after [DONE], or malformed data): what is left is not wanted.
      if (!res.complete) res.destroy();
      else res.resume();
    },
  });
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

/** A fetch over node:http(s); one keep-alive agent per protocol, shared by every request of the process. */
export function nodeHttpFetch(): FetchLike {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(input);
      } catch (e) {
        return reject(failed(e));
      }
      const secure = url.protocol === "https:";
      if (!secure && url.protocol !== "http:") return reject(failed(new Error(`unsupported protocol ${url.protocol}`)));
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const headers: Record<string, string> = {};
      const given = init.headers;
      if (given instanceof Headers) given.forEach((v, k) => (headers[k] = v));
      else if (Array.isArray(given)) for (const [k, v] of given) headers[k!] = v!;
      else if (given) Object.assign(headers, given);
      const body = typeof init.body === "string" ? init.body : undefined;
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const req = (secure ? httpsRequest : httpRequest)(url, { method: init.method ?? "GET", headers, agent: secure ? agents.https : agents.http });
      const onAbort = () => req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      let answered = false;
      req.once("response", (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        // new Response() refuses a body on these statuses.
        const noBody = status === 204 || status === 205 || status === 304;
        if (noBody) res.resume();
        res.once("close", () => signal?.removeEventListener("abort", onAbort));
        resolve(new Response(noBody ? null : bodyStream(res), { status, statusText: res.statusMessage ?? "", headers: responseHeaders(res) }));
      });
      req.once("error", (e) => {
        signal?.removeEventListener("abort", onAbort);
        if (!answered) reject(signal?.aborted ? signal.reason : failed(e));
      });
      req.end(body);
    });
}
