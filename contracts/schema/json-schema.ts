import { z } from "zod";
import { ContractFileSchema } from "./contract.ts";

/**
 * The contract file format as JSON Schema (draft 2020-12), generated from the zod schema so
 * there is one source of truth. Input mode: fields with defaults are optional in a file.
 * Used by the raw editor for validation and completion; published at /contract.schema.json.
 */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ContractFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "urn:contract-studio:contract@1", title: "Contract Studio contract" };
}
