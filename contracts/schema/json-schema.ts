import { z } from "zod";
import { CONTRACT_FORMAT, ContractFileSchema } from "./contract.ts";

/** The JSON Schema's $id: names the format revision it describes. */
export const CONTRACT_SCHEMA_ID = `urn:${CONTRACT_FORMAT.replace("/", ":")}`;

/**
 * The contract file format as JSON Schema (draft 2020-12), generated from the zod schema so
 * there is one source of truth. Input mode: fields with defaults are optional in a file.
 * Used by the raw editor for validation and completion; published at /contract.schema.json.
 */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ContractFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: CONTRACT_SCHEMA_ID, title: "Contract Studio contract" };
}
