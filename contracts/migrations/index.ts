/**
 * Named, append-only migrations between contract formats. A file written in an older
 * format is carried forward step by step before it is validated. Never edit a shipped
 * migration: add a new one, with a fixture of the old file and a test.
 */
export interface Migration {
  name: string;
  from: string;
  to: string;
  up(file: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: readonly Migration[] = [];

/** Every format this build can read, oldest first. */
export function knownFormats(current: string): string[] {
  return [...new Set([...MIGRATIONS.map((m) => m.from), current])];
}

/** Applies migrations until the file is in `current`; returns null when no path exists. */
export function migrate(file: Record<string, unknown>, current: string): Record<string, unknown> | null {
  let out = file;
  for (let guard = 0; out.format !== current; guard++) {
    const step = MIGRATIONS.find((m) => m.from === out.format);
    if (!step || guard > MIGRATIONS.length) return null;
    out = step.up(out);
  }
  return out;
}
