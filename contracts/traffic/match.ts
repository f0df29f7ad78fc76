/**
 * Matching a logged request to the contract, by reading the assembly back. Assembling the
 * contract once with a marker value per variable gives the task as a template: the literal text
 * around each variable is exactly what assembly writes, so a logged user message that fits the
 * template yields the variable values, and the context packet after it yields the items (their
 * id, kind, source, label and content from each block, base64 decoded, datamarks undone).
 *
 * What a match says, per record (TrafficMatch.how in words):
 *  - task: the user message fits the contract's task template (variables extracted), or not;
 *  - system: the system message equals the one this contract assembles for the packet found
 *    (the packet's boundary hash and a canary section are set aside), or not: a task match with
 *    another system message is usually another version of the policy;
 *  - verified (verifyMatch, asked for the records kept with their bodies): assembling the
 *    contract with what was extracted gives both messages byte for byte.
 * Free-form traffic (no template fits) is still counted for the behaviour figures, as unmatched.
 */
import { assemble } from "../assemble.ts";
import { DATAMARK } from "../assembly/system-prompt.ts";
import type { Contract } from "../schema/contract.ts";
import type { ContextItem, ContextKind } from "../schema/context.ts";
import { ContextKindSchema } from "../schema/context.ts";
import type { Variable } from "../schema/task.ts";
import { coerceVariableValue } from "../variables.ts";
import type { TrafficMessage } from "./record.ts";

export interface TrafficMatch {
  task: boolean;
  system: boolean;
  /** Variable values read from the task (and from the packet, for untrusted variables). */
  variables: Record<string, unknown>;
  /** Context items read from the packet (null: no packet, or the task did not match). */
  context: ContextItem[] | null;
  /** How it was matched, or why not, as sentences for the report. */
  how: string[];
}

interface Template {
  regex: RegExp;
  /** Capture group name → variable. */
  groups: Map<string, Variable>;
}

