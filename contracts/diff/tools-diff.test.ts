import { describe, expect, it } from "vitest";
import { ToolSchema, type ToolInput } from "../schema/tools.ts";
import { diffTools } from "./tools-diff.ts";

const tool = (extra: Partial<ToolInput> = {}) =>
  ToolSchema.parse({
    name: "lookup_order",
    description: "Finds an order.",
    parameters: { type: "object", properties: { id: { type: "string", description: "Order id" }, verbose: { type: "boolean" } }, required: ["id"] },
    ...extra,
  });
const params = (properties: Record<string, unknown>, required: string[] = ["id"], more: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  required,
  ...more,
});
const ID = { type: "string", description: "Order id" };

describe("tool changes, judged from the code that handles the calls", () => {
  it.each([
    ["a removed tool", [tool()], [], "tool_removed", "major"],
    ["an added tool", undefined, [tool()], "tool_added", "minor"],
    [
      "a new required parameter",
      [tool()],
      [tool({ parameters: params({ id: ID, verbose: { type: "boolean" }, store: { type: "string" } }, ["id", "store"]) })],
      "tool_required_parameter_added",
      "major",
    ],
    [
      "a new optional parameter",
      [tool()],
      [tool({ parameters: params({ id: ID, verbose: { type: "boolean" }, store: { type: "string" } }) })],
      "tool_optional_parameter_added",
      "minor",
    ],
    ["a removed parameter", [tool()], [tool({ parameters: params({ id: ID }) })], "tool_parameter_removed", "major"],
    [
      "a retyped parameter",
      [tool()],
      [tool({ parameters: params({ id: { type: "integer", description: "Order id" }, verbose: { type: "boolean" } }) })],
      "tool_parameter_retyped",
      "major",
    ],
    [
      "a parameter made optional",
      [tool()],
      [tool({ parameters: params({ id: ID, verbose: { type: "boolean" } }, []) })],
      "tool_parameter_made_optional",
      "major",
    ],
    [
      "a reworded parameter",
      [tool()],
      [tool({ parameters: params({ id: { type: "string", description: "The order's id" }, verbose: { type: "boolean" } }) })],
      "tool_parameter_described",
      "patch",
    ],
    [
      "closed extra properties",
      [tool()],
      [tool({ parameters: params({ id: ID, verbose: { type: "boolean" } }, ["id"], { additionalProperties: false }) })],
      "tool_parameters_changed",
      "minor",
    ],
    ["a reworded description", [tool()], [tool({ description: "Looks an order up." })], "tool_description_changed", "patch"],
    ["confirmation added", [tool()], [tool({ requiresConfirmation: true })], "tool_confirmation_added", "minor"],
    ["confirmation removed", [tool({ requiresConfirmation: true })], [tool()], "tool_confirmation_removed", "major"],
  ])("%s", (_what, a, b, kind, level) => {
    const changes = diffTools(a, b).changes;
    expect(changes.map((c) => [c.kind, c.level])).toEqual([[kind, level]]);
    expect(changes[0]!.sentence).toMatch(/^[A-Z]/);
  });

  it("finds nothing between equal tools, or no tools and an empty list", () => {
    expect(diffTools([tool()], [tool()]).changes).toEqual([]);
    expect(diffTools(undefined, []).changes).toEqual([]);
  });

  it("names the path of the parameter", () => {
    const [c] = diffTools([tool()], [tool({ parameters: params({ id: ID }) })]).changes;
    expect(c!.path).toBe("tools[0].parameters.properties.verbose");
  });
});
