import { formatPath } from "../errors.ts";
import type { ChangeLevel, ChangeLog } from "./types.ts";
import { capitalize, quote, similarity } from "./text.ts";

/** Two lines this alike are the same line reworded, not one removed and another added. */
const REWORD_THRESHOLD = 0.5;

export interface ListDiffOptions {
  log: ChangeLog;
  /** Path of the list, like ["policy", "rules"]. */
  path: PropertyKey[];
  /** Singular noun for sentences: "rule", "constraint", "allowed domain". */
  noun: string;
  /** Kind prefix: "rule" gives rule_added, rule_removed, rule_reworded. */
  kind: string;
  added: ChangeLevel;
  removed: ChangeLevel;
}

/**
 * Diffs two lists of sentences as multisets: a line in both is unchanged wherever it moved;
 * a removed line and an added line that share most of their words count as one reworded line
 * (patch); pure reordering is reported once (patch).
 */
export function diffStringList(a: readonly string[], b: readonly string[], o: ListDiffOptions): void {
  const remaining = new Map<string, number>();
  for (const s of b) remaining.set(s, (remaining.get(s) ?? 0) + 1);
  const removed: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const n = remaining.get(a[i]!) ?? 0;
    if (n > 0) remaining.set(a[i]!, n - 1);
    else removed.push(i);
  }
  const pool = new Map<string, number>();
  for (const s of a) pool.set(s, (pool.get(s) ?? 0) + 1);
  const added: number[] = [];
  for (let j = 0; j < b.length; j++) {
    const n = pool.get(b[j]!) ?? 0;
    if (n > 0) pool.set(b[j]!, n - 1);
    else added.push(j);
  }

  // Pair each removed line with its most similar added line, best pairs first.
  const pairs: { i: number; j: number; score: number }[] = [];
  for (const i of removed)
    for (const j of added) {
      const score = similarity(a[i]!, b[j]!);
      if (score >= REWORD_THRESHOLD) pairs.push({ i, j, score });
    }
  pairs.sort((x, y) => y.score - x.score || x.i - y.i);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    o.log.add({
      kind: `${o.kind}_reworded`,
      path: formatPath([...o.path, p.j]),
      sentence: `${capitalize(o.noun)} reworded: ${quote(a[p.i]!)} → ${quote(b[p.j]!)}`,
      level: "patch",
      before: a[p.i],
      after: b[p.j],
    });
  }
  for (const i of removed) {
    if (usedA.has(i)) continue;
    o.log.add({
      kind: `${o.kind}_removed`,
      path: formatPath([...o.path, i]),
      sentence: `${capitalize(o.noun)} removed: ${quote(a[i]!)}`,
      level: o.removed,
      before: a[i],
    });
  }
  for (const j of added) {
    if (usedB.has(j)) continue;
    o.log.add({
      kind: `${o.kind}_added`,
      path: formatPath([...o.path, j]),
      sentence: `${capitalize(o.noun)} added: ${quote(b[j]!)}`,
      level: o.added,
      after: b[j],
    });
  }
  if (removed.length === 0 && added.length === 0 && a.some((s, i) => s !== b[i]))
    o.log.add({ kind: `${o.kind}s_reordered`, path: formatPath(o.path), sentence: `${capitalize(o.noun)}s reordered`, level: "patch" });
}

export interface TextFieldOptions {
  log: ChangeLog;
  path: PropertyKey[];
  /** "refusal style", "tone" … */
  noun: string;
  kind: string;
  /** Level when the text goes from empty to set or back: a behaviour appears or disappears. */
  setOrCleared?: ChangeLevel;
}

/** A free-text field: rewording is patch; setting or clearing it is minor by default. */
export function diffTextField(a: string, b: string, o: TextFieldOptions): void {
  if (a === b) return;
  const path = formatPath(o.path);
  const level = o.setOrCleared ?? "minor";
  if (!a.trim()) o.log.add({ kind: `${o.kind}_set`, path, sentence: `${capitalize(o.noun)} set: ${quote(b)}`, level, after: b });
  else if (!b.trim()) o.log.add({ kind: `${o.kind}_cleared`, path, sentence: `${capitalize(o.noun)} cleared (was ${quote(a)})`, level, before: a });
  else
    o.log.add({ kind: `${o.kind}_changed`, path, sentence: `${capitalize(o.noun)} changed: ${quote(a)} → ${quote(b)}`, level: "patch", before: a, after: b });
}
