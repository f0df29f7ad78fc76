/** The breaking-change verdict: its level, the next version it suggests, and the reason for each level. */
import { nextVersion, type ChangeLevel, type Verdict, type VerdictLevel } from "../../contracts/index.ts";

export const LEVEL_STYLE: Record<VerdictLevel, string> = {
  major: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  minor: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  patch: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  none: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

const LEVEL_MEANS: Record<ChangeLevel, string> = {
  major: "breaks code that reads the output or fills the variables",
  minor: "changes behaviour compatibly",
  patch: "wording only",
};

export function LevelBadge({ level }: { level: VerdictLevel }) {
  return <span className={`rounded px-1.5 py-px font-mono text-[11px] font-semibold uppercase ${LEVEL_STYLE[level]}`}>{level}</span>;
}

export function VerdictView({ verdict, from }: { verdict: Verdict; from?: string }) {
  const levels = (["major", "minor", "patch"] as const).filter((l) => verdict.reasons.some((r) => r.level === l));
  const next = from && /^\d/.test(from) ? nextVersion(verdict.level, from) : null;
  return (
    <div role="group" aria-label="Verdict" className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Verdict:</span>
        <LevelBadge level={verdict.level} />
        {verdict.level === "none" ? (
          <span className="text-zinc-500">no changes</span>
        ) : (
          next && (
            <span>
              suggested next version <strong className="font-mono">{next}</strong>
            </span>
          )
        )}
      </p>
      {levels.map((level) => (
        <div key={level}>
          <p className="text-xs text-zinc-500">
            <LevelBadge level={level} /> {LEVEL_MEANS[level]}, because:
          </p>
          <ul aria-label={`${level} reasons`} className="ml-4 mt-0.5 list-disc space-y-0.5">
            {verdict.reasons
              .filter((r) => r.level === level)
              .map((r, i) => (
                <li key={i}>{r.sentence}</li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
