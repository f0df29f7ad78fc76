/**
 * Variables: which value each declared variable takes (explicit input, else its test value,
 * else its default), type checks with lenient coercion of strings (the CLI's `--var n=5`,
 * a text field), and filling `{{name}}` placeholders. Problems come back as assembly issues.
 */
import type { AssemblyIssue } from "./assembly-types.ts";
import type { Contract } from "./schema/contract.ts";
import type { Variable } from "./schema/task.ts";
import { findPlaceholders } from "./placeholders.ts";

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A value for `variable`, from a typed value or from text. Text is converted for typed
 * variables ("5" for a number, "true"/"false", JSON text for json); typed values are checked.
 */
export function coerceVariableValue(variable: Pick<Variable, "name" | "type" | "options">, raw: unknown): Coerced {
  const where = `variable '${variable.name}'`;
  switch (variable.type) {
    case "string":
      if (typeof raw === "string") return { ok: true, value: raw };
      if (typeof raw === "number" || typeof raw === "boolean") return { ok: true, value: String(raw) };
      return { ok: false, message: `${where} must be text (declared type string)` };
    case "number": {
      if (typeof raw === "number" && Number.isFinite(raw)) return { ok: true, value: raw };
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw.trim()) : Number.NaN;
      if (Number.isFinite(n)) return { ok: true, value: n };
      return { ok: false, message: `${where} must be a number (declared type number), not ${JSON.stringify(raw)}` };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      const s = typeof raw === "string" ? raw.trim().toLowerCase() : "";
      if (s === "true") return { ok: true, value: true };
      if (s === "false") return { ok: true, value: false };
      return { ok: false, message: `${where} must be true or false (declared type boolean), not ${JSON.stringify(raw)}` };
    }
    case "enum": {
      const options = variable.options ?? [];
      if (typeof raw === "string" && options.includes(raw)) return { ok: true, value: raw };
      return { ok: false, message: `${where} must be one of: ${options.join(", ")}; got ${JSON.stringify(raw)}` };
    }
    case "json": {
      if (typeof raw !== "string") return { ok: true, value: raw };
      try {
        return { ok: true, value: JSON.parse(raw) };
      } catch {
        // Plain text is valid JSON content for a json variable only when quoted; say so.
        return { ok: false, message: `${where} must be JSON text (declared type json), e.g. {"a":1} or "text" in quotes` };
      }
    }
  }
}

