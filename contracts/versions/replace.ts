/**
 * Replacing a contract with a file of the same id (a git round trip: export, edit the file
 * elsewhere, import) without losing what was published here. Published versions are
 * immutable, so the two histories must agree on every version they share; the result holds
 * the file's draft and the union of both histories' versions.
 */
import type { ContractError, Result } from "../errors.ts";
import { parseContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { compareSemver } from "./semver.ts";

type History = NonNullable<Contract["history"]>;

export interface ReplaceOutcome {
  contract: Contract;
  /** Versions published here that the file did not carry, kept. */
  keptVersions: string[];
  /** Versions the file carried that were not here, added. */
  addedVersions: string[];
  /** Whose labels the result has: the file's when its label log continues ours, else ours. */
  labelsFrom: "file" | "workspace";
}

const moveKey = (m: History["labelMoves"][number]) => `${m.label}\u0000${m.from}\u0000${m.to}\u0000${m.at}`;
const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((x, i) => x === b[i]);

/**
 * `incoming`'s draft with both histories merged. Refused (nothing to apply) when the ids
 * differ or a version number means different content on the two sides.
 */
export function replaceKeepingHistory(current: Contract, incoming: Contract): Result<ReplaceOutcome> {
  if (current.id !== incoming.id) return { ok: false, errors: [{ path: "id", message: `is '${incoming.id}', not '${current.id}'` }] };
  const mine = current.history?.versions ?? [];
  const theirs = incoming.history?.versions ?? [];
  const byVersion = new Map(mine.map((v) => [v.version, v]));
  const errors: ContractError[] = [];
  theirs.forEach((v, i) => {
    const here = byVersion.get(v.version);
    if (here && here.hash !== v.hash)
      errors.push({ path: `history.versions[${i}]`, message: `version ${v.version} in the file is not the ${v.version} published here (its content differs)` });
  });
  if (errors.length) return { ok: false, errors };

  const versions = [...mine, ...theirs.filter((v) => !byVersion.has(v.version))].sort((a, b) => compareSemver(a.version, b.version));
  const myMoves = (current.history?.labelMoves ?? []).map(moveKey);
  const theirMoves = (incoming.history?.labelMoves ?? []).map(moveKey);
  // The file's labels win only when its log is ours plus later moves (made in the file).
  const labelsFrom = incoming.history && isPrefix(myMoves, theirMoves) ? "file" : "workspace";
  const source = labelsFrom === "file" ? incoming.history! : current.history;
  const history: History | undefined =
    versions.length || source ? { versions, labels: { ...(source?.labels ?? {}) }, labelMoves: [...(source?.labelMoves ?? [])] } : undefined;

  const { history: _drop, ...draft } = incoming;
  // Parsed again so every rule of a file (hashes, labels pointing at versions) holds for the result.
  const parsed = parseContract(history ? { ...draft, history } : draft);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: {
      contract: parsed.value,
      keptVersions: mine.filter((v) => !theirs.some((t) => t.version === v.version)).map((v) => v.version),
      addedVersions: theirs.filter((v) => !byVersion.has(v.version)).map((v) => v.version),
      labelsFrom,
    },
  };
}
