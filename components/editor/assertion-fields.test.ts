import { describe, expect, it } from "vitest";
import { AssertionSchema } from "../../contracts/schema/tests.ts";
import { assertionForms, newAssertion, paramLabel, typeLabel } from "./assertion-fields.ts";

describe("assertion forms from the assertion schema", () => {
  const forms = assertionForms(AssertionSchema);
  const form = (type: string) => forms.find((f) => f.type === type)!;

  it("one form per assertion type, in the schema's order", () => {
    expect(forms.map((f) => f.type)).toEqual(AssertionSchema.options.map((o) => o.shape.type.value));
  });

  it("a param's kind and default come from its zod type", () => {
    expect(form("contains").fields).toEqual([
      { name: "value", kind: "string", options: [], optional: false, defaultValue: undefined, description: "" },
      { name: "caseSensitive", kind: "boolean", options: [], optional: false, defaultValue: false, description: "" },
    ]);
    expect(form("max_length").fields[0]).toMatchObject({ name: "max", kind: "number" });
    expect(form("schema_valid").fields).toEqual([]);
  });

  it("a new assertion is valid once its required text is filled in", () => {
    for (const f of forms) {
      const a = newAssertion(f);
      // Required text and lists filled in: a JSON path must be a path ($.x); lists need one entry.
      for (const p of f.fields) {
        if (p.defaultValue !== undefined || p.optional) continue;
        if (p.kind === "string") a[p.name] = p.name === "path" ? "$.x" : "x";
        if (p.kind === "strings" || (p.kind === "json" && p.name === "values")) a[p.name] = ["x"];
      }
      expect(AssertionSchema.safeParse(a).success, f.type).toBe(true);
    }
  });

  it("labels read as words", () => {
    expect(typeLabel("says_idk")).toBe("Says “I don't know”");
    expect(typeLabel("max_length")).toBe("Max length");
    expect(paramLabel("caseSensitive")).toBe("Case sensitive");
  });
});
