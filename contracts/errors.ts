import type { z } from "zod";

/** A problem with a contract, as shown to people: where, and what is wrong, in a sentence. */
export interface ContractError {
  /** JSON path like `variables[2].name`; `(file)` for the file as a whole. */
  path: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: ContractError[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string" && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out || "(file)";
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return "a string";
  if (typeof v === "number") return "a number";
  if (typeof v === "boolean") return "true/false";
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
};

/** One zod issue as a plain sentence. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${typeName(issue.input)}`;
    case "invalid_value":
      if (issue.values.length === 1) return `must be ${JSON.stringify(issue.values[0])}`;
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `must be one of: ${options.map((v) => JSON.stringify(v)).join(", ")}`;
      return "does not match any allowed shape";
    }
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1 && !issue.message.startsWith("Too small")) return issue.message;
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      if (issue.origin === "array") return issue.message.startsWith("Too small") ? `needs at least ${issue.minimum} item(s)` : issue.message;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return issue.message.startsWith("Too big") ? `allows at most ${issue.maximum} item(s)` : issue.message;
      return `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

/** zod issues as ContractErrors. Parse with `reportInput: true` so type errors can say what was found. */
export function fromZodError(error: z.ZodError, prefix: readonly PropertyKey[] = []): ContractError[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: describeIssue(issue) }));
}

/** `path: sentence`, the form the CLI prints and the UI lists. */
export function errorLine(e: ContractError): string {
  return `${e.path}: ${e.message}`;
}
