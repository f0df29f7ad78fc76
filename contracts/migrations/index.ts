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

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * contract@1 -> contract@2 (issue 8, the evaluation harness), one step for one revision:
 * - every test case gains `split` and `tags`: existing cases are dev cases with no tags, written
 *   out, so their meaning never depends on a later default;
 * - a case's context `{replace, items}` becomes `{base, add}`: `replace: true` started from an
 *   empty packet (base "none"), otherwise the items were appended (base "contract");
 * - `max_length {chars}` becomes `{max, unit: "chars"}` (it can now count tokens).
 * Anything it does not recognise is left as it was, for the schema to report with its path.
 * Revision 2 also covers variables' optional `untrusted` flag, which revision 1 files written
 * since 4c0ae6d may already carry: it is optional without a default, so it needs no step here.
 */
const testsToRevision2: Migration = {
  id: "contract@1-to-2/test-split-tags-context-ops",
  from: "contract-studio/contract@1",
  to: "contract-studio/contract@2",
  up: (b) => ({
    ...b,
    format: "contract-studio/contract@2",
    ...(Array.isArray(b.tests) ? { tests: b.tests.map((t: unknown) => (isObject(t) ? caseToRevision2(t) : t)) } : {}),
  }),
};

function caseToRevision2(t: Json): Json {
  const out: Json = { ...t, split: t.split ?? "dev", tags: t.tags ?? [] };
  if (isObject(t.context)) {
    const { replace, items, ...rest } = t.context;
    const oldShape = replace === undefined || typeof replace === "boolean";
    out.context = oldShape ? { ...rest, base: replace === true ? "none" : "contract", ...(items !== undefined ? { add: items } : {}) } : t.context;
  }
  if (Array.isArray(t.assertions))
    out.assertions = t.assertions.map((a: unknown) => {
      if (!isObject(a) || a.type !== "max_length" || !("chars" in a)) return a;
      const { chars, ...rest } = a;
      return { ...rest, max: chars, unit: "chars" };
    });
  return out;
}

export const MIGRATIONS: readonly Migration[] = [testsToRevision2];

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
