/**
 * The assembled request, beside the editor: messages with linked spans, the other body fields,
 * the exact bytes, token counts (per message, per section, total) and the issues.
 */
import { useMemo, useState } from "react";
import type { AssembleResult, SourceSpan, TokenEncoding } from "../../contracts/index.ts";
import { TOKEN_ENCODINGS } from "../../contracts/index.ts";
import { TokenBadge, inputClass } from "../ui/field.tsx";
import type { FieldIssue } from "../ui/issues.ts";
import { IssuesList } from "./issues-list.tsx";
import { MessageView, type SpanLinkProps } from "./message-view.tsx";

const NO_SPANS: readonly SourceSpan[] = [];

/**
 * The prompt count to show instead of the local tokenizer's total, and what it is: the
 * server's exact count ("exact"), its count of the body before the latest edit ("updating"),
 * a local count for a model that is not OpenAI's ("estimate"), or OpenAI's own ("openai").
 */
export interface PromptCountView {
  tokens: number;
  basis: "exact" | "updating" | "estimate" | "openai";
  /** One sentence on where the count comes from (the label's title). */
  note: string;
}

const BASIS_LABEL: Record<PromptCountView["basis"], string | null> = {
  exact: "exact, from the server",
  updating: "from the server, updating…",
  estimate: "estimate",
  openai: null,
};

export interface PreviewPaneProps extends SpanLinkProps {
  result: AssembleResult | null;
  issues: readonly FieldIssue[];
  failure: string | null;
  encoding: TokenEncoding;
  onEncodingChange: (e: TokenEncoding) => void;
  busy: boolean;
  hasContract: boolean;
  /** Absent: the local tokenizer's total, unlabelled. */
  promptCount?: PromptCountView | null;
}

function sectionLabel(key: string): string {
  return key.startsWith("context.items") ? key.replace("context.items", "item ") : key;
}

