import { CONTRACT_FORMAT, ContractSchema, type Contract } from "./schema/contract.ts";
import { fromZodError, type ContractError, type Result } from "./errors.ts";
import { knownFormats, migrate } from "./migrations/index.ts";

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
 * Reads a contract from file text or an already-parsed value: checks the format tag,
 * migrates older formats, then validates. Errors name their JSON path; nothing throws.
 */
export function parseContract(input: unknown): Result<Contract> {
  let data = input;
  if (typeof input === "string") {
    const json = parseJson(input);
    if (!json.ok) return json;
    data = json.value;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, errors: [{ path: "(file)", message: "must be a JSON object (a contract file)" }] };
  const file = data as Record<string, unknown>;
  const errors: ContractError[] = [];
  if (file.format === undefined) {
    errors.push({ path: "format", message: `is required: a contract file starts with "format": "${CONTRACT_FORMAT}"` });
    return { ok: false, errors };
  }
  const migrated = migrate(file, CONTRACT_FORMAT);
  if (!migrated) {
    const known = knownFormats(CONTRACT_FORMAT).map((f) => `'${f}'`).join(", ");
    return { ok: false, errors: [{ path: "format", message: `unknown format '${String(file.format)}'; this app reads ${known}` }] };
  }
  const parsed = ContractSchema.safeParse(migrated, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: fromZodError(parsed.error) };
  return { ok: true, value: parsed.data };
}

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
