import { describe, expect, it } from "vitest";
import { assemble } from "../../contracts/assemble.ts";
import { blankContract } from "./workspace-slice.ts";

describe("the new-contract starter", () => {
  it("assembles with no errors or warnings of its own", () => {
    const result = assemble(blankContract("untitled"), {}, { countTokens: false });
    expect(result.issues).toEqual([]);
  });

  it("uses its declared variable's test value in the request", () => {
    const c = blankContract("untitled");
    expect(c.task.instruction).toContain("{{question}}");
    const user = assemble(c, {}, { countTokens: false })
      .request.messages.map((m) => m.content)
      .join("\n");
    expect(user).toContain("What can you help me with?");
    expect(user).not.toContain("{{");
  });
});
