import type { z } from "zod";
import { CONTRACT_FORMAT, ContractSchema, type Contract } from "./schema/contract.ts";
import { formatPath, fromZodError, type ContractError, type Result } from "./errors.ts";
import { MIGRATIONS, knownFormats, migrate, type Migration } from "./migrations/index.ts";

/** Position of a JSON.parse failure as "line L, column C" when the engine reports one. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return "";
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return ` at line ${line}, column ${column}`;
}

export function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ path: "(file)", message: `is not valid JSON${jsonErrorWhere(text, msg)}: ${msg}` }] };
  }
}

/**
 * Deepest nesting a contract file may have. Real contracts stay far below (an output schema a
 * dozen levels deep is already rare); a 10,000-deep schema parses as JSON but then overflows
 * the stack of every recursive reader (assembly, the schema check, the diff), so it is refused
 * here, with the path where it gets too deep.
 */
export const MAX_NESTING = 128;

/** The path of the first value nested deeper than `limit`, or null. Iterative: it must not overflow itself. */
export function tooDeep(value: unknown, limit = MAX_NESTING): PropertyKey[] | null {
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (path.length >= limit) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return null;
}

/** What a reader of contract files needs: the current revision, its file schema and the migrations to it. */
export interface ContractFormat<C> {
  format: string;
  schema: z.ZodType<C>;
  migrations: readonly Migration[];
}

/**
 * A reader of contract files for one format definition (parseContract is the current one;
 * tests build others to prove old files survive a schema change). It checks the format tag,
 * migrates the draft, then validates. The history is not migrated here: each version keeps its
 * frozen body as published and the history schema reads it through the migrations itself.
 */
export function contractReader<C>({ format, schema, migrations }: ContractFormat<C>): (input: unknown) => Result<C> {
  return (input) => {
    let data = input;
    if (typeof input === "string") {
      const json = parseJson(input);
      if (!json.ok) return json;
      data = json.value;
    }
    if (typeof data !== "object" || data === null || Array.isArray(data))
      return { ok: false, errors: [{ path: "(file)", message: "must be a JSON object (a contract file)" }] };
    const deep = tooDeep(data);
    if (deep) return { ok: false, errors: [{ path: formatPath(deep), message: `is nested more than ${MAX_NESTING} levels deep` }] };
    const file = data as Record<string, unknown>;
    const errors: ContractError[] = [];
    if (file.format === undefined) {
      errors.push({ path: "format", message: `is required: a contract file starts with "format": "${format}"` });
      return { ok: false, errors };
    }
    const { history, ...draft } = file;
    const migrated = migrate(draft, format, migrations);
    if (!migrated) {
      const known = knownFormats(format, migrations)
        .map((f) => `'${f}'`)
        .join(", ");
      return { ok: false, errors: [{ path: "format", message: `unknown format '${String(file.format)}'; this app reads ${known}` }] };
    }
    const parsed = schema.safeParse("history" in file ? { ...migrated, history } : migrated, { reportInput: true });
    if (!parsed.success) return { ok: false, errors: fromZodError(parsed.error) };
    return { ok: true, value: parsed.data };
  };
}

/**
 * Reads a contract from file text or an already-parsed value: checks the format tag,
 * migrates older formats, then validates. Errors name their JSON path; nothing throws.
 */
export function parseContract(input: unknown): Result<Contract> {
  return readCurrent(input);
}
const readCurrent = contractReader({ format: CONTRACT_FORMAT, schema: ContractSchema, migrations: MIGRATIONS });

/**
 * The file text of a contract: 2-space JSON, keys in schema order (zod emits them so),
 * a trailing newline. Stable, so exports diff cleanly in git and round-trip byte for byte.
 */
export function serializeContract(contract: Contract): string {
  return JSON.stringify(contract, null, 2) + "\n";
}

/** `NAME.contract.json`, from the contract's id. */
export function contractFileName(contract: Pick<Contract, "id">): string {
  return `${contract.id}.contract.json`;
}
