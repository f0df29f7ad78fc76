/**
 * The answer. While it streams: plain text (cheap to grow once per frame). When done: JSON
 * outputs stay text (a model's JSON is data, shown as written); other answers are rendered as
 * sanitized Markdown that loads nothing (see markdown.ts), with the raw text one click away.
 */
import { memo, useMemo, useState } from "react";
import { renderMarkdownSafe } from "./markdown.ts";

const SEGMENT = 2048;

/**
 * Cuts a growing text into blocks of about SEGMENT characters (at a newline when there is one,
 * else at a space), so that while it streams only the last block changes: the finished blocks
 * keep their DOM and their layout, and a frame costs the same at token 50 as at token 5,000.
 */
export function segmentStream(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (text.length - start > SEGMENT) {
    const slice = text.slice(start, start + SEGMENT);
    let cut = slice.lastIndexOf("\n");
    if (cut < SEGMENT / 2) cut = slice.lastIndexOf(" ");
    if (cut < SEGMENT / 2) cut = SEGMENT - 1;
    out.push(text.slice(start, start + cut + 1));
    start += cut + 1;
  }
  out.push(text.slice(start));
  return out;
}

const Segment = memo(function Segment({ text }: { text: string }) {
  return <div>{text}</div>;
});

function StreamingText({ text }: { text: string }) {
  const segments = segmentStream(text);
  return (
    <div data-testid="answer-text" className="max-h-[50vh] overflow-auto whitespace-pre-wrap break-words px-3 py-2 font-mono text-[13px] leading-relaxed">
      {segments.map((s, i) => (
        <Segment key={i} text={s} />
      ))}
    </div>
  );
}

export function RunOutput({ text, streaming, kind }: { text: string; streaming: boolean; kind: "text" | "sections" | "json_schema" }) {
  const [raw, setRaw] = useState(false);
  const markdown = !streaming && kind !== "json_schema" && !raw;
  const html = useMemo(() => (markdown && text ? renderMarkdownSafe(text) : ""), [markdown, text]);
  return (
    <section aria-label="Answer" className="rounded-md border border-zinc-200 dark:border-zinc-700">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1 text-xs text-zinc-500 dark:border-zinc-700">
        <span className="font-medium">Answer</span>
        {streaming && <span aria-hidden className="inline-block h-2 w-2 animate-pulse rounded-full bg-indigo-500" />}
        {!streaming && kind !== "json_schema" && text && (
          <button type="button" className="ml-auto underline-offset-2 hover:underline" aria-pressed={raw} onClick={() => setRaw((r) => !r)}>
            {raw ? "Show rendered" : "Show raw text"}
          </button>
        )}
      </div>
      {!text ? (
        <p className="px-3 py-2 text-sm text-zinc-500">{streaming ? "Waiting for the first token…" : "No answer text."}</p>
      ) : streaming ? (
        <StreamingText text={text} />
      ) : markdown ? (
        <div
          data-testid="answer-markdown"
          className="answer-markdown max-w-none px-3 py-2 text-sm leading-relaxed [&_a]:text-indigo-700 [&_a]:underline [&_code]:font-mono [&_h1]:font-semibold [&_h2]:mt-2 [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1.5 [&_pre]:overflow-auto [&_pre]:bg-zinc-100 [&_pre]:p-2 [&_ul]:list-disc dark:[&_a]:text-indigo-300 dark:[&_pre]:bg-zinc-800"
          dangerouslySetInnerHTML={{ __html: html }}
        />
      ) : (
        <pre data-testid="answer-text" className="max-h-[50vh] overflow-auto whitespace-pre-wrap break-words px-3 py-2 font-mono text-[13px] leading-relaxed">
          {text}
        </pre>
      )}
    </section>
  );
}