/** The text a value is written as in the prompt: json values as JSON, the rest as themselves. */
export function formatVariableValue(variable: Pick<Variable, "type"> | undefined, value: unknown): string {
  if (value === undefined) return "";
  if (variable?.type === "json" || typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export interface ResolvedVariable {
  index: number;
  variable: Variable;
  /** undefined when no value is available. */
  value: unknown;
  from: "input" | "testValue" | "default" | "none";
}

export interface ResolvedVariables {
  byName: Map<string, ResolvedVariable>;
  /** Inputs whose names no variable declares (still usable by matching placeholders). */
  undeclared: Map<string, unknown>;
  issues: AssemblyIssue[];
}

/** Picks each variable's value: explicit input > test value > default. */
export function resolveVariables(contract: Pick<Contract, "variables">, inputs: Record<string, unknown>): ResolvedVariables {
  const byName = new Map<string, ResolvedVariable>();
  const issues: AssemblyIssue[] = [];
  contract.variables.forEach((variable, index) => {
    const hasInput = Object.hasOwn(inputs, variable.name) && inputs[variable.name] !== undefined;
    const [raw, from]: [unknown, ResolvedVariable["from"]] = hasInput
      ? [inputs[variable.name], "input"]
      : variable.testValue !== undefined
        ? [variable.testValue, "testValue"]
        : variable.default !== undefined
          ? [variable.default, "default"]
          : [undefined, "none"];
    let value: unknown = undefined;
    if (from === "none") {
      if (variable.required)
        issues.push({
          severity: "error",
          path: `variables[${index}]`,
          message: `required variable '${variable.name}' has no value: give it an input, a test value or a default`,
        });
    } else {
      const c = coerceVariableValue(variable, raw);
      if (c.ok) value = c.value;
      else
        issues.push({
          severity: "error",
          path: `variables[${index}]`,
          message: `${c.message} (from ${from === "input" ? "the input" : from === "testValue" ? "its test value" : "its default"})`,
        });
    }
    byName.set(variable.name, { index, variable, value, from });
  });
  const undeclared = new Map<string, unknown>();
  for (const [name, value] of Object.entries(inputs)) if (!byName.has(name)) undeclared.set(name, value);
  return { byName, undeclared, issues };
}

/** The words that stand in the task for an untrusted variable's value, which is in the packet. */
export function variableReference(name: string): string {
  return `[variable "${name}", in the context packet below]`;
}

/** A run of filled text and the field it came from. */
export interface FilledPiece {
  text: string;
  /** The template's own field, or `variables[i]` for a substituted value. */
  field: string;
}

/**
 * Replaces placeholders in `template` (the field at `field`) with resolved values. Undeclared
 * placeholders are warned about and filled from a matching input if there is one, else left as
 * written; malformed ones (a format error already) are left as written.
 */
export function fillPlaceholders(
  template: string,
  field: string,
  vars: ResolvedVariables,
): { pieces: FilledPiece[]; used: Set<string>; issues: AssemblyIssue[] } {
  const pieces: FilledPiece[] = [];
  const used = new Set<string>();
  const issues: AssemblyIssue[] = [];
  let at = 0;
  const literal = (end: number) => {
    if (end > at) pieces.push({ text: template.slice(at, end), field });
  };
  for (const p of findPlaceholders(template)) {
    if (p.malformed) continue;
    const declared = vars.byName.get(p.name);
    literal(p.start);
    if (declared) {
      used.add(p.name);
      // An untrusted value is not written into the task: it is delimited in the context packet.
      const text = declared.variable.untrusted ? variableReference(p.name) : formatVariableValue(declared.variable, declared.value);
      pieces.push({ text, field: `variables[${declared.index}]` });
    } else if (vars.undeclared.has(p.name)) {
      used.add(p.name);
      issues.push({
        severity: "warning",
        path: field,
        message: `{{${p.name}}} is not a declared variable; filled from the input given, but declare it so its type is checked`,
      });
      pieces.push({ text: formatVariableValue(undefined, vars.undeclared.get(p.name)), field });
    } else {
      issues.push({ severity: "warning", path: field, message: `{{${p.name}}} is not a declared variable and is left as written` });
      pieces.push({ text: p.raw, field });
    }
    at = p.end;
  }
  literal(template.length);
  return { pieces, used, issues };
}

/** Warnings for declared variables no template uses and inputs nothing declares or uses. */
export function unusedVariableIssues(vars: ResolvedVariables, used: ReadonlySet<string>): AssemblyIssue[] {
  const issues: AssemblyIssue[] = [];
  for (const r of vars.byName.values())
    if (!used.has(r.variable.name))
      issues.push({
        severity: "warning",
        path: `variables[${r.index}]`,
        message: `'${r.variable.name}' is declared but {{${r.variable.name}}} appears nowhere in the task`,
      });
  for (const name of vars.undeclared.keys())
    if (!used.has(name))
      issues.push({ severity: "warning", path: "variables", message: `input '${name}' matches no declared variable and no placeholder; it is ignored` });
  return issues;
}

/** Fills one template and returns plain text: for callers that need no source map. */
export function fillTemplate(
  template: string,
  contract: Pick<Contract, "variables">,
  inputs: Record<string, unknown>,
): { text: string; issues: AssemblyIssue[] } {
  const vars = resolveVariables(contract, inputs);
  const { pieces, used, issues } = fillPlaceholders(template, "task.instruction", vars);
  return { text: pieces.map((p) => p.text).join(""), issues: [...vars.issues, ...issues, ...unusedVariableIssues(vars, used)] };
}
