import { describe, expect, it } from "vitest";
import { jsonPathValue, parseJsonPath } from "./json-path.ts";

describe("the JSONPath subset", () => {
  const doc = { items: [{ id: "a" }, { id: "b" }], "first name": "Ada", 'q"uote': 1 };
  it.each([
    ["$", doc],
    ["$.items[0].id", "a"],
    ["$.items[-1].id", "b"],
    ["$['first name']", "Ada"],
    ['$["q\\"uote"]', 1],
  ])("%s", (path, value) => {
    expect(jsonPathValue(doc, path)).toEqual({ found: true, value });
  });

  it.each([
    ["items[0]", "a path starts with $"],
    ["$.", "a name must follow '.'"],
    ["$..id", "a name must follow '.'"],
    ["$[*]", "'[' takes an index"],
    ["$['open", "a quoted key must end"],
  ])("refuses %s with a sentence", (path, message) => {
    const p = parseJsonPath(path);
    expect(!p.ok && p.message).toContain(message);
  });

  it("says where a walk stops", () => {
    expect(jsonPathValue(doc, "$.items[5]")).toEqual({ found: false, message: "$.items has no item [5] (it has 2)" });
    expect(jsonPathValue(doc, "$.items.id")).toEqual({ found: false, message: "$.items is not an object" });
  });
});
