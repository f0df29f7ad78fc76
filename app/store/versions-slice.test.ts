// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { serializeContract, type Contract } from "../../contracts/index.ts";
import { planImport } from "../features/import-export/import-export.ts";
import { resetStudioStore, studioStore } from "./index.ts";

const s = () => studioStore.getState();
const contract = () => s().entries.k0!.contract;
const NOW = new Date("2026-11-24T10:00:00Z");

/** The draft without the `sentiment` output field: a breaking (major) change. */
function dropSentiment(c: Contract): Contract {
  if (c.output.kind !== "json_schema") throw new Error("expected a JSON schema output");
  const schema = structuredClone(c.output.schema) as { required: string[]; properties: Record<string, unknown> };
  schema.required = schema.required.filter((f) => f !== "sentiment");
  delete schema.properties.sentiment;
  return { ...c, output: { ...c.output, schema } };
}

describe("versions slice", () => {
  beforeEach(() => {
    resetStudioStore();
    const [triage] = exampleContracts();
    s().hydrate({ entries: { k0: { key: "k0", contract: triage!, revision: 1, updatedAt: 0 } }, order: ["k0"], selectedKey: "k0", broken: [] });
  });

  it("publishes the draft as 1.0.0 with its message and review, and bumps the revision", () => {
    const r = s().publishDraft("k0", { version: "1.0.0", message: "First", review: { status: "approved", by: "Ana, PM", at: "Tuesday" } }, NOW);
    expect(r.ok).toBe(true);
    const v = contract().history!.versions[0]!;
    expect(v).toMatchObject({ version: "1.0.0", message: "First", createdAt: "2026-11-24T10:00:00.000Z", review: { status: "approved", by: "Ana, PM" } });
    expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s().entries.k0!.revision).toBe(2);
  });

  it("refuses a version lower than the breaking change calls for, and changes nothing", () => {
    s().publishDraft("k0", { version: "1.0.0", message: "First" }, NOW);
    s().updateContract("k0", dropSentiment);
    const before = s().entries.k0!;
    const lower = s().publishDraft("k0", { version: "1.1.0", message: "Drop sentiment" }, NOW);
    expect(lower.ok).toBe(false);
    if (!lower.ok) expect(lower.errors[0]).toMatchObject({ path: "version", message: expect.stringContaining("must be at least 2.0.0") });
    const equal = s().publishDraft("k0", { version: "1.0.0", message: "Again" }, NOW);
    expect(equal.ok).toBe(false);
    expect(s().entries.k0).toBe(before);
    expect(s().publishDraft("k0", { version: "2.0.0", message: "Drop sentiment" }, NOW).ok).toBe(true);
  });

  it("refuses to publish without a changelog message", () => {
    const r = s().publishDraft("k0", { version: "1.0.0", message: "  " }, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toBe("message");
    expect(contract().history).toBeUndefined();
  });

  it("restores a version into the draft and leaves every published version as it was", () => {
    s().publishDraft("k0", { version: "1.0.0", message: "First" }, NOW);
    s().updateContract("k0", dropSentiment);
    s().publishDraft("k0", { version: "2.0.0", message: "Drop sentiment" }, NOW);
    const published = structuredClone(contract().history!.versions);
    expect(s().restoreToDraft("k0", "1.0.0").ok).toBe(true);
    const draft = contract();
    expect(draft.output.kind === "json_schema" && "sentiment" in (draft.output.schema.properties as object)).toBe(true);
    expect(draft.history!.versions).toEqual(published);
    expect(s().restoreToDraft("k0", "9.9.9").ok).toBe(false);
  });

  it("moves a label and logs the move; the file keeps history through export and import", () => {
    s().publishDraft("k0", { version: "1.0.0", message: "First" }, NOW);
    s().updateContract("k0", dropSentiment);
    s().publishDraft("k0", { version: "2.0.0", message: "Drop sentiment" }, NOW);
    s().pointLabel("k0", "production", "1.0.0", NOW);
    s().pointLabel("k0", "production", "2.0.0", NOW);
    expect(s().pointLabel("k0", "bad label!", "2.0.0", NOW).ok).toBe(false);
    const h = contract().history!;
    expect(h.labels).toEqual({ production: "2.0.0" });
    expect(h.labelMoves.map((m) => [m.label, m.from, m.to])).toEqual([
      ["production", null, "1.0.0"],
      ["production", "1.0.0", "2.0.0"],
    ]);
    const plan = planImport(serializeContract(contract()), new Set());
    expect(plan.kind).toBe("ok");
    if (plan.kind === "ok") expect(plan.contract.history).toEqual(h);
  });

  it("sets a published version's review status without touching its body or hash", () => {
    s().publishDraft("k0", { version: "1.0.0", message: "First" }, NOW);
    const before = structuredClone(contract().history!.versions[0]!);
    const r = s().reviewVersionStatus("k0", "1.0.0", { status: "approved", by: "Ana, PM", at: "Tuesday standup" });
    expect(r.ok).toBe(true);
    const after = contract().history!.versions[0]!;
    expect(after.review).toEqual({ status: "approved", by: "Ana, PM", at: "Tuesday standup" });
    expect({ ...after, review: undefined }).toEqual({ ...before, review: undefined });
    expect(s().entries.k0!.revision).toBe(3);
    const missing = s().reviewVersionStatus("k0", "9.9.9", { status: "approved", by: "", at: "" });
    expect(missing.ok).toBe(false);
    expect(contract().history!.versions[0]!.review?.status).toBe("approved");
  });
});
