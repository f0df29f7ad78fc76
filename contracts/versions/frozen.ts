/**
 * Frozen bodies: what a published version holds, and how it is read back.
 *
 * A version keeps its body in the file exactly as it was published, in the format revision of
 * that day (the body's own `format`, which the hash covers, so it cannot be changed unnoticed).
 * Its hash is the content hash of those very bytes (canonical JSON: keys sorted, no
 * whitespace), never of a value a later schema parsed, so adding a field with a default, or any
 * other revision, cannot break it. On read the body is carried to the current revision by the
 * migrations, in memory only, and validated there; the file keeps the original.
 *
 * Version records written before this scheme have no `hashScheme`: their hash covers the body
 * after revision 1's defaults were filled in (see legacy-hash.ts), and they are verified so.
 */
import type { z } from "zod";
import { describeIssue, formatPath, type ContractError } from "../errors.ts";
import { MIGRATIONS, knownFormats, migrate, type Migration } from "../migrations/index.ts";
import { contentHash } from "./hash.ts";
import { legacyHash } from "./legacy-hash.ts";

/** The `hashScheme` of records whose hash covers the frozen body as written. */
export const HASH_SCHEME = "frozen-body";

/** A published body as stored: any revision, not yet migrated. */
export type FrozenBody = Record<string, unknown>;

/** A zod issue with its path relative to the body. */
export type BodyIssue = z.core.$ZodIssue;

export type ReadBody<B> = { ok: true; value: B } | { ok: false; issues: BodyIssue[] };

export interface FrozenReader<B> {
  /** The current revision bodies are carried to. */
  readonly format: string;
  /** The body in the current revision, validated. Cached per body object: frozen bodies never change. */
  read(raw: FrozenBody): ReadBody<B>;
  /** contentHash of the body in the current revision: what a draft equal to it hashes to. null when it does not read. */
  currentHash(raw: FrozenBody): string | null;
}

export interface FrozenFormat<B> {
  format: string;
  /** The current body schema, with its cross-field rules. */
  body: z.ZodType<B>;
  migrations?: readonly Migration[];
}

export function frozenReader<B extends object>({ format, body, migrations = MIGRATIONS }: FrozenFormat<B>): FrozenReader<B> {
  const reads = new WeakMap<object, ReadBody<B>>();
  const hashes = new WeakMap<object, string | null>();
  const read = (raw: FrozenBody): ReadBody<B> => {
    const cached = reads.get(raw);
    if (cached) return cached;
    let result: ReadBody<B>;
    if (typeof raw.format !== "string") {
      result = { ok: false, issues: [issue(["format"], `is required: a published body names its format, like "${format}"`)] };
    } else {
      const migrated = migrate(raw, format, migrations);
      if (!migrated) {
        const known = knownFormats(format, migrations)
          .map((f) => `'${f}'`)
          .join(", ");
        result = { ok: false, issues: [issue(["format"], `unknown format '${raw.format}'; this app reads ${known}`)] };
      } else {
        const parsed = body.safeParse(migrated, { reportInput: true });
        result = parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
      }
    }
    reads.set(raw, result);
    return result;
  };
  // Per body object: edits share the history by reference, so each body is hashed once, not per keystroke.
  const currentHash = (raw: FrozenBody): string | null => {
    if (hashes.has(raw)) return hashes.get(raw)!;
    const r = read(raw);
    const hash = r.ok ? contentHash(r.value) : null;
    hashes.set(raw, hash);
    return hash;
  };
  return {
    format,
    read,
    currentHash,
  };
}

function issue(path: PropertyKey[], message: string): BodyIssue {
  return { code: "custom", path, message, input: undefined } as BodyIssue;
}

/** Body issues as ContractErrors under `prefix` (e.g. history.versions[2].body). */
export function bodyErrors(issues: readonly BodyIssue[], prefix: readonly PropertyKey[]): ContractError[] {
  return issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: describeIssue(i) }));
}

/** What a version record's hash must be, under the scheme the record names. */
export function expectedHash(record: { hashScheme?: string | undefined; body: FrozenBody }): string {
  if (record.hashScheme === HASH_SCHEME) return contentHash(record.body);
  return legacyHash(record.body) ?? contentHash(record.body);
}
