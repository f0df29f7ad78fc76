/**
 * Named, append-only migrations between contract format revisions. A revision is the body's
 * `format` string ("contract-studio/contract@N"); every change to the body schema, even a new
 * field with a default, adds a revision and one migration here, so a body frozen in revision N
 * means forever what it meant when it was published (a default that changes later cannot
 * silently change an old version).
 *
 * A migration works on a contract body: the draft of a file, or a published version's frozen
 * body. The history is never migrated in place: a frozen body stays in the file exactly as it
 * was published (its hash covers those bytes) and is carried forward in memory on read.
 *
 * Never edit or remove a shipped migration, and never reuse an id: add a new one, with a
 * fixture of the older revision in ./fixtures (migrations.test.ts fails without one).
 */
export interface Migration {
  /** Unique forever, e.g. "contract@1-to-2/test-split". */
  id: string;
  from: string;
  to: string;
  /** One step. Pure: returns a new body with `format` set to `to`, never mutates its input. */
  up(body: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: readonly Migration[] = [];

/** Every format this build can read, oldest first. */
export function knownFormats(current: string, migrations: readonly Migration[] = MIGRATIONS): string[] {
  return [...new Set([...migrations.map((m) => m.from), current])];
}

/** Applies migrations until the body is in `current`; returns null when no path exists. */
export function migrate(body: Record<string, unknown>, current: string, migrations: readonly Migration[] = MIGRATIONS): Record<string, unknown> | null {
  let out = body;
  for (let guard = 0; out.format !== current; guard++) {
    const step = migrations.find((m) => m.from === out.format);
    if (!step || guard > migrations.length) return null;
    out = step.up(out);
  }
  return out;
}
