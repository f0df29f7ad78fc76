/**
 * Part 3: stream replay. Recorded chat-completion streams are fed to contracts/client's stream
 * reader (readChatStream, as runChat uses it) split in two at every byte offset (a sample of
 * offsets for the 10 MB one, whose every split costs a 10 MB parse), and once a byte at a time
 * for the small ones. Each split must give the same text, refusal, usage, finish reason and
 * outcome (ok, or the same error kind) as the stream read whole, and that must be what the
 * recording means; a throw other than the reader's own EndpointFailure is a crash.
 */
import { EndpointFailure } from "../../contracts/client/errors.ts";
import { emptyStreamState, readChatStream } from "../../contracts/client/stream.ts";
import { since, type PartOptions, type Row } from "./figures.ts";

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const usage = (p: number, c: number) =>
  `data: ${JSON.stringify({ id: "c1", choices: [], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } })}\n\n`;
const DONE = "data: [DONE]\n\n";
const words = (text: string) => text.split(/(?<= )/).map((w) => chunk({ content: w }));

interface Expected {
  content: string;
  outcome: string;
  usage?: number;
  finish?: string | null;
}

interface Recording {
  name: string;
  body: string;
  expected: Expected;
  /** Offsets tried: every one, or this many spread over the body. */
  sample?: number;
}

const JSON_ANSWER = JSON.stringify({ category: "billing", priority: "high", summary: "Refund “requested” — ½ paid" });
const MULTI = "héllo wörld — 世界 🎉👩‍👩‍👧 ok";

function recordings(quick: boolean): Recording[] {
  const big = "x".repeat(10 * 1024 * 1024 - 3) + "é🎉";
  return [
    {
      name: "text",
      body: chunk({ role: "assistant", content: "" }) + words("The answer is forty two. ").join("") + chunk({}, "stop") + DONE,
      expected: { content: "The answer is forty two. ", outcome: "ok", finish: "stop" },
    },
    {
      name: "JSON",
      body:
        JSON_ANSWER.match(/.{1,7}/gsu)!
          .map((p) => chunk({ content: p }))
          .join("") +
        chunk({}, "stop") +
        DONE,
      expected: { content: JSON_ANSWER, outcome: "ok", finish: "stop" },
    },
    {
      name: "usage chunk",
      body: words("Short answer. ").join("") + chunk({}, "stop") + usage(12, 3) + DONE,
      expected: { content: "Short answer. ", outcome: "ok", usage: 15, finish: "stop" },
    },
    {
      name: "keep-alive comments",
      body:
        ": ping\n\n" +
        words("Kept alive ")
          .map((c) => `: keep-alive\n\n${c}`)
          .join("") +
        ":\n\n" +
        chunk({}, "stop") +
        ": OPENROUTER PROCESSING\n\n" +
        DONE,
      expected: { content: "Kept alive ", outcome: "ok", finish: "stop" },
    },
    {
      name: "\\r\\n lines",
      body: (words("Windows line ends ").join("") + chunk({}, "stop") + usage(5, 3) + DONE).replace(/\n/g, "\r\n"),
      expected: { content: "Windows line ends ", outcome: "ok", usage: 8, finish: "stop" },
    },
    {
      name: "multi-byte characters",
      body: [...MULTI].map((ch) => chunk({ content: ch })).join("") + chunk({}, "stop") + DONE,
      expected: { content: MULTI, outcome: "ok", finish: "stop" },
    },
    {
      name: "error event mid-stream",
      body:
        words("Half an ").join("") +
        `data: ${JSON.stringify({ error: { code: 500, message: "model crashed", type: "server_error" } })}\n\n` +
        words("never shown").join(""),
      expected: { content: "Half an ", outcome: "server" },
    },
    {
      name: "missing [DONE] after finish",
      body: words("Ends without done. ").join("") + chunk({}, "stop"),
      expected: { content: "Ends without done. ", outcome: "ok", finish: "stop" },
    },
    { name: "missing [DONE], no finish (cut)", body: words("Cut in the ").join(""), expected: { content: "Cut in the ", outcome: "stream_cut" } },
    {
      name: "refusal",
      body: chunk({ refusal: "I can't help with that." }) + chunk({}, "stop") + DONE,
      expected: { content: "", outcome: "ok", finish: "stop" },
    },
    {
      name: "HTML 200",
      body: '<!doctype html>\n<html><head><title>Open WebUI</title></head>\n<body><div id="app"></div>\n<script src="/app.js"></script></body></html>\n',
      expected: { content: "", outcome: "malformed_stream" },
    },
    {
      name: "10 MB chunk",
      body: chunk({ content: big }) + chunk({}, "stop") + DONE,
      expected: { content: big, outcome: "ok", finish: "stop" },
      sample: quick ? 4 : 40,
    },
  ];
}

