/**
 * Publishing, restoring and labelling versions. Every function is pure: it returns a new
 * contract and never mutates its input, and none of them alters a published version's body,
 * hash, message or date. (A version's review status is metadata about it, not part of it, so
 * setReview may change it; the hash does not cover it.)
 *
 * Errors are ContractErrors whose path names the form field at fault: `version`, `message`,
 * `label`, or `(draft)` for the draft as a whole, plus the draft's own validation errors.
 */
import { ContractSchema, FROZEN_BODIES, type Contract, type ContractBody, type History, type PublishedVersion } from "../schema/contract.ts";
import { LABEL_NAME, type Review } from "../schema/history.ts";
import { fromZodError, type ContractError, type Result } from "../errors.ts";
import { diffContracts, nextVersion } from "../diff/diff-contracts.ts";
import type { SemanticDiff } from "../diff/types.ts";
import { contentHash } from "./hash.ts";
import { HASH_SCHEME, bodyErrors, type FrozenBody, type FrozenReader } from "./frozen.ts";
import { compareSemver, isSemver, maxSemver } from "./semver.ts";

/** The first version a contract gets. */
export const FIRST_VERSION = "1.0.0";

export interface PublishOptions {
  /** Omitted: the suggested version. Given: must be at least the suggested one. */
  version?: string;
  /** The changelog entry; required. */
  message: string;
  review?: Review;
  now: Date | string;
}

export interface LabelOptions {
  now: Date | string;
  by?: string;
}

const fail = (path: string, message: string): { ok: false; errors: ContractError[] } => ({ ok: false, errors: [{ path, message }] });

function iso(now: Date | string): string {
  return typeof now === "string" ? new Date(now).toISOString() : now.toISOString();
}

function emptyHistory(): History {
  return { versions: [], labels: {}, labelMoves: [] };
}

/** The draft body: the contract without its history. */
export function draftBody(contract: Contract): ContractBody {
  const { history: _history, ...body } = contract;
  return body;
}

export function latestVersion(contract: Contract): PublishedVersion | undefined {
  const versions = contract.history?.versions ?? [];
  const latest = maxSemver(versions.map((v) => v.version));
  return versions.find((v) => v.version === latest);
}

export function findVersion(contract: Contract, version: string): PublishedVersion | undefined {
  return contract.history?.versions.find((v) => v.version === version);
}

function noVersion(contract: Contract, ref: string): { ok: false; errors: ContractError[] } {
  const known = (contract.history?.versions ?? []).map((x) => x.version);
  return fail("version", `no version ${ref}${known.length ? ` (published: ${known.join(", ")})` : " (nothing published yet)"}`);
}

/**
 * A version's body in the current format revision: its frozen body carried forward by the
 * migrations (versions/frozen.ts). The file keeps the frozen body as published; this is what
 * diff, review and restore work on. `reader` is for tests that change the schema.
 */
export function versionBody<B = ContractBody>(v: { body: FrozenBody }, reader: FrozenReader<B> = FROZEN_BODIES as unknown as FrozenReader<B>): Result<B> {
  const r = reader.read(v.body);
  return r.ok ? r : { ok: false, errors: bodyErrors(r.issues, ["body"]) };
}

/**
 * The hash a draft equal to this version has: contentHash of its body in the current revision.
 * Equal to `v.hash` for every version published in the current revision; for an older one it
 * differs from the stored hash (which covers the older bytes), and both identify the version.
 */
export function versionContentHash(v: { body: FrozenBody }, reader: FrozenReader<unknown> = FROZEN_BODIES): string | null {
  return reader.currentHash(v.body);
}

/**
 * The published version a content hash belongs to: its stored hash (what runs recorded in its
 * own revision carry) or its hash in the current revision (what a draft equal to it hashes to now).
 */
export function findVersionByHash(
  contract: Pick<Contract, "history">,
  hash: string,
  reader: FrozenReader<unknown> = FROZEN_BODIES,
): PublishedVersion | undefined {
  const versions = contract.history?.versions ?? [];
  return versions.find((v) => v.hash === hash) ?? versions.find((v) => versionContentHash(v, reader) === hash);
}

/** The body of `ref`: a published version, or the draft for "draft". */
export function bodyAt(contract: Contract, ref: string): Result<ContractBody> {
  if (ref === "draft") return { ok: true, value: draftBody(contract) };
  const v = findVersion(contract, ref);
  return v ? versionBody(v) : noVersion(contract, ref);
}

/** The version published just before `version`, if any. */
export function previousVersion(contract: Contract, version: string): PublishedVersion | undefined {
  let best: PublishedVersion | undefined;
  for (const v of contract.history?.versions ?? [])
    if (compareSemver(v.version, version) < 0 && (!best || compareSemver(v.version, best.version) > 0)) best = v;
  return best;
}

/** True when the draft differs from the latest published version (or nothing is published). */
export function hasUnpublishedChanges(contract: Contract): boolean {
  const latest = latestVersion(contract);
  return !latest || versionContentHash(latest) !== contentHash(draftBody(contract));
}

export interface PublishPlan {
  /** The version publishing would suggest. */
  suggested: string;
  /** Diff from the latest version to the draft; undefined before the first publish. */
  diff?: SemanticDiff;
  latest?: string;
}

