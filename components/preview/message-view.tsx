/**
 * One message of the request, its text split into spans linked to the contract fields that
 * produced them. The text is untrusted data: it is rendered as text, never as HTML.
 */
import { memo, useMemo } from "react";
import type { ChatMessage, SourceSpan } from "../../contracts/index.ts";
import { TokenBadge } from "../ui/field.tsx";
import { chunkSegments, segmentMessage, spanMatches, type Segment } from "./segments.ts";

export interface SpanLinkProps {
  highlight: string | null;
  onHoverField: (path: string | null) => void;
  onSelectField: (path: string) => void;
}

export const MessageView = memo(function MessageView({
  message,
  index,
  spans,
  tokens,
  highlight,
  onHoverField,
  onSelectField,
}: { message: ChatMessage; index: number; spans: readonly SourceSpan[]; tokens: number | null } & SpanLinkProps) {
  const chunks = useMemo(() => chunkSegments(message.content, segmentMessage(message.content.length, spans)), [message.content, spans]);
  return (
    <article aria-label={`${message.role} message`} className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <header className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-2 py-1 dark:border-zinc-800 dark:bg-zinc-900">
        <span className="font-mono text-xs font-semibold uppercase text-indigo-700 dark:text-indigo-300">{message.role}</span>
        <span className="text-[11px] text-zinc-400">messages[{index}]</span>
        <span className="ml-auto">
          <TokenBadge count={tokens} />
        </span>
      </header>
      <div
        className="max-h-[60vh] overflow-auto whitespace-pre-wrap break-words p-2 font-mono text-[12px] leading-relaxed text-zinc-800 dark:text-zinc-200"
        onMouseLeave={() => onHoverField(null)}
      >
        {chunks.map((c, i) => (
          <ChunkView
            // By position, not offset: an insertion early in the message must not remount every later block.
            key={i}
            text={message.content.slice(c.start, c.end)}
            offset={c.start}
            segments={c.segments}
            highlight={highlight}
            onHoverField={onHoverField}
            onSelectField={onSelectField}
          />
        ))}
      </div>
    </article>
  );
});

/** The fields of a chunk's segments and their lengths: equal signatures render the same spans. */
const signature = (segments: readonly Segment[], highlight: string | null) =>
  segments.map((s) => `${s.end - s.start}:${s.field ?? ""}:${highlight && s.field && spanMatches(highlight, s.field) ? 1 : 0}`).join("|");

interface ChunkProps extends SpanLinkProps {
  text: string;
  offset: number;
  segments: Segment[];
}

/**
 * One block of a message. Skipped when its text and spans are unchanged (most of a large
 * message, at each keystroke), and off screen the browser skips its layout
 * (content-visibility), so typing stays fluid with a megabyte of context.
 */
const ChunkView = memo(
  function ChunkView({ text, offset, segments, highlight, onHoverField, onSelectField }: ChunkProps) {
    return (
      <div className="[content-visibility:auto] [contain-intrinsic-size:auto_4rem]">
        {segments.map((s) => {
          const part = text.slice(s.start - offset, s.end - offset);
          if (!s.field) return <span key={s.start}>{part}</span>;
          return (
            <Span
              key={s.start}
              text={part}
              field={s.field}
              active={!!highlight && spanMatches(highlight, s.field)}
              onHoverField={onHoverField}
              onSelectField={onSelectField}
            />
          );
        })}
      </div>
    );
  },
  (a, b) =>
    a.text === b.text &&
    a.onHoverField === b.onHoverField &&
    a.onSelectField === b.onSelectField &&
    (a.segments === b.segments || signature(a.segments, a.highlight) === signature(b.segments, b.highlight)),
);

const Span = memo(function Span({
  text,
  field,
  active,
  onHoverField,
  onSelectField,
}: {
  text: string;
  field: string;
  active: boolean;
  onHoverField: (path: string | null) => void;
  onSelectField: (path: string) => void;
}) {
  return (
    <span
      data-field={field}
      title={field}
      onMouseEnter={() => onHoverField(field)}
      onClick={() => onSelectField(field)}
      className={`cursor-pointer rounded-sm ${active ? "bg-amber-200/80 text-zinc-950 dark:bg-amber-500/40 dark:text-white" : "hover:bg-indigo-100 dark:hover:bg-indigo-900/50"}`}
    >
      {text}
    </span>
  );
});
