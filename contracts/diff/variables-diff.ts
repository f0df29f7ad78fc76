import type { ContractBody } from "../schema/contract.ts";
import { formatPath } from "../errors.ts";
import { findPlaceholders } from "../placeholders.ts";
import { canonicalJson } from "../versions/hash.ts";
import { ChangeLog } from "./types.ts";
import { show } from "./text.ts";

type Variable = ContractBody["variables"][number];

const FILLERS_BREAK = "code that fills the variables will break";

function usesPlaceholder(instruction: string, name: string): boolean {
  return findPlaceholders(instruction).some((p) => p.name === name);
}

/** A caller may leave the variable out. */
function omittable(v: Variable): boolean {
  return !v.required || v.default !== undefined;
}

/**
 * Judged from the code that fills the variables: anything that makes a call it already makes
 * fail (a variable it passes is gone or retyped, a value it sends is no longer allowed, a new
 * value it must now send) is major; what it may ignore is minor; descriptions are patch.
 * A rename is a removed variable and an added one of the same type where the instruction
 * swapped one placeholder for the other (or the description is the same).
 */
export function diffVariables(a: ContractBody, b: ContractBody): ChangeLog {
  const log = new ChangeLog("variables");
  const before = new Map(a.variables.map((v, i) => [v.name, { v, i }]));
  const after = new Map(b.variables.map((v, i) => [v.name, { v, i }]));
  const removed = a.variables.filter((v) => !after.has(v.name));
  const added = b.variables.filter((v) => !before.has(v.name));

  const renamedTo = new Map<string, Variable>();
  for (const r of removed) {
    const match = added.find(
      (n) =>
        !renamedTo.has(n.name) &&
        ![...renamedTo.values()].includes(n) &&
        n.type === r.type &&
        ((r.description !== "" && r.description === n.description) ||
          (usesPlaceholder(a.task.instruction, r.name) &&
            !usesPlaceholder(b.task.instruction, r.name) &&
            usesPlaceholder(b.task.instruction, n.name) &&
            !usesPlaceholder(a.task.instruction, n.name))),
    );
    if (match) renamedTo.set(r.name, match);
  }
  const renamedNew = new Set([...renamedTo.values()].map((v) => v.name));

  for (const r of removed) {
    const to = renamedTo.get(r.name);
    const i = before.get(r.name)!.i;
    if (to)
      log.add({
        kind: "variable_renamed",
        path: formatPath(["variables", after.get(to.name)!.i, "name"]),
        sentence: `Variable \`${r.name}\` renamed to \`${to.name}\` (${FILLERS_BREAK})`,
        level: "major",
        before: r.name,
        after: to.name,
      });
    else
      log.add({
        kind: "variable_removed",
        path: formatPath(["variables", i]),
        sentence: `Variable \`${r.name}\` removed (${FILLERS_BREAK})`,
        level: "major",
        before: r,
      });
  }
  for (const n of added) {
    if (renamedNew.has(n.name)) continue;
    const path = formatPath(["variables", after.get(n.name)!.i]);
    if (omittable(n))
      log.add({
        kind: "variable_added",
        path,
        sentence: `${n.required ? `Variable \`${n.name}\` added with a default` : `Optional variable \`${n.name}\` added`}`,
        level: "minor",
        after: n,
      });
    else
      log.add({
        kind: "variable_added",
        path,
        sentence: `Required variable \`${n.name}\` added without a default (code that fills the variables must now pass it)`,
        level: "major",
        after: n,
      });
  }

  for (const [name, { v: x }] of before) {
    const y = after.get(name);
    if (!y) continue;
    diffVariable(log, x, y.v, y.i);
  }
  const order = (vs: Variable[]) =>
    vs
      .filter((v) => before.has(v.name) && after.has(v.name))
      .map((v) => v.name)
      .join("\n");
  if (order(a.variables) !== order(b.variables)) log.add({ kind: "variables_reordered", path: "variables", sentence: "Variables reordered", level: "patch" });
  return log;
}

function diffVariable(log: ChangeLog, x: Variable, y: Variable, i: number): void {
  const p = (key: keyof Variable) => formatPath(["variables", i, key]);
  const name = `\`${x.name}\``;
  if (x.type !== y.type) {
    log.add({
      kind: "variable_retyped",
      path: p("type"),
      sentence: `Variable ${name} changed type from ${x.type} to ${y.type} (${FILLERS_BREAK})`,
      level: "major",
      before: x.type,
      after: y.type,
    });
  } else if (x.type === "enum") {
    const xs = x.options ?? [];
    const ys = y.options ?? [];
    for (const o of xs.filter((o) => !ys.includes(o)))
      log.add({
        kind: "variable_option_removed",
        path: p("options"),
        sentence: `Variable ${name} no longer accepts '${o}' (code that passes it will break)`,
        level: "major",
        before: o,
      });
    for (const o of ys.filter((o) => !xs.includes(o)))
      log.add({ kind: "variable_option_added", path: p("options"), sentence: `Variable ${name} now also accepts '${o}'`, level: "minor", after: o });
  }
  if (omittable(x) && !omittable(y)) {
    const why = x.required ? "its default was removed" : "it is now required";
    log.add({
      kind: "variable_now_required",
      path: p(x.required ? "default" : "required"),
      sentence: `Variable ${name} must now be passed: ${why} (code that omits it will break)`,
      level: "major",
    });
  } else if (x.required !== y.required) {
    log.add({
      kind: y.required ? "variable_now_required" : "variable_now_optional",
      path: p("required"),
      sentence: y.required ? `Variable ${name} is now required (it has a default, so callers are unaffected)` : `Variable ${name} is now optional`,
      level: "minor",
      before: x.required,
      after: y.required,
    });
  }
  if (canonicalJson(x.default) !== canonicalJson(y.default) && !(omittable(x) && !omittable(y)))
    log.add({
      kind: "variable_default_changed",
      path: p("default"),
      sentence: `Default of variable ${name} changed from ${show(x.default)} to ${show(y.default)}`,
      level: "minor",
      before: x.default,
      after: y.default,
    });
  if (x.description !== y.description)
    log.add({
      kind: "variable_description_changed",
      path: p("description"),
      sentence: `Description of variable ${name} reworded`,
      level: "patch",
      before: x.description,
      after: y.description,
    });
  if (canonicalJson(x.testValue) !== canonicalJson(y.testValue))
    log.add({
      kind: "variable_test_value_changed",
      path: p("testValue"),
      sentence: `Preview value of variable ${name} changed`,
      level: "patch",
      before: x.testValue,
      after: y.testValue,
    });
}
