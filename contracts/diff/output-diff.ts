import type { ContractBody } from "../schema/contract.ts";
import { formatPath } from "../errors.ts";
import { canonicalJson } from "../versions/hash.ts";
import { ChangeLog } from "./types.ts";
import { diffJsonSchema } from "./json-schema-diff.ts";

type Output = ContractBody["output"];
type Section = Extract<Output, { kind: "sections" }>["sections"][number];

/** Judged from the code that reads the answer; see json-schema-diff.ts for the schema rules. */
export function diffOutput(a: Output, b: Output): ChangeLog {
  const log = new ChangeLog("output");
  if (a.kind !== b.kind) {
    log.add({
      kind: "output_kind_changed",
      path: "output.kind",
      sentence: `Output kind switched from ${a.kind} to ${b.kind} (readers of the output will break)`,
      level: "major",
      before: a.kind,
      after: b.kind,
    });
    return log;
  }
  if (a.kind === "json_schema" && b.kind === "json_schema") {
    if (a.name !== b.name)
      log.add({
        kind: "schema_name_changed",
        path: "output.name",
        sentence: `Output schema name changed from '${a.name}' to '${b.name}'`,
        level: "patch",
        before: a.name,
        after: b.name,
      });
    if (a.strict && !b.strict)
      log.add({
        kind: "strict_disabled",
        path: "output.strict",
        sentence: "Output schema is no longer enforced strictly (readers may receive output that does not match it)",
        level: "major",
        before: true,
        after: false,
      });
    if (!a.strict && b.strict)
      log.add({
        kind: "strict_enabled",
        path: "output.strict",
        sentence: "Output schema is now enforced strictly",
        level: "minor",
        before: false,
        after: true,
      });
    diffJsonSchema(a.schema, b.schema, log, ["output", "schema"]);
  } else if (a.kind === "sections" && b.kind === "sections") {
    diffSections(a.sections, b.sections, log);
  } else if (a.kind === "text" && b.kind === "text" && a.description !== b.description) {
    log.add({
      kind: "output_description_changed",
      path: "output.description",
      sentence: "Description of the expected answer reworded",
      level: "patch",
      before: a.description,
      after: b.description,
    });
  }
  if (canonicalJson(a.examples) !== canonicalJson(b.examples))
    log.add({
      kind: "output_examples_changed",
      path: "output.examples",
      sentence: "Output examples changed",
      level: "patch",
      before: a.examples,
      after: b.examples,
    });
  return log;
}

/** Sections are matched by heading: a reader looks an answer's sections up by heading. */
function diffSections(a: Section[], b: Section[], log: ChangeLog): void {
  const before = new Map(a.map((s, i) => [s.heading, { s, i }]));
  const after = new Map(b.map((s, i) => [s.heading, { s, i }]));
  for (const [h, { s, i }] of before) {
    if (after.has(h)) continue;
    const path = formatPath(["output", "sections", i]);
    if (s.required)
      log.add({ kind: "section_removed", path, sentence: `Required section '${h}' removed (readers of the output will break)`, level: "major", before: s });
    else log.add({ kind: "section_removed", path, sentence: `Optional section '${h}' removed`, level: "minor", before: s });
  }
  for (const [h, { s, i }] of after) {
    const path = (k?: keyof Section) => formatPath(["output", "sections", i, ...(k ? [k] : [])]);
    const old = before.get(h);
    if (!old) {
      log.add({ kind: "section_added", path: path(), sentence: `${s.required ? "Required" : "Optional"} section '${h}' added`, level: "minor", after: s });
      continue;
    }
    if (old.s.required && !s.required)
      log.add({
        kind: "section_now_optional",
        path: path("required"),
        sentence: `Section '${h}' is no longer required (readers that expect it will break)`,
        level: "major",
        before: true,
        after: false,
      });
    if (!old.s.required && s.required)
      log.add({ kind: "section_now_required", path: path("required"), sentence: `Section '${h}' is now required`, level: "minor", before: false, after: true });
    if (old.s.description !== s.description)
      log.add({
        kind: "section_description_changed",
        path: path("description"),
        sentence: `Description of section '${h}' reworded`,
        level: "patch",
        before: old.s.description,
        after: s.description,
      });
  }
  const order = (ss: Section[]) =>
    ss
      .filter((s) => before.has(s.heading) && after.has(s.heading))
      .map((s) => s.heading)
      .join("\n");
  if (order(a) !== order(b)) log.add({ kind: "sections_reordered", path: "output.sections", sentence: "Sections reordered", level: "patch" });
}
