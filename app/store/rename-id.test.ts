import { describe, expect, it } from "vitest";
import { blankContract, idForRename, slugOf, type WorkspaceEntry } from "./workspace-slice.ts";

const entries = (...ids: string[]): Record<string, WorkspaceEntry> =>
  Object.fromEntries(ids.map((id, i) => [`k${i}`, { key: `k${i}`, contract: { ...blankContract(id), name: "Untitled contract" }, revision: 1, updatedAt: 0 }]));

describe("idForRename", () => {
  it("offers the new name's slug while the id is the old name's slug (or it with a number)", () => {
    expect(slugOf("Refund answers: EU & UK")).toBe("refund-answers-eu-uk");
    expect(idForRename("k0", "Untitled contract", "Refund answers", entries("untitled-contract"))).toBe("refund-answers");
    expect(idForRename("k1", "Untitled contract", "Refund answers", entries("x", "untitled-contract-2"))).toBe("refund-answers");
  });

  it("makes the offer unique among the other contracts", () => {
    expect(idForRename("k0", "Untitled contract", "Refund answers", entries("untitled-contract", "refund-answers"))).toBe("refund-answers-2");
  });

  it("offers nothing for an id chosen by hand, or when the slug stays the same", () => {
    expect(idForRename("k0", "Support ticket triage", "Ticket triage", entries("support-triage"))).toBeNull();
    expect(idForRename("k0", "Untitled contract", "untitled   contract", entries("untitled-contract"))).toBeNull();
    expect(idForRename("missing", "a", "b", entries("a"))).toBeNull();
  });
});
