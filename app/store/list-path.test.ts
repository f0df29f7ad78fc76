import { describe, expect, it } from "vitest";
import { getAt, parsePath, setAt, shiftKeys } from "./list-path.ts";

describe("list paths", () => {
  it("reads and replaces a nested list without touching the original", () => {
    const root = { variables: [{ name: "a", options: ["x", "y"] }], policy: { rules: ["r"] } };
    expect(parsePath("variables[0].options")).toEqual(["variables", 0, "options"]);
    expect(getAt(root, "variables[0].options")).toEqual(["x", "y"]);
    const next = setAt(root, "variables[0].options", ["z"]);
    expect(next.variables[0]!.options).toEqual(["z"]);
    expect(root.variables[0]!.options).toEqual(["x", "y"]);
    expect(next.policy).toBe(root.policy);
  });

  it("shifts path keys of later items when one is removed or inserted", () => {
    const map = { "tests[0].variables": 0, "tests[1].variables": 1, "tests[2].assertions": 2, "output.schema": 9 };
    expect(shiftKeys(map, "tests", 1, -1)).toEqual({ "tests[0].variables": 0, "tests[1].assertions": 2, "output.schema": 9 });
    expect(shiftKeys(map, "tests", 1, 1)).toEqual({ "tests[0].variables": 0, "tests[2].variables": 1, "tests[3].assertions": 2, "output.schema": 9 });
  });
});
