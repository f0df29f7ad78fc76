import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "./hash.ts";
import { sha256Hex } from "./sha256.ts";
import { testContract, testContractInput } from "./test-contract.ts";
import { parseContract } from "../parse.ts";

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reverseKeys(x)]),
    );
  return v;
}

describe("content hash", () => {
  it("matches node:crypto's SHA-256 on edge lengths and non-ASCII text", () => {
    for (const s of ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(64), "héllo ✓ 🎉 ".repeat(50)])
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
  });

  it("gives the same hash for the same content regardless of key order", () => {
    const a = testContract();
    const b = reverseKeys(a) as object;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(contentHash(b)).toBe(contentHash(a));
  });

  it("gives the same hash after a file round trip with keys written in another order", () => {
    const reparsed = parseContract(JSON.stringify(reverseKeys(testContractInput())));
    expect(reparsed.ok && contentHash(reparsed.value)).toBe(contentHash(testContract()));
  });

  it("changes when any value changes, even deep in the output schema", () => {
    const a = testContract();
    const b = testContract((c) => {
      (
        c.output as unknown as { schema: { $defs: { customer: { properties: { tier: { enum: string[] } } } } } }
      ).schema.$defs.customer.properties.tier.enum.push("x");
    });
    expect(contentHash(b)).not.toBe(contentHash(a));
  });

  it("keeps array order significant and leaves out undefined values", () => {
    expect(canonicalJson({ b: [2, 1], a: undefined, c: { z: 1, y: null } })).toBe('{"b":[2,1],"c":{"y":null,"z":1}}');
    expect(contentHash({ x: [1, 2] })).not.toBe(contentHash({ x: [2, 1] }));
  });

  it("does not cover history", () => {
    const c = testContract();
    expect(contentHash({ ...c, history: { versions: [], labels: { a: "1.0.0" }, labelMoves: [] } })).toBe(contentHash(c));
  });

  it("is a 64-character lowercase hex digest", () => {
    expect(contentHash(testContract())).toMatch(/^[0-9a-f]{64}$/);
  });
});
