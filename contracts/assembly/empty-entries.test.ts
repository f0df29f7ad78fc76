import { describe, expect, it } from "vitest";
import { assemble } from "../assemble.ts";
import { exampleContracts } from "../examples/index.ts";

const base = exampleContracts()[0]!;

describe("empty list entries", () => {
  it("an empty rule and a blank constraint are warnings at their own row, and left out of the prompt", () => {
    const c = { ...base, policy: { ...base.policy, rules: [...base.policy.rules, ""] }, task: { ...base.task, constraints: ["  ", ...base.task.constraints] } };
    const r = assemble(c, {}, { countTokens: false });
    const warnings = r.issues.filter((i) => i.severity === "warning" && i.message.startsWith("empty "));
    expect(warnings.map((w) => w.path)).toEqual([`policy.rules[${base.policy.rules.length}]`, "task.constraints[0]"]);
    expect(warnings[0]!.message).toBe("empty rule: it is left out of the prompt; write it or remove it");
    expect(r.request.messages[0]!.content).toBe(assemble(base, {}, { countTokens: false }).request.messages[0]!.content);
  });

  it("a contract whose entries are all written has none", () => {
    expect(assemble(base, {}, { countTokens: false }).issues.filter((i) => i.message.startsWith("empty "))).toEqual([]);
  });
});
