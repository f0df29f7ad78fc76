/**
 * Tools, matched by name, judged like output fields from the code that handles the calls
 * (issue 11 item 1): a removed tool, a removed or retyped parameter, a new required parameter,
 * a parameter made required or optional, and a tool no longer gated by confirmation are major;
 * an added tool, a new optional parameter, a tool newly gated and any other change to a
 * parameters schema are minor; descriptions are patch. tool_choice is a model setting (diffModel).
 */
import type { ContractBody } from "../schema/contract.ts";
import { formatPath } from "../errors.ts";
import { needsConfirmation, type Tool } from "../schema/tools.ts";
import { canonicalJson } from "../versions/hash.ts";
import { ChangeLog } from "./types.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const props = (t: Tool): Json => (isObject(t.parameters.properties) ? t.parameters.properties : {});
const required = (t: Tool): Set<string> => new Set(Array.isArray(t.parameters.required) ? (t.parameters.required as string[]) : []);
const DOC_KEYS = new Set(["description", "title", "examples", "$comment"]);
/** A parameter's schema without its documentation: equal means the same meaning. */
const meaning = (schema: unknown) =>
  isObject(schema) ? canonicalJson(Object.fromEntries(Object.entries(schema).filter(([k]) => !DOC_KEYS.has(k)))) : canonicalJson(schema);
/** The parameters schema without properties, required and documentation: the rest (additionalProperties …). */
const rest = (t: Tool) =>
  canonicalJson(Object.fromEntries(Object.entries(t.parameters).filter(([k]) => k !== "properties" && k !== "required" && !DOC_KEYS.has(k))));

export function diffTools(a: ContractBody["tools"], b: ContractBody["tools"]): ChangeLog {
  const log = new ChangeLog("tools");
  const before = new Map((a ?? []).map((t, i) => [t.name, { t, i }]));
  const after = new Map((b ?? []).map((t, i) => [t.name, { t, i }]));
  for (const [name, { t, i }] of before)
    if (!after.has(name))
      log.add({
        kind: "tool_removed",
        path: formatPath(["tools", i]),
        sentence: `Tool ${name} removed (code that handles its calls, and cases that expect them, will break)`,
        level: "major",
        before: t,
      });
  for (const [name, { t, i }] of after) {
    const old = before.get(name);
    if (!old) {
      log.add({ kind: "tool_added", path: formatPath(["tools", i]), sentence: `Tool ${name} added`, level: "minor", after: t });
      continue;
    }
    diffTool(log, old.t, t, i);
  }
  return log;
}

function diffTool(log: ChangeLog, x: Tool, y: Tool, i: number): void {
  const at = (...p: PropertyKey[]) => formatPath(["tools", i, ...p]);
  if (x.description !== y.description)
    log.add({
      kind: "tool_description_changed",
      path: at("description"),
      sentence: `Description of tool ${y.name} reworded`,
      level: "patch",
      before: x.description,
      after: y.description,
    });
  const gatedBefore = needsConfirmation(x);
  const gatedAfter = needsConfirmation(y);
  if (gatedBefore && !gatedAfter)
    log.add({
      kind: "tool_confirmation_removed",
      path: at("requiresConfirmation"),
      sentence: `Tool ${y.name} no longer needs a person's confirmation (calls the policy held back are now allowed)`,
      level: "major",
      before: true,
      after: false,
    });
  else if (!gatedBefore && gatedAfter)
    log.add({
      kind: "tool_confirmation_added",
      path: at("requiresConfirmation"),
      sentence: `Tool ${y.name} now needs a person's confirmation`,
      level: "minor",
      before: false,
      after: true,
    });
  else if (x.confirmationAction !== y.confirmationAction)
    log.add({
      kind: "tool_confirmation_action_changed",
      path: at("confirmationAction"),
      sentence: `Tool ${y.name} carries out another confirmed action`,
      level: "patch",
      before: x.confirmationAction,
      after: y.confirmationAction,
    });

  const pa = props(x);
  const pb = props(y);
  const ra = required(x);
  const rb = required(y);
  for (const key of Object.keys(pa))
    if (!(key in pb))
      log.add({
        kind: "tool_parameter_removed",
        path: at("parameters", "properties", key),
        sentence: `Parameter ${key} of tool ${y.name} removed (code that reads it will break)`,
        level: "major",
        before: pa[key],
      });
  for (const key of Object.keys(pb)) {
    const path = at("parameters", "properties", key);
    if (!(key in pa)) {
      const req = rb.has(key);
      log.add({
        kind: req ? "tool_required_parameter_added" : "tool_optional_parameter_added",
        path,
        sentence: req
          ? `New required parameter ${key} of tool ${y.name} (code that handles the call must now take it)`
          : `New optional parameter ${key} of tool ${y.name}`,
        level: req ? "major" : "minor",
        after: pb[key],
      });
      continue;
    }
    if (meaning(pa[key]) !== meaning(pb[key]))
      log.add({
        kind: "tool_parameter_retyped",
        path,
        sentence: `Parameter ${key} of tool ${y.name} changed (code that reads it may break)`,
        level: "major",
        before: pa[key],
        after: pb[key],
      });
    else if (canonicalJson(pa[key]) !== canonicalJson(pb[key]))
      log.add({
        kind: "tool_parameter_described",
        path,
        sentence: `Description of parameter ${key} of tool ${y.name} reworded`,
        level: "patch",
        before: pa[key],
        after: pb[key],
      });
    if (ra.has(key) !== rb.has(key))
      log.add({
        kind: rb.has(key) ? "tool_parameter_made_required" : "tool_parameter_made_optional",
        path: at("parameters", "required"),
        sentence: rb.has(key)
          ? `Parameter ${key} of tool ${y.name} is now required`
          : `Parameter ${key} of tool ${y.name} is now optional (code that reads it may not get it)`,
        level: "major",
        before: ra.has(key),
        after: rb.has(key),
      });
  }
  if (rest(x) !== rest(y))
    log.add({
      kind: "tool_parameters_changed",
      path: at("parameters"),
      sentence: `Parameters schema of tool ${y.name} changed`,
      level: "minor",
      before: x.parameters,
      after: y.parameters,
    });
}