/** What publishing the draft now would suggest, and why: for the publish dialog. */
export function planPublish(contract: Contract): PublishPlan {
  const latest = latestVersion(contract);
  if (!latest) return { suggested: FIRST_VERSION };
  const base = versionBody(latest);
  // Unreachable for a parsed contract (every body was read on parse); without a body, no diff.
  if (!base.ok) return { suggested: nextVersion("patch", latest.version), latest: latest.version };
  const diff = diffContracts(base.value, draftBody(contract));
  // A changed hash deserves a new version even when no rule names the change.
  const level = diff.verdict.level === "none" ? "patch" : diff.verdict.level;
  return { suggested: nextVersion(level, latest.version), diff, latest: latest.version };
}

/** Freezes the draft as a new immutable version. */
export function publishVersion(contract: Contract, options: PublishOptions): Result<Contract> {
  const message = options.message.trim();
  if (!message) return fail("message", "write a changelog message: say what changed and why");
  const parsed = ContractSchema.safeParse(contract, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: [{ path: "(draft)", message: "fix the draft's errors before publishing" }, ...fromZodError(parsed.error)] };
  const current = parsed.data;
  // The frozen body is the parsed draft, every field explicit, and the hash covers exactly it.
  const body = structuredClone(draftBody(current));
  const hash = contentHash(body);
  const history = current.history ?? emptyHistory();
  const latest = latestVersion(current);
  if (latest && versionContentHash(latest) === hash) return fail("(draft)", `nothing to publish: the draft is the same as version ${latest.version}`);
  const plan = planPublish(current);
  const version = options.version?.trim() || plan.suggested;
  if (!isSemver(version)) return fail("version", `'${version}' is not a version like 1.2.0 (MAJOR.MINOR.PATCH)`);
  if (findVersion(current, version)) return fail("version", `version ${version} already exists, and published versions never change`);
  if (latest && compareSemver(version, latest.version) <= 0) return fail("version", `must be greater than the latest version, ${latest.version}`);
  if (compareSemver(version, plan.suggested) < 0) {
    const why = plan.diff?.verdict.reasons[0]?.sentence;
    return fail("version", `must be at least ${plan.suggested}: this is a ${plan.diff?.verdict.level ?? "first"} change${why ? ` (${why})` : ""}`);
  }
  // An older body published again under a new number is allowed: that is how a restore ships.
  const published: PublishedVersion = {
    version,
    createdAt: iso(options.now),
    message,
    hash,
    hashScheme: HASH_SCHEME,
    ...(options.review ? { review: { ...options.review } } : {}),
    body,
  };
  return { ok: true, value: { ...current, history: { ...history, versions: [...history.versions, published] } } };
}

/** Copies a version's body into the draft; history (and the version) stay as they are. */
export function restoreVersion(contract: Contract, version: string): Result<Contract> {
  const v = findVersion(contract, version);
  if (!v) return noVersion(contract, version);
  const body = versionBody(v);
  if (!body.ok) return body;
  return { ok: true, value: { ...structuredClone(body.value), ...(contract.history ? { history: contract.history } : {}) } };
}

/** Points `label` at `version`, creating the label if needed, and logs the move. */
export function moveLabel(contract: Contract, label: string, version: string, options: LabelOptions): Result<Contract> {
  if (!LABEL_NAME.test(label)) return fail("label", `'${label}' is not a label name like production (letters, digits, . _ -)`);
  if (!findVersion(contract, version)) return noVersion(contract, version);
  const history = contract.history ?? emptyHistory();
  const from = history.labels[label] ?? null;
  if (from === version) return { ok: true, value: contract };
  const move = { label, from, to: version, at: iso(options.now), ...(options.by ? { by: options.by } : {}) };
  return {
    ok: true,
    value: { ...contract, history: { ...history, labels: { ...history.labels, [label]: version }, labelMoves: [...history.labelMoves, move] } },
  };
}

/** Removes a label (the versions stay) and logs it as a move to nothing. */
export function removeLabel(contract: Contract, label: string, options: LabelOptions): Result<Contract> {
  const history = contract.history ?? emptyHistory();
  const from = history.labels[label];
  if (from === undefined) return fail("label", `there is no label '${label}'`);
  const { [label]: _gone, ...labels } = history.labels;
  const move = { label, from, to: null, at: iso(options.now), ...(options.by ? { by: options.by } : {}) };
  return { ok: true, value: { ...contract, history: { ...history, labels, labelMoves: [...history.labelMoves, move] } } };
}

/** Labels pointing at `version`. */
export function labelsOf(contract: Contract, version: string): string[] {
  return Object.entries(contract.history?.labels ?? {})
    .filter(([, v]) => v === version)
    .map(([l]) => l);
}

/** Sets a version's review status (who and when are free text). The body and hash are untouched. */
export function setReview(contract: Contract, version: string, review: Review): Result<Contract> {
  const history = contract.history;
  if (!history || !findVersion(contract, version)) return noVersion(contract, version);
  const versions = history.versions.map((v) => (v.version === version ? { ...v, review: { ...review } } : v));
  return { ok: true, value: { ...contract, history: { ...history, versions } } };
}
