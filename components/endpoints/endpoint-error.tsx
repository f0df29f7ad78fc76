/** An endpoint failure explained: title, what happened, what the endpoint said, what to do. */
import type { ReactNode } from "react";

export interface ExplainedError {
  title: string;
  explanation: string;
  advice: readonly string[];
  endpointMessage?: string;
}

export function EndpointErrorView({ error, children, tone = "error" }: { error: ExplainedError; children?: ReactNode; tone?: "error" | "neutral" }) {
  const box =
    tone === "error"
      ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
      : "border-zinc-300 bg-zinc-50 text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-100";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`space-y-1.5 rounded-md border px-3 py-2 text-sm ${box}`}>
      <p className="font-semibold">{error.title}</p>
      <p>{error.explanation}</p>
      {error.endpointMessage && !error.explanation.includes(error.endpointMessage) && (
        <p className="text-xs">
          The endpoint said: <q className="font-mono">{error.endpointMessage}</q>
        </p>
      )}
      {error.advice.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-xs">
          {error.advice.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
