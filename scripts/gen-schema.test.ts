import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { exampleContracts, EXAMPLE_FILES } from "../contracts/examples/index.ts";
import { contractSchemaText, SCHEMA_FILE } from "./gen-schema.ts";

describe("public/contract.schema.json", () => {
  it("equals the schema generated from zod (run `npm run gen:schema` when this fails)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(contractSchemaText());
  });

  it("accepts every example file", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(contractSchemaText()));
    expect(exampleContracts()).toHaveLength(3);
    for (const [file, data] of Object.entries(EXAMPLE_FILES)) expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });
});
