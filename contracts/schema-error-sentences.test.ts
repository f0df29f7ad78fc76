import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { metaSchemaSentences, sentencesOf } from "./schema-error-sentences.ts";
import { outputSchemaIssues } from "./assembly/output-schema-check.ts";
import { validateOutput } from "./validate-output.ts";

const ajv = new Ajv2020({ strict: false, allErrors: true });

function answerSentences(schema: object, answer: unknown) {
  const validate = ajv.compile(schema);
  expect(validate(answer)).toBe(false);
  return sentencesOf(validate.errors, answer).map((s) => `${s.path} ${s.message}`);
}

describe("an answer's schema errors: one sentence per path", () => {
  it.each([
    [{ properties: { eligible: { type: "boolean" } } }, { eligible: "yes" }, ['$.eligible must be a boolean, got "yes"']],
    [{ properties: { n: { type: ["integer", "null"] } } }, { n: 1.5 }, ["$.n must be an integer or null, got 1.5"]],
    [{ properties: { p: { enum: ["low", "high"] } } }, { p: "urgent" }, ['$.p must be one of "low" or "high", got "urgent"']],
    [{ required: ["id"] }, {}, ["$.id is required but missing"]],
    [{ properties: { tags: { type: "array", maxItems: 1 } } }, { tags: [1, 2] }, ["$.tags must have at most 1 items, got a list"]],
    [{ properties: { s: { type: "string", minLength: 3 } } }, { s: "ab" }, ['$.s must be at least 3 characters long, got "ab"']],
    // anyOf reports itself and each branch: the branches say more, and once per path.
    [{ properties: { v: { anyOf: [{ type: "string" }, { type: "number" }] } } }, { v: true }, ["$.v must be a string, got true"]],
  ])("%j with %j", (schema, answer, expected) => {
    expect(answerSentences(schema, answer)).toEqual(expected);
  });

  it("quotes a long value by its kind, not in full", () => {
    expect(answerSentences({ properties: { s: { type: "number" } } }, { s: "x".repeat(100) })).toEqual([
      "$.s must be a number, got a string of 102 characters",
    ]);
  });

  it("validateOutput says it the same way", () => {
    const r = validateOutput(
      { kind: "json_schema", name: "t", strict: true, examples: [], schema: { type: "object", properties: { eligible: { type: "boolean" } } } },
      '{"eligible":"yes"}',
    );
    expect(r.violations).toEqual([{ path: "$.eligible", message: 'must be a boolean, got "yes"' }]);
  });
});

describe("an invalid output schema: one sentence per path inside it", () => {
  it("a misspelt type names the path, the allowed types and what was written", () => {
    const sentences = metaSchemaSentences(ajv, { type: "object", properties: { eligible: { type: "bool" } } });
    expect(sentences).toEqual(['properties.eligible.type must be one of "array", "boolean", "integer", "null", "number", "object" or "string", got "bool"']);
  });

  it("a repeated complaint about one path is said once", () => {
    const sentences = metaSchemaSentences(ajv, { type: "object", additionalProperties: "no", required: "id" });
    expect(sentences).toEqual(['additionalProperties must be an object or a boolean, got "no"', 'required must be a list, got "id"']);
  });

  it("the preview's issue carries no validator jargon", () => {
    const issues = outputSchemaIssues({ type: "object", properties: { eligible: { type: "bool" } } }, false, true);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^is not a valid JSON Schema: properties\.eligible\.type must be one of .*, got "bool"$/);
    expect(issues[0]!.message).not.toMatch(/data\/|must match a schema in anyOf|must be equal to one of the allowed values/);
  });

  it("a schema the meta-schema accepts but ajv cannot compile keeps ajv's own words", () => {
    const issues = outputSchemaIssues({ $ref: "#/$defs/missing" }, false, true);
    expect(issues[0]!.message).toMatch(/can't resolve reference/);
  });
});
