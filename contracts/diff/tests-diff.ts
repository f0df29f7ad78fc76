import type { ContractBody } from "../schema/contract.ts";
import { formatPath } from "../errors.ts";
import { canonicalJson } from "../versions/hash.ts";
import { ChangeLog } from "./types.ts";
import { show } from "./text.ts";

/** Tests are matched by id: added or removed is minor (what the version promises to pass), an edit is patch. */
export function diffTests(a: ContractBody["tests"], b: ContractBody["tests"]): ChangeLog {
  const log = new ChangeLog("tests");
  const before = new Map(a.map((t, i) => [t.id, { t, i }]));
  const after = new Map(b.map((t, i) => [t.id, { t, i }]));
  const label = (t: { id: string; name: string }) => `\`${t.id}\`${t.name ? ` (${t.name})` : ""}`;
  for (const [id, { t, i }] of before)
    if (!after.has(id)) log.add({ kind: "test_removed", path: formatPath(["tests", i]), sentence: `Test ${label(t)} removed`, level: "minor", before: t });
  for (const [id, { t, i }] of after) {
    const old = before.get(id);
    if (!old) log.add({ kind: "test_added", path: formatPath(["tests", i]), sentence: `Test ${label(t)} added`, level: "minor", after: t });
    else if (canonicalJson(old.t) !== canonicalJson(t))
      log.add({ kind: "test_changed", path: formatPath(["tests", i]), sentence: `Test ${label(t)} changed`, level: "patch", before: old.t, after: t });
  }
  return log;
}

type Model = ContractBody["model"];

/** A different model changes behaviour (minor), as do stop sequences (they can cut output short); sampling settings are patch. */
export function diffModel(a: Model, b: Model): ChangeLog {
  const log = new ChangeLog("model");
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof Model)[];
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (canonicalJson(x) === canonicalJson(y)) continue;
    const level = key === "model" || key === "stop" ? "minor" : "patch";
    log.add({
      kind: `model_${key}_changed`,
      path: formatPath(["model", key]),
      sentence: `Model setting ${key} changed from ${show(x)} to ${show(y)}`,
      level,
      before: x,
      after: y,
    });
  }
  return log;
}

/** The id is how code loads a contract: changing it is major. Name and description are wording. */
export function diffMeta(a: ContractBody, b: ContractBody): ChangeLog {
  const log = new ChangeLog("meta");
  if (a.id !== b.id)
    log.add({
      kind: "id_changed",
      path: "id",
      sentence: `Contract id changed from '${a.id}' to '${b.id}' (code that loads it by id will break)`,
      level: "major",
      before: a.id,
      after: b.id,
    });
  if (a.name !== b.name)
    log.add({
      kind: "name_changed",
      path: "name",
      sentence: `Name changed from ${show(a.name)} to ${show(b.name)}`,
      level: "patch",
      before: a.name,
      after: b.name,
    });
  if (a.description !== b.description)
    log.add({
      kind: "description_changed",
      path: "description",
      sentence: "Description reworded",
      level: "patch",
      before: a.description,
      after: b.description,
    });
  return log;
}