interface Read {
  content: string;
  refusal: string;
  usage: number | null;
  finish: string | null;
  outcome: string;
}

async function readSplit(bytes: Uint8Array, cuts: number[]): Promise<Read> {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    parts.push(bytes.subarray(from, c));
    from = c;
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(p);
      controller.close();
    },
  });
  const state = emptyStreamState();
  let outcome = "ok";
  try {
    await readChatStream(
      body,
      state,
      () => {},
      () => {},
    );
  } catch (e) {
    if (!(e instanceof EndpointFailure)) throw e;
    outcome = e.error.kind;
  }
  return { content: state.content, refusal: state.refusal, usage: state.usage?.totalTokens ?? null, finish: state.finishReason, outcome };
}

const same = (a: Read, b: Read) =>
  a.content === b.content && a.refusal === b.refusal && a.usage === b.usage && a.finish === b.finish && a.outcome === b.outcome;
const show = (r: Read) => JSON.stringify({ ...r, content: r.content.length > 60 ? `${r.content.slice(0, 60)}… (${r.content.length})` : r.content });

export async function runStreams({ quick }: PartOptions): Promise<Row[]> {
  const t0 = performance.now();
  const encoder = new TextEncoder();
  let reads = 0;
  let failures = 0;
  const samples: string[] = [];
  const names: string[] = [];
  for (const rec of recordings(quick)) {
    const bytes = encoder.encode(rec.body);
    const fail = (what: string) => {
      failures++;
      if (samples.length < 6) samples.push(`${rec.name}: ${what}`);
    };
    let whole: Read;
    try {
      whole = await readSplit(bytes, []);
    } catch (e) {
      fail(`crash reading whole: ${String(e)}`);
      continue;
    }
    reads++;
    const ex = rec.expected;
    if (
      whole.content !== ex.content ||
      whole.outcome !== ex.outcome ||
      (ex.usage !== undefined && whole.usage !== ex.usage) ||
      (ex.finish !== undefined && whole.finish !== ex.finish)
    )
      fail(`read whole gives ${show(whole)}, expected ${JSON.stringify({ ...ex, content: ex.content.slice(0, 60) })}`);
    const offsets = rec.sample
      ? Array.from({ length: rec.sample }, (_, i) => Math.round(((i + 0.5) * bytes.length) / rec.sample!))
      : Array.from({ length: bytes.length + 1 }, (_, i) => i);
    const splits = offsets.map((o) => [o]);
    // A byte at a time, too, where that is cheap.
    if (!rec.sample) splits.push(Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
    for (const cuts of splits) {
      reads++;
      try {
        const got = await readSplit(bytes, cuts);
        if (!same(got, whole)) fail(`split at ${cuts.length > 1 ? "every byte" : cuts[0]}: ${show(got)} vs whole ${show(whole)}`);
      } catch (e) {
        fail(`crash at split ${cuts.length > 1 ? "every byte" : cuts[0]}: ${String(e)}`);
      }
    }
    names.push(rec.name);
  }
  return [
    {
      part: "3 stream replay",
      tried: `${names.length} recordings (${names.join(", ")}), split at every byte offset (10 MB: a sample)`,
      count: reads,
      failures,
      figure: `${reads - failures} reads identical to the whole stream and to the recording's meaning, 0 crashes`.replace(
        ", 0 crashes",
        failures ? "" : ", 0 crashes",
      ),
      ms: since(t0),
      samples,
    },
  ];
}
