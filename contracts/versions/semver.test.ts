import { describe, expect, it } from "vitest";
import { bumpSemver, compareSemver, isSemver, maxSemver, parseSemver } from "./semver.ts";

describe("semver", () => {
  it.each(["1.0.0", "0.0.1", "10.20.30"])("accepts %s", (v) => expect(isSemver(v)).toBe(true));
  it.each(["1.0", "v1.0.0", "01.0.0", "1.0.0-beta", "1.0.0 ", ""])("rejects %j", (v) => expect(isSemver(v)).toBe(false));

  it("compares numerically, not as text", () => {
    expect(compareSemver("1.10.0", "1.9.0")).toBeGreaterThan(0);
    expect(compareSemver("2.0.0", "2.0.0")).toBe(0);
    expect(maxSemver(["1.2.0", "1.10.0", "1.9.9"])).toBe("1.10.0");
    expect(parseSemver("3.4.5")).toEqual({ major: 3, minor: 4, patch: 5 });
  });

  it("bumps by level", () => {
    expect(["major", "minor", "patch"].map((l) => bumpSemver("1.4.2", l as "major"))).toEqual(["2.0.0", "1.5.0", "1.4.3"]);
  });
});
