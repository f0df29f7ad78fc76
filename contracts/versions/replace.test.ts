import { describe, expect, it } from "vitest";
import { parseContract, serializeContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { moveLabel, publishVersion } from "./publish.ts";
import { replaceKeepingHistory } from "./replace.ts";
import { testContract } from "./test-contract.ts";

const T = "2026-03-01T10:00:00.000Z";

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

/** What a file exported and edited in a text editor reads back as. */
const roundTrip = (c: Contract, edit: (raw: Record<string, unknown>) => void): Contract => {
  const raw = JSON.parse(serializeContract(c)) as Record<string, unknown>;
  edit(raw);
  return ok(parseContract(raw));
};

const published = () => ok(moveLabel(ok(publishVersion(testContract(), { message: "First", now: T })), "production", "1.0.0", { now: T }));

describe("replaceKeepingHistory", () => {
  it("takes the file's draft and keeps the versions and labels published here", () => {
    const here = published();
    const file = roundTrip(here, (raw) => {
      raw.name = "Renamed outside";
    });
    const r = ok(replaceKeepingHistory(here, file));
    expect(r.contract.name).toBe("Renamed outside");
    expect(r.contract.history?.versions.map((v) => v.version)).toEqual(["1.0.0"]);
    expect(r.contract.history?.labels).toEqual({ production: "1.0.0" });
  });

  it("keeps versions published here since the export, even when the file has none of them", () => {
    const exported = published();
    const here = ok(publishVersion({ ...exported, policy: { ...exported.policy, role: `${exported.policy.role} More.` } }, { message: "Second", now: T }));
    const file = roundTrip(exported, (raw) => {
      delete raw.history;
      raw.description = "edited";
    });
    const r = ok(replaceKeepingHistory(here, file));
    expect(r.contract.history?.versions.map((v) => v.version)).toEqual(["1.0.0", "1.0.1"]);
    expect(r.keptVersions).toEqual(["1.0.0", "1.0.1"]);
    expect(r.labelsFrom).toBe("workspace");
    expect(r.contract.description).toBe("edited");
  });

  it("adds versions the file carries and takes its labels when its label log continues ours", () => {
    const here = published();
    const elsewhere = ok(
      moveLabel(
        ok(publishVersion({ ...here, policy: { ...here.policy, role: `${here.policy.role} Elsewhere.` } }, { message: "x", now: T, version: "2.0.0" })),
        "production",
        "2.0.0",
        { now: T },
      ),
    );
    const file = roundTrip(elsewhere, () => {});
    const r = ok(replaceKeepingHistory(here, file));
    expect(r.addedVersions).toEqual(["2.0.0"]);
    expect(r.labelsFrom).toBe("file");
    expect(r.contract.history?.labels.production).toBe("2.0.0");
  });

  it("refuses when a version number means different content on the two sides", () => {
    const here = published();
    const other = ok(publishVersion({ ...testContract(), description: "something else" }, { message: "First", now: T }));
    const r = replaceKeepingHistory(here, other);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain("version 1.0.0 in the file is not the 1.0.0 published here");
  });

  it("refuses a file with another id", () => {
    const r = replaceKeepingHistory(published(), { ...testContract(), id: "other" });
    expect(r.ok).toBe(false);
  });
});
