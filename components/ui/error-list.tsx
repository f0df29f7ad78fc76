/** A list of contract errors as `path: sentence` lines: how every refused file or link explains itself. */
import type { ContractError } from "../../contracts/index.ts";

export function ErrorList({ label, errors }: { label: string; errors: readonly ContractError[] }) {
  return (
    <ul aria-label={label} className="space-y-1 font-mono text-[12px] text-red-700 dark:text-red-300">
      {errors.map((e, i) => (
        <li key={i}>
          {e.path}: {e.message}
        </li>
      ))}
    </ul>
  );
}
