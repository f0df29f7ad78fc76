/**
 * A rubric's grader prompt as it is (or will be) sent: the system and user messages
 * contracts/eval/assertions/rubric.ts graderRequest builds, and the JSON the grader must answer
 * (parsed with GradeSchema). The cell detail shows it with the real task and answer; the case
 * form with placeholders, before anything ran.
 */
import { graderRequest, NOT_GRADED } from "../../contracts/eval/assertions/rubric.ts";
import { formatUsd } from "../../contracts/format-figures.ts";

export function GraderPrompt({
  rubric,
  task,
  answer,
  model,
  label = "Grader prompt",
}: {
  rubric: string;
  task: string;
  answer: string;
  model: string;
  label?: string;
}) {
  const request = graderRequest({ rubric, task, answer, model });
  return (
    <details className="mt-0.5">
      <summary className="cursor-pointer text-xs text-indigo-700 dark:text-indigo-300">{label}</summary>
      <div role="group" aria-label={label} className="mt-1 space-y-1">
        {request.messages.map((m, i) => (
          <div key={i}>
            <p className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{m.role}</p>
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-zinc-50 p-1.5 font-mono text-[11px] text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
              {m.content}
            </pre>
          </div>
        ))}
        <p className="text-[11px] text-zinc-500">
          The grader must answer JSON {"{"}"score": 0 to 1, "reason": "…"{"}"}; anything else fails the check, saying why.
          {model ? ` Model: ${model}.` : ""}
        </p>
      </div>
    </details>
  );
}

/** Whether an outcome's reason is the rubric's "not graded" (no grader was picked). */
export const notGraded = (reason: string) => reason === NOT_GRADED || reason.startsWith("not graded");

/** A rubric outcome in a cell's result: "not graded" said plainly, else its grader prompt with the real task and answer. */
export function RubricOutcome({
  params,
  reason,
  costUsd,
  request,
  answer,
  grader,
}: {
  params: Record<string, unknown> | undefined;
  reason: string;
  costUsd: number | null | undefined;
  request: { messages: readonly { role: string; content: string }[] } | undefined;
  answer: string;
  /** The suite's grader ("Test server", "test-grader"); null when it had none. */
  grader: { name: string; model: string } | null;
}) {
  const rubric = typeof params?.rubric === "string" ? params.rubric : "";
  if (notGraded(reason))
    return (
      <span className="ml-1 rounded bg-amber-100 px-1 text-[11px] font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
        not graded: no grader was picked in the suite setup
      </span>
    );
  const task = request?.messages.find((m) => m.role === "user")?.content ?? "";
  return (
    <span className="block text-xs text-zinc-600 dark:text-zinc-400">
      {grader && `Graded by ${grader.model || "the default model"} on ${grader.name}`}
      {typeof costUsd === "number" && costUsd > 0 && ` · grading cost ${formatUsd(costUsd)}`}
      {rubric && <GraderPrompt rubric={rubric} task={task} answer={answer} model={grader?.model ?? ""} />}
    </span>
  );
}
