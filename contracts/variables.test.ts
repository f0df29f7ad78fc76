import { describe, expect, it } from "vitest";
import { coerceVariableValue, fillTemplate, formatVariableValue, resolveVariables } from "./variables.ts";
import type { Variable } from "./schema/task.ts";

const v = (name: string, type: Variable["type"], extra: Partial<Variable> = {}): Variable => ({ name, type, description: "", required: true, ...extra });

describe("variables", () => {
  it.each([
    [v("n", "number"), "5", 5],
    [v("n", "number"), " -2.5 ", -2.5],
    [v("b", "boolean"), "TRUE", true],
    [v("b", "boolean"), "false", false],
    [v("e", "enum", { options: ["a", "b"] }), "b", "b"],
    [v("j", "json"), '{"x":[1,2]}', { x: [1, 2] }],
    [v("j", "json"), '"quoted"', "quoted"],
    [v("s", "string"), "42", "42"],
    [v("s", "string"), 42, "42"],
  ])("coerces %o from %j", (variable, raw, value) => {
    expect(coerceVariableValue(variable, raw)).toEqual({ ok: true, value });
  });

  it.each([
    [v("n", "number"), "", /must be a number/],
    [v("n", "number"), "5 apples", /must be a number/],
    [v("b", "boolean"), "yes", /true or false/],
    [v("e", "enum", { options: ["a", "b"] }), "c", /one of: a, b/],
    [v("j", "json"), "not json", /must be JSON/],
    [v("s", "string"), { a: 1 }, /must be text/],
  ])("rejects %o from %j", (variable, raw, message) => {
    const r = coerceVariableValue(variable, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("prefers an explicit input, then the test value, then the default", () => {
    const contract = {
      variables: [v("a", "string", { testValue: "test", default: "def" }), v("b", "string", { default: "def" }), v("c", "string", { required: false })],
    };
    const r = resolveVariables(contract, { a: "input" });
    expect([...r.byName.values()].map((x) => [x.value, x.from])).toEqual([
      ["input", "input"],
      ["def", "default"],
      [undefined, "none"],
    ]);
    expect(r.issues).toEqual([]);
    expect(resolveVariables(contract, {}).byName.get("a")!.from).toBe("testValue");
  });

  it("writes json values as JSON text and the rest as themselves", () => {
    expect(formatVariableValue(v("j", "json"), ["x", 1])).toBe('["x",1]');
    expect(formatVariableValue(v("j", "json"), "x")).toBe('"x"');
    expect(formatVariableValue(v("n", "number"), 3)).toBe("3");
    expect(formatVariableValue(undefined, undefined)).toBe("");
  });

  it("fills {{name}} and {{ name }} alike, and reports what it could not", () => {
    const contract = { variables: [v("who", "string"), v("unused", "string", { required: false })] };
    const r = fillTemplate("Hi {{who}} / {{ who }} / {{ghost}}", contract, { who: "Ada" });
    expect(r.text).toBe("Hi Ada / Ada / {{ghost}}");
    expect(r.issues.map((i) => [i.severity, i.path])).toEqual([
      ["warning", "task.instruction"],
      ["warning", "variables[1]"],
    ]);
  });
});
