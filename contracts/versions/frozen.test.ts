import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_FORMAT } from "../schema/contract.ts";
import { parseContract, serializeContract } from "../parse.ts";
import { canonicalJson, contentHash } from "./hash.ts";
import { sha256Hex } from "./sha256.ts";
import { legacyHash } from "./legacy-hash.ts";
import {
  draftBody,
  findVersionByHash,
  hasUnpublishedChanges,
  latestVersion,
  publishVersion,
  restoreVersion,
  versionBody,
  versionContentHash,
} from "./publish.ts";
import { testContract, testContractInput } from "./test-contract.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../migrations/fixtures", name), "utf8");
const APP_WRITTEN = "contract@1.contract.json";
const HAND_WRITTEN = "contract@1.hand-written.contract.json";
const T = "2026-05-01T00:00:00.000Z";

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

describe("the hash covers the frozen body exactly as written", () => {
  it("is the SHA-256 of the canonical JSON of the body as it stands in the file", () => {
    const text = serializeContract(ok(publishVersion(testContract(), { message: "First", now: T })));
    const v = JSON.parse(text).history.versions[0];
    expect(v.hashScheme).toBe("frozen-body");
    expect(v.hash).toBe(sha256Hex(canonicalJson(v.body)));
  });

  it("rejects a frozen-body record whose hash covers the body with defaults filled in instead", () => {
    const input = testContractInput();
    const record = { version: "1.0.0", createdAt: T, message: "m", hashScheme: "frozen-body", body: input };
    expect(ok(parseContract({ ...input, history: { versions: [{ ...record, hash: contentHash(input) }] } })).history!.versions).toHaveLength(1);
    const r = parseContract({ ...input, history: { versions: [{ ...record, hash: contentHash(testContract()) }] } });
    expect(!r.ok && r.errors).toEqual([{ path: "history.versions[0].hash", message: expect.stringContaining(`expected ${contentHash(input)}`) }]);
  });

  it("keeps a body that leaves defaults out as it was written, and reads it with the defaults", () => {
    const input = testContractInput();
    const c = ok(
      parseContract({
        ...input,
        history: { versions: [{ version: "1.0.0", createdAt: T, message: "m", hashScheme: "frozen-body", hash: contentHash(input), body: input }] },
      }),
    );
    const v = c.history!.versions[0]!;
    expect(v.body).toEqual(input);
    expect(ok(versionBody(v))).toEqual(draftBody(testContract()));
    expect(JSON.parse(serializeContract(c)).history.versions[0].body).toEqual(input);
  });
});

describe("files written before the frozen-body scheme (legacy hashes)", () => {
  it.each([APP_WRITTEN, HAND_WRITTEN])("%s opens, verifies and writes back without gaining a hash scheme", (name) => {
    const text = fixture(name);
    const c = ok(parseContract(text));
    for (const v of c.history!.versions) {
      expect(v.hashScheme).toBeUndefined();
      // Read in the current revision; stored as published (revision 1).
      expect(ok(versionBody(v)).format).toBe(CONTRACT_FORMAT);
      expect((v.body as { format: string }).format).toBe("contract-studio/contract@1");
    }
    const written = serializeContract(c);
    expect(written).not.toContain("hashScheme");
    expect(serializeContract(ok(parseContract(written)))).toBe(written);
    // The draft is written in the current revision; every version's record stays byte for byte as it was.
    expect(JSON.parse(written).format).toBe(CONTRACT_FORMAT);
    const records = (t: string) => JSON.parse(t).history.versions.map((v: { body: unknown; hash: string }) => [v.body, v.hash]);
    expect(records(written)).toEqual(records(text));
    if (name === APP_WRITTEN) expect(JSON.parse(written).history).toEqual(JSON.parse(text).history);
  });

  it("verifies a hand-written body the old way: over the body with revision 1's defaults filled in", () => {
    const file = JSON.parse(fixture(HAND_WRITTEN));
    for (const v of file.history.versions) {
      expect(contentHash(v.body)).not.toBe(v.hash);
      expect(legacyHash(v.body)).toBe(v.hash);
    }
    // The same records marked frozen-body no longer verify: the marker decides what the hash covers.
    file.history.versions[0].hashScheme = "frozen-body";
    const r = parseContract(file);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["history.versions[0].hash"]);
  });

  it("still detects a legacy body changed after publishing", () => {
    for (const name of [APP_WRITTEN, HAND_WRITTEN]) {
      const file = JSON.parse(fixture(name));
      file.history.versions[0].body.task.instruction += " Be brief.";
      const r = parseContract(file);
      expect(!r.ok && r.errors).toEqual([{ path: "history.versions[0].hash", message: expect.stringContaining("does not match the version's content") }]);
    }
  });

  it("publishes on top of a legacy history: the new version has the scheme, the old ones keep theirs", () => {
    const c = ok(parseContract(fixture(HAND_WRITTEN)));
    expect(hasUnpublishedChanges(c)).toBe(true);
    const next = ok(publishVersion(c, { message: "Describe the answer", now: T }));
    expect(next.history!.versions.map((v) => v.hashScheme ?? null)).toEqual([null, null, null, "frozen-body"]);
    expect(hasUnpublishedChanges(next)).toBe(false);
    const back = ok(parseContract(serializeContract(next)));
    expect(back).toEqual(next);
    // A draft restored from a hand-written version is that version.
    const restored = ok(restoreVersion(back, "2.0.0"));
    const v2 = back.history!.versions[1]!;
    // In revision 2 the restored draft hashes as the version's body carried to revision 2 does, not as it was stored.
    expect(contentHash(draftBody(restored))).toBe(versionContentHash(v2));
    expect(versionContentHash(v2)).not.toBe(v2.hash);
    expect(findVersionByHash(back, contentHash(draftBody(restored)))?.version).toBe("2.0.0");
    expect(latestVersion(back)!.version).toBe("3.1.0");
  });

  it("says what is wrong with a frozen body that names no known format", () => {
    const file = JSON.parse(fixture(APP_WRITTEN));
    file.history.versions[1].body.format = "contract-studio/contract@9";
    const r = parseContract(file);
    expect(!r.ok && r.errors[0]).toEqual({
      path: "history.versions[1].body.format",
      message: "unknown format 'contract-studio/contract@9'; this app reads 'contract-studio/contract@1', 'contract-studio/contract@2'",
    });
  });
});

describe("a version's hash in the current revision", () => {
  it("is its stored hash when it was published in the current revision, and follows the body it is given", () => {
    const c = ok(publishVersion(testContract(), { message: "First", now: T }));
    const v = c.history!.versions[0]!;
    expect(versionContentHash(v)).toBe(v.hash);
    // Computed from the body, never taken from the record's stored hash.
    const forged = { ...v, body: { ...v.body, name: "Other" } };
    expect(versionContentHash(forged)).toBe(contentHash(ok(versionBody(forged))));
    expect(versionContentHash(forged)).not.toBe(v.hash);
    expect(versionContentHash(v)).toBe(v.hash);
  });
});
