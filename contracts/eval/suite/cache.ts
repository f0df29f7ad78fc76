/**
 * The response cache sits at the fetch boundary: runCase assembles, sends and validates as it
 * always does, and the fetch it is given answers from the cache or records what the endpoint
 * sent. So the key is the exact bytes sent (URL and body, never the Authorization header), a
 * hit goes through the same stream parser and output check as a live answer, and a change to
 * anything in the request (one case's variables, the temperature) misses.
 *
 * Only whole successful answers are stored: the runner calls `commit` after the run, and only
 * for a run that ended "ok" with a 2xx response. Errors, cut streams and stopped runs are never
 * cached.
 */
import type { FetchLike } from "../../client/run.ts";
import { PROXY_TARGET_HEADER } from "../../client/profile.ts";
import type { RunResult } from "../../run-case/result.ts";
import { canonicalJson } from "../../versions/hash.ts";
import { sha256Hex } from "../../versions/sha256.ts";
import type { CachedResponse, ResponseCache } from "./types.ts";

/**
 * The cache key of a request: SHA-256 of the endpoint URL (the real one when proxied), the body
 * as sent, and the profile's extra headers when it has any (they can route to another model).
 * Never the Authorization header: a rotated key must not empty the cache, and a key must not
 * be recoverable from anything stored.
 */
export function requestKey(url: string, body: string, extraHeaders: Record<string, string> = {}): string {
  const headers = Object.keys(extraHeaders).length ? `\n${canonicalJson(extraHeaders)}` : "";
  return sha256Hex(`${url}\n${body}${headers}`);
}

/** The request's headers that go into the key: all but content-type, the key and the proxy's target. */
function keyedHeaders(init: RequestInit): Record<string, string> {
  const out: Record<string, string> = {};
  const h = init.headers;
  if (!h || h instanceof Headers || Array.isArray(h)) return out;
  for (const [k, v] of Object.entries(h as Record<string, string>)) {
    const name = k.toLowerCase();
    if (name !== "authorization" && name !== "content-type" && name !== PROXY_TARGET_HEADER) out[name] = v;
  }
  return out;
}

function headerOf(init: RequestInit, name: string): string | undefined {
  const h = init.headers;
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  if (Array.isArray(h)) return h.find((pair) => pair[0]?.toLowerCase() === name)?.[1];
  return (h as Record<string, string>)[name];
}

export interface CachingFetch {
  fetch: FetchLike;
  /** The cached response the run was served from, if any. */
  hit(): CachedResponse | null;
  /** Stores the answer of a run that ended ok (no-op otherwise); a grader's runChat outcome has the same fields. */
  commit(result: Pick<RunResult, "status" | "error" | "timings">, clock: () => number): Promise<void>;
}

/**
 * The key of one repeat of a request. Repeats send the same bytes, so with one key every repeat
 * after the first would be served the first one's answer and never disagree: pass^k, pass@k and
 * the flaky flag would measure the cache. Each repeat index has its own slot instead (repeat 0
 * keeps the plain key, so a suite without repeats and the CLI share it); a rerun still hits.
 */
export function repeatKey(key: string, repeat: number): string {
  return repeat > 0 ? sha256Hex(`${key}\nrepeat ${repeat}`) : key;
}

/** A fetch for one cell (repeat `repeat`): serves hits from `cache`, records misses (unless bypassed). */
export function cachingFetch(base: FetchLike, cache: ResponseCache | undefined, bypass: boolean, repeat = 0): CachingFetch {
  let served: CachedResponse | null = null;
  let recorded: { key: string; status: number; contentType: string; parts: Uint8Array[] } | null = null;
  const fetch: FetchLike = async (url, init) => {
    if (!cache) return base(url, init);
    const body = typeof init.body === "string" ? init.body : "";
    const key = repeatKey(requestKey(headerOf(init, PROXY_TARGET_HEADER) ?? url, body, keyedHeaders(init)), repeat);
    if (!bypass) {
      const hit = await cache.get(key);
      if (hit) {
        served = hit;
        return new Response(hit.body, { status: hit.status, headers: { "content-type": hit.contentType } });
      }
    }
    const res = await base(url, init);
    recorded = null;
    if (!res.ok || !res.body) return res;
    const rec = { key, status: res.status, contentType: res.headers.get("content-type") ?? "application/json", parts: [] as Uint8Array[] };
    recorded = rec;
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        rec.parts.push(chunk);
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(copy), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return {
    fetch,
    hit: () => served,
    async commit(result, clock) {
      if (!cache || served || !recorded || result.status !== "ok" || result.error) return;
      const decoder = new TextDecoder();
      let text = "";
      for (const p of recorded.parts) text += decoder.decode(p, { stream: true });
      text += decoder.decode();
      const { ttftMs, latencyMs, totalMs, outputTokensPerSec } = result.timings;
      await cache.put(recorded.key, {
        status: recorded.status,
        contentType: recorded.contentType,
        body: text,
        timings: { ttftMs, latencyMs, totalMs, outputTokensPerSec },
        storedAt: clock(),
      });
    },
  };
}

/** An in-memory cache (tests, one CLI process); the app's lives in IndexedDB, the CLI's in a folder. */
export function memoryCache(): ResponseCache & { readonly size: number } {
  const map = new Map<string, CachedResponse>();
  return {
    get: (key) => Promise.resolve(map.get(key)),
    put: (key, value) => {
      map.set(key, value);
      return Promise.resolve();
    },
    get size() {
      return map.size;
    },
  };
}
