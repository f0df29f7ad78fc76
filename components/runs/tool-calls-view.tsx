/**
 * The tool calls of a run (issue 11 item 1), shown as they stream: each call's tool name and
 * its arguments, pretty-printed once they parse as JSON and shown as the raw text so far while
 * they do not. Everything is rendered as text (React escapes it), never as HTML: the arguments
 * are model output.
 */
import type { ToolCall } from "../../contracts/client/tool-calls.ts";

function prettyArguments(text: string): { text: string; parsed: boolean } {
  if (!text.trim()) return { text: "{}", parsed: true };
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), parsed: true };
  } catch {
    return { text, parsed: false };
  }
}

export function ToolCallsView({ calls, streaming }: { calls: readonly ToolCall[]; streaming: boolean }) {
  if (!calls.length) return null;
  return (
    <section aria-label="Tool calls" className="space-y-1.5">
      <h3 className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">
        {calls.length === 1 ? "1 tool call" : `${calls.length} tool calls`}
        {streaming ? " (streaming…)" : ""}
      </h3>
      <ol className="space-y-1.5">
        {calls.map((c, i) => {
          const args = prettyArguments(c.arguments);
          return (
            <li
              key={i}
              aria-label={`Tool call ${c.name || i + 1}`}
              className="rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-800/60"
            >
              <p className="text-sm">
                <span className="font-mono font-semibold">{c.name || "…"}</span>
                {c.id && <span className="ml-2 font-mono text-[11px] text-zinc-500">{c.id}</span>}
                {!args.parsed && (
                  <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">{streaming ? "arguments arriving…" : "arguments are not valid JSON"}</span>
                )}
              </p>
              <pre aria-label={`Arguments of ${c.name || `call ${i + 1}`}`} className="mt-1 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs">
                {args.text}
              </pre>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
