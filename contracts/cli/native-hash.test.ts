import { describe, expect, it } from "vitest";
import { sha256, toHex } from "../versions/sha256.ts";
import { nativeSha256Hex } from "./test-command.ts";

describe("the CLI's native SHA-256", () => {
  it("gives the same hex as the pure implementation, for ASCII, non-ASCII, empty and multi-block text", () => {
    for (const text of ["", "abc", "ü ✓ 漢字 🙂", "x".repeat(1000), JSON.stringify({ a: [1, "\u2028"], b: null })])
      expect(nativeSha256Hex(text)).toBe(toHex(sha256(new TextEncoder().encode(text))));
  });
});
