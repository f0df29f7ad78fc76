import { describe, expect, it } from "vitest";
import { assemble } from "./assemble.ts";
import { EXAMPLE_FILES } from "./examples/index.ts";
import { MAX_NESTING, parseContract, tooDeep } from "./parse.ts";

const withSchema = (depth: number) => {
  const b = structuredClone(EXAMPLE_FILES["support-triage.contract.json"]) as { output: { schema: unknown } };
  b.output.schema = "__DEEP__";
  return JSON.stringify(b).replace('"__DEEP__"', '{"items":'.repeat(depth) + "{}" + "}".repeat(depth));
};

describe("nesting depth", () => {
  it("refuses a 10,000-deep output schema with the path where it gets too deep, instead of overflowing assembly later", () => {
    const parsed = parseContract(withSchema(10_000));
    expect(parsed.ok).toBe(false);
    const [error] = parsed.ok ? [] : parsed.errors;
    expect(error?.path.startsWith("output.schema.items.items")).toBe(true);
    expect(error?.message).toBe(`is nested more than ${MAX_NESTING} levels deep`);
  });

  it("accepts a schema nested just under the limit, and it assembles", () => {
    const parsed = parseContract(withSchema(MAX_NESTING - 4));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(() => assemble(parsed.value)).not.toThrow();
  });

  it("measures without recursion", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(tooDeep(v)?.length).toBe(MAX_NESTING);
    expect(tooDeep({ a: [{ b: 1 }] })).toBeNull();
  });
});
