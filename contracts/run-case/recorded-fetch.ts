/**
 * Tests only: a fetch that answers every call with a recorded SSE body (split into small
 * pieces, as a network delivers it) and remembers what it was sent. Lets the app's and the
 * CLI's run paths be fed the same bytes without a server.
 */
import type { FetchLike } from "../client/run.ts";

export interface RecordedFetch {
  fetch: FetchLike;
  /** The JSON bodies received, in order. */
  sent: unknown[];
}

export function recordedFetch(sse: string, { pieceBytes = 17, status = 200 } = {}): RecordedFetch {
  const sent: unknown[] = [];
  const bytes = new TextEncoder().encode(sse);
  const fetch: FetchLike = async (_url, init) => {
    sent.push(JSON.parse(String(init.body)));
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + pieceBytes));
        at += pieceBytes;
      },
    });
    return new Response(body, { status, headers: { "content-type": "text/event-stream" } });
  };
  return { fetch, sent };
}

/** A clock that advances by `stepMs` at every reading: deterministic timings. */
export function steppingClock(startMs = 0, stepMs = 5): () => number {
  let t = startMs - stepMs;
  return () => (t += stepMs);
}
