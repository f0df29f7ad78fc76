import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { serializeContract } from "./parse.ts";
import type { Contract } from "./schema/contract.ts";
import { decodeShare, encodeShare, fromBase64Url, toBase64Url } from "./share.ts";
import { publishVersion } from "./versions/publish.ts";
import { testContract } from "./versions/test-contract.ts";

const enc = (text: string) => "c1." + toBase64Url(deflateSync(new TextEncoder().encode(text)));

describe("share links", () => {
  it("round-trips a contract through a URL fragment", () => {
    const c = testContract();
    const link = `http://127.0.0.1:5173/#share=${encodeShare(c)}`;
    const back = decodeShare(link);
    expect(back.ok && serializeContract(back.value)).toBe(serializeContract(c));
    expect(encodeShare(c)).toMatch(/^c1\.[A-Za-z0-9_-]+$/);
  });

  it("leaves history out unless asked, and carries it when asked", () => {
    const p = publishVersion(testContract(), { message: "m", now: "2026-01-01T00:00:00Z" });
    if (!p.ok) throw new Error("publish");
    const plain = decodeShare(encodeShare(p.value));
    expect(plain.ok && plain.value.history).toBeUndefined();
    const full = decodeShare("#" + encodeShare(p.value, { history: true }));
    expect(full.ok && serializeContract(full.value)).toBe(serializeContract(p.value));
  });

  it("strips fields that are not part of the format (keys, canaries) wherever they are", () => {
    const c = testContract() as Contract & Record<string, unknown>;
    const dirty = { ...c, apiKey: "sk-secret", canary: "CANARY-123", policy: { ...c.policy, canaryToken: "CANARY-456" } } as Contract;
    const link = encodeShare(dirty);
    const back = decodeShare(link);
    expect(back.ok).toBe(true);
    const text = back.ok ? serializeContract(back.value) : "";
    expect(text).not.toMatch(/sk-secret|CANARY/);
    expect(text).toBe(serializeContract(c));
  });

  it.each([
    ["an empty fragment", "http://x/#", "the link carries no contract"],
    ["another app's fragment", "#section-2", "not a Contract Studio share link"],
    ["characters outside base64url", "#c1.abc$def", "the link is damaged: it holds characters"],
    ["a link cut short", () => "#" + encodeShare(testContract()).slice(0, 63), "its compressed data cannot be read"],
    ["compressed garbage", "#c1.AAAAAAAAAAAA", "its compressed data cannot be read"],
    ["compressed non-JSON", () => enc("hello"), "is not valid JSON"],
    ["JSON that is not a contract", () => enc('{"format":"contract-studio/contract@1","id":"x"}'), "is required"],
    ["an unknown format", () => enc('{"format":"other@9"}'), "unknown format 'other@9'"],
  ])("explains %s", (_name, input, message) => {
    const r = decodeShare(typeof input === "function" ? input() : input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`).join("\n")).toContain(message);
  });

  it("refuses a link that inflates beyond any real contract", () => {
    const bomb = "c1." + toBase64Url(deflateSync(new Uint8Array(25 * 1024 * 1024)));
    const r = decodeShare(bomb);
    expect(!r.ok && r.errors[0]!.message).toContain("more than 20 MB");
  });

  it("encodes base64url exactly for every length", () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });
});