export function PreviewPane({
  result,
  issues,
  failure,
  encoding,
  onEncodingChange,
  busy,
  hasContract,
  promptCount,
  highlight,
  onHoverField,
  onSelectField,
}: PreviewPaneProps) {
  const [view, setView] = useState<"messages" | "raw">("messages");
  const spansByMessage = useMemo(() => {
    const map = new Map<number, SourceSpan[]>();
    for (const s of result?.spans ?? []) {
      const list = map.get(s.message);
      if (list) list.push(s);
      else map.set(s.message, [s]);
    }
    return map;
  }, [result?.spans]);

  if (!hasContract) return <p className="p-4 text-sm text-zinc-500">Select or create a contract to see the request it assembles.</p>;
  if (!result) return <p className="p-4 text-sm text-zinc-500">{failure ? `Assembly failed: ${failure}` : "Assembling the request…"}</p>;

  const { request, tokens } = result;
  const { messages, response_format, tools, ...params } = request;
  const sections = tokens ? Object.entries(tokens.sections).filter(([k, n]) => n > 0 || !k.startsWith("context.items")) : [];

  return (
    <div className="space-y-3 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Preview view" className="inline-flex rounded-md border border-zinc-300 p-0.5 text-xs dark:border-zinc-600">
          {(["messages", "raw"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`rounded px-2 py-0.5 ${view === v ? "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {v === "messages" ? "Messages" : "Raw body"}
            </button>
          ))}
        </div>
        <label className="ml-auto flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Encoding
          <select className={`${inputClass} w-auto py-0.5 text-xs`} value={encoding} onChange={(e) => onEncodingChange(e.target.value as TokenEncoding)}>
            {TOKEN_ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <span data-testid="preview-total-tokens" className="font-mono text-xs font-semibold tabular-nums" aria-live="polite">
          {promptCount ? `${promptCount.tokens.toLocaleString("en-US")} tokens` : tokens ? `${tokens.total.toLocaleString("en-US")} tokens` : "counting…"}
          {promptCount && BASIS_LABEL[promptCount.basis] && (
            <span
              title={promptCount.note}
              data-count-basis={promptCount.basis}
              className={`ml-1 rounded px-1 font-sans text-[11px] font-normal ${promptCount.basis === "exact" ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"}`}
            >
              {BASIS_LABEL[promptCount.basis]}
            </span>
          )}
          {busy && <span className="ml-1 text-zinc-400">·</span>}
        </span>
      </div>

      {failure && <p className="rounded bg-red-50 p-2 text-xs text-red-700 dark:bg-red-950/40 dark:text-red-300">Assembly failed: {failure}</p>}
      <IssuesList issues={issues} onSelectField={onSelectField} />

      {view === "messages" ? (
        <div className="space-y-3">
          {messages.map((m, i) => (
            <MessageView
              key={i}
              index={i}
              message={m}
              spans={spansByMessage.get(i) ?? NO_SPANS}
              tokens={tokens?.messages[i] ?? null}
              highlight={highlight}
              onHoverField={onHoverField}
              onSelectField={onSelectField}
            />
          ))}
          {tools && (
            <section aria-label="tools" className="rounded-md border border-zinc-200 dark:border-zinc-800">
              <h3 className="border-b border-zinc-200 bg-zinc-50 px-2 py-1 font-mono text-xs font-semibold dark:border-zinc-800 dark:bg-zinc-900">
                tools ({tools.length})
              </h3>
              <pre
                data-field="tools"
                onClick={() => onSelectField("tools")}
                className="max-h-64 cursor-pointer overflow-auto p-2 font-mono text-[12px] text-zinc-800 dark:text-zinc-200"
              >
                {JSON.stringify(tools, null, 2)}
              </pre>
            </section>
          )}
          {response_format && (
            <section aria-label="response_format" className="rounded-md border border-zinc-200 dark:border-zinc-800">
              <h3 className="border-b border-zinc-200 bg-zinc-50 px-2 py-1 font-mono text-xs font-semibold dark:border-zinc-800 dark:bg-zinc-900">
                response_format
              </h3>
              <pre
                data-field="output"
                onClick={() => onSelectField("output.schema")}
                className="max-h-64 cursor-pointer overflow-auto p-2 font-mono text-[12px] text-zinc-800 dark:text-zinc-200"
              >
                {JSON.stringify(response_format, null, 2)}
              </pre>
            </section>
          )}
          <section aria-label="Model parameters" className="rounded-md border border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
            <h3 className="mb-1 font-mono text-xs font-semibold">Parameters</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-[12px]">
              {Object.entries(params).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-zinc-500">{k}</dt>
                  <dd>{JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      ) : (
        <section aria-label="Raw body">
          <p className="mb-1 text-xs text-zinc-500">The exact bytes sent ({new Blob([result.body]).size.toLocaleString("en-US")} bytes).</p>
          <pre
            data-testid="raw-body"
            className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-all rounded-md border border-zinc-200 p-2 font-mono text-[12px] dark:border-zinc-800"
          >
            {result.body}
          </pre>
        </section>
      )}

      {tokens && (
        <section aria-label="Token counts" className="rounded-md border border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">
            Tokens by section ({tokens.encoding}
            {promptCount && promptCount.basis !== "openai" ? ", estimate" : ""})
          </h3>
          <ul className="space-y-0.5 text-xs">
            {sections.map(([key, n]) => (
              <li
                key={key}
                data-field={key}
                className="flex cursor-pointer items-center gap-2 rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onMouseEnter={() => onHoverField(key)}
                onMouseLeave={() => onHoverField(null)}
                onClick={() => onSelectField(key)}
              >
                <span className="w-28 truncate font-mono">{sectionLabel(key)}</span>
                <span className="h-1.5 flex-1 rounded bg-zinc-100 dark:bg-zinc-800">
                  <span className="block h-full rounded bg-indigo-500" style={{ width: `${Math.min(100, (n / Math.max(1, tokens.total)) * 100)}%` }} />
                </span>
                <TokenBadge count={n} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
