/**
 * One message of the request, its text split into spans linked to the contract fields that
 * produced them. The text is untrusted data: it is rendered as text, never as HTML.
 */
import { memo, useMemo } from "react";
import type { ChatMessage, SourceSpan } from "../../contracts/index.ts";
import { TokenBadge } from "../ui/field.tsx";
import { segmentMessage, spanMatches } from "./segments.ts";

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
  const segments = useMemo(() => segmentMessage(message.content.length, spans), [message.content, spans]);
  return (
    <article aria-label={`${message.role} message`} className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <header className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-2 py-1 dark:border-zinc-800 dark:bg-zinc-900">
        <span className="font-mono text-xs font-semibold uppercase text-indigo-700 dark:text-indigo-300">{message.role}</span>
        <span className="text-[11px] text-zinc-400">messages[{index}]</span>
        <span className="ml-auto">
          <TokenBadge count={tokens} />
        </span>
      </header>
      <pre
        className="max-h-[60vh] overflow-auto whitespace-pre-wrap break-words p-2 font-mono text-[12px] leading-relaxed text-zinc-800 dark:text-zinc-200"
        onMouseLeave={() => onHoverField(null)}
      >
        {segments.map((s, i) => {
          const text = message.content.slice(s.start, s.end);
          if (!s.field) return <span key={i}>{text}</span>;
          return <Span key={i} text={text} field={s.field} active={!!highlight && spanMatches(highlight, s.field)} onHoverField={onHoverField} onSelectField={onSelectField} />;
        })}
      </pre>
    </article>
  );
});

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
