import { describe, expect, it } from "vitest";
import type { Contract } from "../schema/contract.ts";
import { labelMoveRisk } from "./label-move.ts";
import { moveLabel, publishVersion } from "./publish.ts";
import { testContract } from "./test-contract.ts";

const T = "2026-03-01T10:00:00.000Z";

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

const removePriority = (c: Contract): Contract => {
  const schema = structuredClone((c.output as { schema: Record<string, unknown> }).schema) as { properties: Record<string, unknown>; required: string[] };
  delete schema.properties.priority;
  schema.required = schema.required.filter((r) => r !== "priority");
  return { ...c, output: { ...c.output, schema } as Contract["output"] };
};

/** 1.0.0, 2.0.0 (a required output field removed: major), 2.0.1 (the role reworded: patch); production on 1.0.0. */
function history(): Contract {
  let c = ok(publishVersion(testContract(), { message: "First", now: T }));
  c = ok(publishVersion(removePriority(c), { message: "Drop priority", now: T }));
  c = ok(publishVersion({ ...c, policy: { ...c.policy, role: `${c.policy.role} Be brief.` } }, { message: "Wording", now: T }));
  return ok(moveLabel(c, "production", "1.0.0", { now: T }));
}

describe("labelMoveRisk", () => {
  it("names the versions and the major reasons when production would cross a major change", () => {
    const risk = labelMoveRisk(history(), "production", "2.0.0");
    expect(risk).toMatchObject({ label: "production", from: "1.0.0", to: "2.0.0" });
    expect(risk!.reasons.length).toBeGreaterThan(0);
    expect(risk!.reasons.every((r) => r.level === "major")).toBe(true);
    expect(risk!.reasons.map((r) => r.sentence).join("\n")).toContain("priority");
  });

  it("is null for a move that is not major, for an unguarded label, and for a first placement", () => {
    const c = ok(moveLabel(history(), "production", "2.0.0", { now: T }));
    expect(labelMoveRisk(c, "production", "2.0.1")).toBeNull();
    expect(labelMoveRisk(c, "production", "2.0.0")).toBeNull();
    expect(labelMoveRisk(c, "staging", "1.0.0")).toBeNull();
    const fresh = ok(publishVersion(testContract(), { message: "First", now: T }));
    expect(labelMoveRisk(fresh, "production", "1.0.0")).toBeNull();
  });

  it("judges the diff from where the label points now to the target (a label name is trimmed)", () => {
    // Back from 2.0.1 to 1.0.0 adds the field again: readers of 2.0.1's output do not break.
    const c = ok(moveLabel(history(), "production", "2.0.1", { now: T }));
    expect(labelMoveRisk(c, " production ", "1.0.0")).toBeNull();
    expect(labelMoveRisk(history(), " production ", "2.0.1")).toMatchObject({ from: "1.0.0", to: "2.0.1" });
  });
});
