import { describe, expect, it } from "vitest";
import { parseContract, serializeContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { contentHash } from "./hash.ts";
import { legacyHash } from "./legacy-hash.ts";
import {
  draftBody,
  hasUnpublishedChanges,
  labelsOf,
  latestVersion,
  moveLabel,
  planPublish,
  publishVersion,
  removeLabel,
  restoreVersion,
  setReview,
  versionBody,
} from "./publish.ts";
import { testContract, testContractInput } from "./test-contract.ts";

const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-02T10:00:00.000Z";

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

const removePriority = (c: Contract): Contract => {
  const schema = structuredClone((c.output as { schema: Record<string, unknown> }).schema) as { properties: Record<string, unknown>; required: string[] };
  delete schema.properties.priority;
  schema.required = schema.required.filter((r) => r !== "priority");
  return { ...c, output: { ...c.output, schema } as Contract["output"] };
};

function published(): Contract {
  return ok(publishVersion(testContract(), { message: "First release", now: T1 }));
}

describe("publishVersion", () => {
  it("publishes the first version as 1.0.0 with hash, date, message and a frozen body", () => {
    const c = published();
    const v = latestVersion(c)!;
    expect(v).toMatchObject({ version: "1.0.0", createdAt: T1, message: "First release" });
    expect(v.hash).toBe(contentHash(draftBody(c)));
    expect(v.hashScheme).toBe("frozen-body");
    expect(v.body).toEqual(draftBody(testContract()));
    expect("history" in v.body).toBe(false);
  });

  it("never alters the input or existing versions (works on a deeply frozen contract)", () => {
    const c1 = deepFreeze(published());
    const snapshot = serializeContract(c1);
    const c2 = ok(publishVersion(deepFreeze(removePriority(c1)), { message: "Drop priority", now: T2 }));
    expect(serializeContract(c1)).toBe(snapshot);
    expect(c2.history!.versions[0]).toEqual(c1.history!.versions[0]);
    expect(c2.history!.versions.map((v) => v.version)).toEqual(["1.0.0", "2.0.0"]);
  });

  it("keeps the published body independent of later draft edits", () => {
    const c = published();
    (c.policy.rules as string[]).push("mutated after publish");
    expect(ok(versionBody(latestVersion(c)!)).policy.rules).not.toContain("mutated after publish");
  });

  it("suggests the next version from the diff verdict", () => {
    const c = published();
    expect(planPublish(removePriority(c)).suggested).toBe("2.0.0");
    expect(planPublish({ ...c, policy: { ...c.policy, rules: [...c.policy.rules, "Be kind"] } }).suggested).toBe("1.1.0");
    expect(planPublish({ ...c, policy: { ...c.policy, tone: "warm" } }).suggested).toBe("1.0.1");
    const plan = planPublish(removePriority(c));
    expect(plan.diff?.verdict.reasons[0]?.sentence).toContain("Output field `priority` removed");
  });

  it("refuses an empty changelog message", () => {
    const r = publishVersion(testContract(), { message: "  ", now: T1 });
    expect(r).toEqual({ ok: false, errors: [{ path: "message", message: expect.stringContaining("changelog message") }] });
  });

  it("refuses to publish a body identical to the latest version", () => {
    const r = publishVersion(published(), { message: "again", now: T2 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toContain("nothing to publish: the draft is the same as version 1.0.0");
  });

  it("refuses a version below the suggested one (a breaking change cannot ship as minor)", () => {
    const r = publishVersion(removePriority(published()), { version: "1.1.0", message: "x", now: T2 });
    expect(!r.ok && r.errors[0]).toEqual({ path: "version", message: expect.stringContaining("must be at least 2.0.0: this is a major change") });
  });

  it("accepts a version above the suggested one, and refuses one not above the latest", () => {
    const c = published();
    const edited = { ...c, policy: { ...c.policy, tone: "warm" } };
    expect(ok(publishVersion(edited, { version: "1.3.0", message: "x", now: T2 })).history!.versions[1]!.version).toBe("1.3.0");
    const r = publishVersion(edited, { version: "1.0.0", message: "x", now: T2 });
    expect(!r.ok && r.errors[0]!.message).toContain("already exists");
    const bad = publishVersion(edited, { version: "v2", message: "x", now: T2 });
    expect(!bad.ok && bad.errors[0]!.path).toBe("version");
  });

  it("refuses an invalid draft with its errors", () => {
    const c = { ...testContract(), name: "" };
    const r = publishVersion(c, { message: "x", now: T1 });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["(draft)", "name"]);
  });

  it("records a review status with who and when", () => {
    const c = ok(publishVersion(testContract(), { message: "x", now: T1, review: { status: "in_review", by: "Ana (PM)", at: "Monday" } }));
    expect(latestVersion(c)!.review).toEqual({ status: "in_review", by: "Ana (PM)", at: "Monday" });
    const approved = ok(setReview(c, "1.0.0", { status: "approved", by: "Ana", at: "Tuesday" }));
    expect(latestVersion(approved)!.review!.status).toBe("approved");
    expect(latestVersion(approved)!.hash).toBe(latestVersion(c)!.hash);
  });
});

describe("restoreVersion", () => {
  it("copies a version's body into the draft and keeps the history", () => {
    const c1 = published();
    const c2 = ok(publishVersion(removePriority(c1), { message: "Drop priority", now: T2 }));
    const restored = ok(restoreVersion(c2, "1.0.0"));
    expect(draftBody(restored)).toEqual(c1.history!.versions[0]!.body);
    expect(restored.history).toEqual(c2.history);
    expect(hasUnpublishedChanges(restored)).toBe(true);
    expect(hasUnpublishedChanges(c2)).toBe(false);
  });

  it("says which versions exist when asked for a missing one", () => {
    const r = restoreVersion(published(), "9.9.9");
    expect(!r.ok && r.errors[0]).toEqual({ path: "version", message: "no version 9.9.9 (published: 1.0.0)" });
  });
});

describe("labels", () => {
  it("creates, moves and removes labels, recording every move", () => {
    const c1 = published();
    const c2 = ok(publishVersion(removePriority(c1), { message: "Drop priority", now: T2 }));
    const a = ok(moveLabel(c2, "production", "1.0.0", { now: T1, by: "ana" }));
    const b = ok(moveLabel(a, "production", "2.0.0", { now: T2 }));
    expect(b.history!.labels).toEqual({ production: "2.0.0" });
    expect(b.history!.labelMoves).toEqual([
      { label: "production", from: null, to: "1.0.0", at: T1, by: "ana" },
      { label: "production", from: "1.0.0", to: "2.0.0", at: T2 },
    ]);
    expect(labelsOf(b, "2.0.0")).toEqual(["production"]);
    const c = ok(removeLabel(b, "production", { now: T2 }));
    expect(c.history!.labels).toEqual({});
    expect(c.history!.labelMoves.at(-1)).toEqual({ label: "production", from: "2.0.0", to: null, at: T2 });
    // The whole history survives a file round trip.
    expect(ok(parseContract(serializeContract(c)))).toEqual(c);
  });

  it("refuses a label on a missing version or with a bad name", () => {
    expect(moveLabel(published(), "production", "3.0.0", { now: T1 }).ok).toBe(false);
    const r = moveLabel(published(), "prod uction", "1.0.0", { now: T1 });
    expect(!r.ok && r.errors[0]!.path).toBe("label");
  });
});

describe("history in the file format", () => {
  it("reads a file of the earlier shape (no history) and writes it back byte for byte", () => {
    const text = serializeContract(testContract());
    const c = ok(parseContract(text));
    expect(c.history).toBeUndefined();
    expect("history" in c).toBe(false);
    expect(serializeContract(c)).toBe(text);
    expect(text).not.toContain("history");
  });

  it("round-trips a file with history byte for byte", () => {
    const c = ok(
      moveLabel(
        ok(publishVersion(removePriority(published()), { message: "Drop", now: T2, review: { status: "approved", by: "Ana", at: "today" } })),
        "staging",
        "2.0.0",
        { now: T2, by: "bo" },
      ),
    );
    const text = serializeContract(c);
    expect(serializeContract(ok(parseContract(text)))).toBe(text);
  });

  it("reports a version whose body no longer matches its hash, at history.versions[i].hash", () => {
    const file = JSON.parse(serializeContract(published()));
    file.history.versions[0].body.policy.rules.push("sneaked in");
    const r = parseContract(file);
    expect(!r.ok && r.errors).toEqual([{ path: "history.versions[0].hash", message: expect.stringContaining("does not match the version's content") }]);
  });

  it("reports labels pointing at missing versions, duplicate versions, bad semver and out-of-order versions", () => {
    const file = JSON.parse(serializeContract(published()));
    const v = file.history.versions[0];
    file.history.versions.push({ ...v }, { ...v, version: "0.9.0" }, { ...v, version: "1.0" });
    file.history.labels = { production: "4.0.0" };
    const r = parseContract(file);
    const errors = !r.ok ? r.errors : [];
    expect(errors).toEqual(expect.arrayContaining([{ path: "history.versions[3].version", message: expect.stringContaining("must be a version like 1.2.0") }]));
    file.history.versions.pop();
    const r2 = parseContract(file);
    expect(!r2.ok && r2.errors).toEqual([
      { path: "history.versions[1].version", message: "duplicate version '1.0.0'" },
      { path: "history.versions[2].version", message: "0.9.0 comes after 1.0.0: versions must be listed in increasing order" },
      { path: "history.labels.production", message: "points at version 4.0.0, which does not exist" },
    ]);
  });

  it("validates a version's body like a contract (the body cannot carry its own history)", () => {
    const file = JSON.parse(serializeContract(published()));
    file.history.versions[0].body.history = { versions: [] };
    const r = parseContract(file);
    expect(!r.ok && r.errors[0]!.path).toBe("history.versions[0].body");
  });

  it("accepts a version without a review and fills in defaults of a hand-written one", () => {
    const input = testContractInput();
    // A record without hashScheme was written in revision 1, its hash over the body with revision 1's defaults.
    const legacy = { ...input, format: "contract-studio/contract@1" };
    const file = {
      ...input,
      history: { versions: [{ version: "1.0.0", createdAt: T1, message: "m", hash: legacyHash(legacy)!, review: { status: "draft" }, body: legacy }] },
    };
    const c = ok(parseContract(file));
    expect(c.history!.versions[0]!.review).toEqual({ status: "draft", by: "", at: "" });
    expect(c.history!.labels).toEqual({});
  });
});
