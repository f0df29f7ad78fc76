/**
 * The command line's fetch: node:http(s) with a keep-alive agent, answering with a small
 * Response look-alike (status, headers, a byte stream, text()), instead of Node's global fetch
 * (undici).
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

/**
 * The response headers, read-only, with the Headers methods callers use (get, has, forEach,
 * iteration, so it is also a valid HeadersInit). Not the global Headers: that and Response
 * live in undici, whose loading alone costs about 12 MB of memory and tens of milliseconds.
 */
class ResponseHeaders {
  private readonly map = new Map<string, string>();
  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const prev = this.map.get(name);
      this.map.set(name, prev === undefined ? raw[i + 1]! : `${prev}, ${raw[i + 1]!}`);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  forEach(f: (value: string, name: string) => void): void {
    this.map.forEach(f);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** What runChat and the cache read of a Response: status, headers, the body as a stream or as text. */
class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly body: ReadableStream<Uint8Array> | null;
  constructor(res: IncomingMessage, withBody: boolean) {
    this.status = res.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = res.statusMessage ?? "";
    this.headers = new ResponseHeaders(res.rawHeaders);
    this.body = withBody ? bodyStream(res) : null;
  }
  async text(): Promise<string> {
    if (!this.body) return "";
    const decoder = new TextDecoder();
    const reader = this.body.getReader();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
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
      // Not `instanceof Headers`: touching the global Headers loads undici.
      if (Array.isArray(given)) for (const [k, v] of given) headers[k!] = v!;
      else if (given && typeof (given as Headers).forEach === "function") (given as Headers).forEach((v, k) => (headers[k] = v));
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
        // As fetch: these statuses have no body.
        const noBody = status === 204 || status === 205 || status === 304 || init.method === "HEAD";
        if (noBody) res.resume();
        res.once("close", () => signal?.removeEventListener("abort", onAbort));
        resolve(new NodeResponse(res, !noBody) as unknown as Response);
      });
      req.once("error", (e) => {
        signal?.removeEventListener("abort", onAbort);
        if (!answered) reject(signal?.aborted ? signal.reason : failed(e));
      });
      req.end(body);
    });
}
