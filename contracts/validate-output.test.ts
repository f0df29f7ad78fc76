import { describe, expect, it } from "vitest";
import { jsonPathOf, markdownHeadings, validateOutput } from "./validate-output.ts";
import type { Output } from "./schema/output.ts";

const triage: Output = {
  kind: "json_schema",
  name: "triage",
  strict: true,
  examples: [],
  schema: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: {
      priority: { type: "string", enum: ["low", "high"] },
      tags: { type: "array", items: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } },
      due: { type: "string", format: "date" },
    },
    required: ["priority", "tags"],
    additionalProperties: false,
  },
};

describe("validateOutput: json_schema", () => {
  it("accepts an answer that keeps the schema", () => {
    expect(validateOutput(triage, '{"priority":"low","tags":[{"id":1}],"due":"2026-01-02"}')).toMatchObject({ ok: true, violations: [], warnings: [] });
  });

  it.each([
    ['{"tags":[]}', "$.priority", /required/],
    ['{"priority":"urgent","tags":[]}', "$.priority", /^must be one of "low" or "high", got "urgent"$/],
    ['{"priority":"low","tags":[{"id":"x"}]}', "$.tags[0].id", /^must be an integer, got "x"$/],
    ['{"priority":"low","tags":[],"extra":1}', "$.extra", /not allowed/],
    ['{"priority":"low","tags":[],"due":"soon"}', "$.due", /^must be a valid date, got "soon"$/],
    ["not json at all", "$", /not valid JSON/],
    ["", "$", /empty/],
  ])("reports %s at %s", (answer, path, message) => {
    const result = validateOutput(triage, answer);
    expect(result.ok).toBe(false);
    const v = result.violations.find((x) => x.path === path);
    expect(v, JSON.stringify(result.violations)).toBeDefined();
    expect(v!.message).toMatch(message);
  });

  it("accepts JSON inside a ```json fence but flags it", () => {
    const result = validateOutput(triage, 'Here you go:\n```json\n{"priority":"high","tags":[]}\n```');
    expect(result.ok).toBe(true);
    expect(result.warnings[0]).toMatch(/code fence/);
  });

  it("reports a schema that cannot compile instead of throwing", () => {
    const bad: Output = { ...triage, schema: { type: "object", properties: { a: { type: "nonsense" } } } };
    const result = validateOutput(bad, "{}");
    expect(result.ok).toBe(false);
    expect(result.violations[0]!.message).toMatch(/cannot be used/);
  });

  it("writes JSON paths as $.a.b[0], quoting odd keys", () => {
    expect(jsonPathOf("")).toBe("$");
    expect(jsonPathOf("/a/b/0")).toBe("$.a.b[0]");
    expect(jsonPathOf("/a~1b/with space", "x")).toBe('$["a/b"]["with space"].x');
  });
});

describe("validateOutput: sections and text", () => {
  const sections: Output = {
    kind: "sections",
    examples: [],
    sections: [
      { heading: "Summary", required: true, description: "" },
      { heading: "Next steps", required: true, description: "" },
      { heading: "Notes", required: false, description: "" },
    ],
  };

  it("finds required headings at any level, case-insensitively", () => {
    expect(validateOutput(sections, "# summary\ntext\n\n### NEXT STEPS:\n- a").ok).toBe(true);
  });

  it("names each missing required section and ignores optional ones", () => {
    const result = validateOutput(sections, "## Summary\nAll fine.");
    expect(result.violations).toEqual([{ path: "output.sections[1]", message: 'required section "Next steps" is missing (no "## Next steps" heading)' }]);
  });

  it("does not count a heading inside a code fence", () => {
    expect(markdownHeadings("```\n## Summary\n```\n## Next steps")).toEqual(["next steps"]);
  });

  it("always accepts text", () => {
    expect(validateOutput({ kind: "text", description: "", examples: [] }, "anything").ok).toBe(true);
  });
});

describe("the test server's generated answers (used by the e2e tests)", async () => {
  const { minimalInstance, invalidInstance } = await import("../e2e/server/answers.ts");
  const schemas: Record<string, unknown>[] = [
    triage.kind === "json_schema" ? triage.schema : {},
    {
      type: "object",
      $defs: { item: { type: "object", properties: { n: { type: "integer", minimum: 3 } }, required: ["n"] } },
      properties: {
        items: { type: "array", minItems: 2, items: { $ref: "#/$defs/item" } },
        note: { anyOf: [{ type: "null" }, { type: "string", minLength: 12 }] },
        when: { type: ["string", "null"], format: "date-time" },
        kind: { const: "ticket" },
      },
      required: ["items", "note", "when", "kind"],
      additionalProperties: false,
    },
  ];
  it.each(schemas.map((s, i) => [i, s]))("schema %i: the minimal instance keeps it, the invalid one breaks it", (_i, schema) => {
    const output: Output = { kind: "json_schema", name: "t", strict: true, examples: [], schema: schema as Record<string, unknown> };
    expect(validateOutput(output, JSON.stringify(minimalInstance(schema))).violations).toEqual([]);
    expect(validateOutput(output, JSON.stringify(invalidInstance(schema as Record<string, unknown>))).ok).toBe(false);
  });
});

describe("validateOutput: an answer cut off at max_tokens (finish_reason length)", () => {
  const sections: Output = { kind: "sections", examples: [], sections: [{ heading: "Summary", required: true, description: "" }] };
  const text: Output = { kind: "text", description: "", examples: [] };

  it("a truncated JSON answer says it was cut off, not only that the JSON does not parse", () => {
    const r = validateOutput(triage, '{"priority":"lo', { finishReason: "length" });
    expect(r.ok).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.message).toMatch(/^cut off at max_tokens \(finish_reason length\): the JSON answer is incomplete/);
    // Without the finish reason it is only a syntax error.
    expect(validateOutput(triage, '{"priority":"lo').violations[0]!.message).toMatch(/^the answer is not valid JSON/);
  });

  it.each([
    ["json that happens to parse", triage, '{"priority":"low","tags":[]}'],
    ["sections with every heading", sections, "## Summary\nAll good"],
    ["text", text, "Some words and then"],
  ] as const)("%s still fails, with the reason first", (_name, output, answer) => {
    expect(validateOutput(output, answer, { finishReason: "stop" }).ok).toBe(true);
    const r = validateOutput(output, answer, { finishReason: "length" });
    expect(r.ok).toBe(false);
    expect(r.violations[0]).toEqual({ path: "$", message: "cut off at max_tokens (finish_reason length)" });
  });
});