export interface Matcher {
  contract: Contract;
  template: Template;
  match(messages: readonly TrafficMessage[]): TrafficMatch;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A value of the variable's type that assembly writes as a non-empty span. */
function markerValue(v: Variable, i: number): unknown {
  switch (v.type) {
    case "string":
      return `\uE000${i}\uE001`;
    case "number":
      return 7;
    case "boolean":
      return true;
    case "enum":
      return v.options?.[0] ?? "x";
    case "json":
      return { marker: i };
  }
}

const SPAN_VARIABLE = /^variables\[(\d+)\]$/;
const isPacketField = (field: string) => field === "context" || field.startsWith("context.");

function buildTemplate(contract: Contract): Template {
  const inputs = Object.fromEntries(contract.variables.map((v, i) => [v.name, markerValue(v, i)]));
  const r = assemble(contract, inputs, { countTokens: false });
  const user = r.request.messages[1]?.content ?? "";
  const spans = r.spans.filter((s) => s.message === 1);
  let source = "^";
  const groups = new Map<string, Variable>();
  const seen = new Set<number>();
  for (const s of spans) {
    if (isPacketField(s.field)) break;
    const text = user.slice(s.start, s.end);
    const v = SPAN_VARIABLE.exec(s.field);
    const variable = v ? contract.variables[Number(v[1])] : undefined;
    // An untrusted variable is referred to in the task by fixed words; its value is in the packet.
    if (!variable || variable.untrusted) {
      source += escapeRegex(text);
      continue;
    }
    const i = Number(v![1]);
    source += seen.has(i) ? `\\k<v${i}>` : `(?<v${i}>[\\s\\S]*?)`;
    seen.add(i);
    groups.set(`v${i}`, variable);
  }
  // Whatever follows the task is the packet (or nothing).
  return { regex: new RegExp(`${source}(?<packet>\\n# Context packet\\n[\\s\\S]*)?$`), groups };
}

function unescapeAttribute(s: string): string {
  return s.replace(/&(amp|quot|lt|gt|#10|#x[0-9A-Fa-f]+);/g, (_, e: string) =>
    e === "amp" ? "&" : e === "quot" ? '"' : e === "lt" ? "<" : e === "gt" ? ">" : e === "#10" ? "\n" : String.fromCodePoint(parseInt(e.slice(2), 16)),
  );
}

function decodeBase64Utf8(text: string): string | null {
  try {
    const bin = atob(text.replace(/\s+/g, ""));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

const BLOCK = /<context-([0-9a-f]{8})((?: [a-z]+="[^"]*")*)>\n([\s\S]*?)\n<\/context-\1>/g;
const ATTRIBUTE = / ([a-z]+)="([^"]*)"/g;

/** The packet's blocks: items (with an id) and untrusted variables' values (with a variable name). */
function readPacket(
  packet: string,
  mode: Contract["context"]["mode"],
  how: string[],
): { items: ContextItem[]; variables: Map<string, string>; boundary: string | null } {
  const items: ContextItem[] = [];
  const variables = new Map<string, string>();
  let boundary: string | null = null;
  let datamarked = false;
  for (const m of packet.matchAll(BLOCK)) {
    boundary ??= m[1]!;
    const attrs = new Map<string, string>();
    for (const a of m[2]!.matchAll(ATTRIBUTE)) attrs.set(a[1]!, unescapeAttribute(a[2]!));
    // Assembly defused look-alike tags in the data (their "<" became "&lt;"): undo that for
    // the tags it defuses, so the item reads as written (verifyMatch tells if this guessed wrong).
    let content = m[3]!.replace(/&lt;(?=\/?context)/gi, "<");
    const trusted = attrs.get("trusted") === "true";
    if (attrs.get("encoding") === "base64") {
      const decoded = decodeBase64Utf8(content);
      if (decoded === null) how.push(`a block's base64 content does not decode; kept as written`);
      else content = decoded;
    } else if (mode === "datamark" && !trusted && content.includes(DATAMARK)) {
      content = content.split(DATAMARK).join(" ");
      datamarked = true;
    }
    const name = attrs.get("variable");
    if (name !== undefined) {
      variables.set(name, content);
      continue;
    }
    const kind = ContextKindSchema.safeParse(attrs.get("kind"));
    items.push({
      id: attrs.get("id") ?? `item-${items.length + 1}`,
      label: attrs.get("label") ?? "",
      kind: (kind.success ? kind.data : "other") as ContextKind,
      source: attrs.get("source") || "(not given in the log)",
      content,
      trusted,
    });
  }
  if (datamarked) how.push("datamarked blocks read back with single spaces (a datamark replaces a run of spaces or tabs)");
  return { items, variables, boundary };
}

/** A logged value as the variable's type: numbers, booleans and JSON are read from their text. */
function typedValue(v: Variable, raw: string, how: string[]): unknown {
  let value: unknown = raw;
  if (v.type === "json") {
    try {
      value = JSON.parse(raw);
    } catch {
      how.push(`'${v.name}' is not JSON as logged; kept as text`);
      return raw;
    }
  }
  const c = coerceVariableValue(v, value);
  if (c.ok) return c.value;
  how.push(`${c.message}; kept as logged`);
  return raw;
}

/** The system message with what varies per packet set aside: the boundary hash and a canary section. */
export function normalizeSystem(text: string): string {
  return text.replace(/context-[0-9a-f]{8}/g, "context-########").replace(/\n?# Confidential marker\n[^\n]*\n?/, "\n");
}

const firstOf = (messages: readonly TrafficMessage[], role: string) => messages.find((m) => m.role === role)?.content ?? null;

export function createMatcher(contract: Contract): Matcher {
  const template = buildTemplate(contract);
  // Systems compared so far: a log has few distinct system messages once the boundary is set aside.
  const systems = new Map<string, boolean>();
  const ownSystem = (items: ContextItem[] | null, inputs: Record<string, unknown>) => {
    const c = items ? { ...contract, context: { ...contract.context, items } } : contract;
    return normalizeSystem(assemble(c, inputs, { countTokens: false }).request.messages[0]!.content);
  };

  const match = (messages: readonly TrafficMessage[]): TrafficMatch => {
    const how: string[] = [];
    const user = firstOf(messages, "user");
    const system = firstOf(messages, "system") ?? firstOf(messages, "developer");
    const variables: Record<string, unknown> = {};
    let context: ContextItem[] | null = null;
    let task = false;
    const m = user === null ? null : template.regex.exec(user);
    if (user === null) how.push("no user message");
    else if (!m) how.push("the user message does not fit the contract's task template");
    else {
      task = true;
      for (const [group, v] of template.groups) variables[v.name] = typedValue(v, m.groups?.[group] ?? "", how);
      const packet = m.groups?.packet;
      if (packet) {
        const read = readPacket(packet, contract.context.mode, how);
        context = read.items;
        for (const v of contract.variables) if (v.untrusted && read.variables.has(v.name)) variables[v.name] = typedValue(v, read.variables.get(v.name)!, how);
        how.push(
          `task template matched: ${template.groups.size} variable${template.groups.size === 1 ? "" : "s"} and ${read.items.length} context item${read.items.length === 1 ? "" : "s"} read`,
        );
      } else how.push(`task template matched: ${template.groups.size} variable${template.groups.size === 1 ? "" : "s"} read, no context packet`);
    }
    let systemOk = false;
    if (system === null) how.push("no system message");
    else {
      const key = `${context?.length ?? -1}\u0000${context?.[0]?.id ?? ""}\u0000${normalizeSystem(system)}`;
      let same = systems.get(key);
      if (same === undefined) {
        same = ownSystem(task ? (context ?? []) : null, variables) === normalizeSystem(system);
        if (systems.size > 2000) systems.clear();
        systems.set(key, same);
      }
      systemOk = same;
      how.push(same ? "system message as this contract assembles it" : "system message differs from this contract's (another version, or another prompt)");
    }
    return { task, system: systemOk, variables, context, how };
  };
  return { contract, template, match };
}

/**
 * Byte for byte: does assembling the contract with what was extracted give the logged messages?
 * (Costs an assembly; asked for the records kept with their bodies, not for every line.)
 */
export function verifyMatch(contract: Contract, messages: readonly TrafficMessage[], match: TrafficMatch): boolean {
  if (!match.task) return false;
  const c = match.context
    ? { ...contract, context: { ...contract.context, items: match.context } }
    : { ...contract, context: { ...contract.context, items: [] } };
  const r = assemble(c, match.variables, { countTokens: false });
  const [sys, user] = r.request.messages;
  const loggedSystem = firstOf(messages, "system") ?? firstOf(messages, "developer");
  return normalizeSystem(loggedSystem ?? "") === normalizeSystem(sys!.content) && firstOf(messages, "user") === user!.content;
}
