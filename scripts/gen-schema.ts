/**
 * Writes public/contract.schema.json, the contract format as JSON Schema, generated from the
 * zod schema (the single source of truth). Run `npm run gen:schema` after a format change;
 * a unit test fails while the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { contractJsonSchema } from "../contracts/schema/json-schema.ts";

export const SCHEMA_FILE = resolve(import.meta.dirname, "../public/contract.schema.json");

/** The file's exact text: 2-space JSON and a trailing newline, like contract files. */
export function contractSchemaText(): string {
  return JSON.stringify(contractJsonSchema(), null, 2) + "\n";
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(SCHEMA_FILE, contractSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
