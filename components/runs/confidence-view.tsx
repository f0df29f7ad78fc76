/**
 * Where the model guessed: the answer shaded by each token's probability (from the endpoint's
 * logprobs) and, for a JSON answer, each field's confidence (its least sure token). All the
 * arithmetic is in contracts/confidence; this only draws it. When the request asked for
 * logprobs and none came back, it says so instead of showing an empty section.
 */
import { useId, useMemo, useState } from "react";
import { fieldConfidences, formatProbability, leafFields, LOW_CONFIDENCE, shadedPieces } from "../../contracts/confidence/field-confidence.ts";
import { probability, type TokenLogprob } from "../../contracts/confidence/logprobs.ts";

export interface ConfidenceViewProps {
  text: string;
  /** undefined: not asked for; null: asked, none came back. */
  logprobs: readonly TokenLogprob[] | null | undefined;
  asked: boolean;
}

const THRESHOLDS = [0.9, 0.75, 0.5, 0.25, 0.1];

function shade(p: number, threshold: number): string {
  if (p >= threshold) return "";
  return p < threshold / 2.5 ? "bg-red-300/80 dark:bg-red-800/80" : "bg-amber-200/90 dark:bg-amber-700/70";
}

function tip(token: TokenLogprob | undefined, p: number): string {
  const alts = token?.top?.filter(([t]) => t !== token.t).slice(0, 4) ?? [];
  const more = alts.length ? `; alternatives: ${alts.map(([t, lp]) => `${JSON.stringify(t)} ${formatProbability(probability(lp))}`).join(", ")}` : "";
  return `${formatProbability(p)} sure${more}`;
}

function ShadedAnswer({ text, tokens, threshold }: { text: string; tokens: readonly TokenLogprob[]; threshold: number }) {
  const pieces = useMemo(() => shadedPieces(text, tokens), [text, tokens]);
  return (
    <pre
      aria-label="Answer shaded by confidence"
      className="max-h-[40vh] overflow-auto whitespace-pre-wrap break-words rounded border border-zinc-200 px-3 py-2 font-mono text-[13px] leading-relaxed dark:border-zinc-700"
    >
      {pieces.map((piece, i) =>
        piece.p !== null && piece.p < threshold ? (
          <mark key={i} className={`rounded-sm text-inherit ${shade(piece.p, threshold)}`} title={tip(tokens[piece.index!], piece.p)}>
            {piece.text}
          </mark>
        ) : (
          <span key={i} title={piece.p !== null ? tip(tokens[piece.index!], piece.p) : undefined}>
            {piece.text}
          </span>
        ),
      )}
    </pre>
  );
}

function FieldTable({ text, tokens, threshold }: { text: string; tokens: readonly TokenLogprob[]; threshold: number }) {
  const fields = useMemo(() => {
    const all = fieldConfidences(text, tokens);
    return all ? leafFields(all) : null;
  }, [text, tokens]);
  if (!fields) return null;
  if (!fields.length) return <p className="text-xs text-zinc-500">The JSON answer has no fields to rate.</p>;
  return (
    <table aria-label="Field confidence" className="w-full text-left text-xs">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-0.5 font-medium">Field</th>
          <th className="py-0.5 font-medium">Value</th>
          <th className="py-0.5 text-right font-medium">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const low = f.confidence !== null && f.confidence < threshold;
          const value = text.slice(f.start, f.end);
          return (
            <tr key={f.path} className={low ? "bg-amber-50 dark:bg-amber-950/40" : ""}>
              <td className="py-0.5 pr-2 font-mono">{f.path}</td>
              <td className="max-w-[16rem] truncate py-0.5 pr-2 font-mono" title={value}>
                {value}
              </td>
              <td className="py-0.5 text-right font-mono tabular-nums" title={f.weakest ? `least sure token: ${JSON.stringify(f.weakest.text)}` : undefined}>
                {f.confidence === null ? "—" : formatProbability(f.confidence)}
                {low && <span className="ml-1 font-sans font-semibold text-amber-800 dark:text-amber-300">low</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ConfidenceView({ text, logprobs, asked }: ConfidenceViewProps) {
  const [threshold, setThreshold] = useState(LOW_CONFIDENCE);
  const selectId = useId();
  if (!asked && logprobs === undefined) return null;
  if (!logprobs || !logprobs.length)
    return (
      <p
        role="note"
        aria-label="Confidence"
        className="rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300"
      >
        No confidence to show: the request asked for logprobs, but the endpoint returned none for this answer. OpenAI, vLLM and llama.cpp's server send them;
        other servers and some models do not.
      </p>
    );
  const low = logprobs.filter((t) => probability(t.lp) < threshold).length;
  return (
    <section aria-label="Confidence" className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-medium">Confidence</span>
        <span className="text-zinc-600 dark:text-zinc-400">
          {low === 0
            ? `every token at least ${formatProbability(threshold)} sure`
            : `${low} of ${logprobs.length} token${logprobs.length === 1 ? "" : "s"} below ${formatProbability(threshold)}`}
        </span>
        <label htmlFor={selectId} className="ml-auto text-zinc-500">
          Shade below
        </label>
        <select
          id={selectId}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-600 dark:bg-zinc-900"
        >
          {THRESHOLDS.map((t) => (
            <option key={t} value={t}>
              {formatProbability(t)}
            </option>
          ))}
        </select>
      </div>
      <FieldTable text={text} tokens={logprobs} threshold={threshold} />
      <ShadedAnswer text={text} tokens={logprobs} threshold={threshold} />
    </section>
  );
}
