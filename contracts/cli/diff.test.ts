import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { serializeContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { publishVersion } from "../versions/publish.ts";
import { testContract } from "../versions/test-contract.ts";
import { parseSide } from "./diff.ts";
import { cliCommand } from "./cli-process.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let dir = "";
let withHistory = "";
let plainA = "";
let plainB = "";

function cli(...args: string[]) {
  const [cmd, argv] = cliCommand(["diff", ...args]);
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-diff-"));
  const v1 = publishVersion(testContract(), { message: "first", now: "2026-01-01T00:00:00Z" });
  if (!v1.ok) throw new Error("publish failed");
  const draft = structuredClone(v1.value) as Contract & { output: { schema: { properties: Record<string, unknown>; required: string[] } } };
  delete draft.output.schema.properties.priority;
  draft.output.schema.required = draft.output.schema.required.filter((r) => r !== "priority");
  const v2 = publishVersion(draft, { message: "drop priority", now: "2026-01-02T00:00:00Z" });
  if (!v2.ok) throw new Error("publish failed");
  const c = { ...v2.value, policy: { ...v2.value.policy, rules: [...v2.value.policy.rules, "Never share internal notes"] } };
  withHistory = join(dir, "triage.contract.json");
  writeFileSync(withHistory, serializeContract(c));
  plainA = join(dir, "a.contract.json");
  plainB = join(dir, "b.contract.json");
  writeFileSync(plainA, serializeContract(testContract()));
  writeFileSync(plainB, serializeContract({ ...testContract(), policy: { ...testContract().policy, tone: "warm" } }));
}, 30_000);

describe("contract diff (CLI)", () => {
  it("diffs two versions of one file: sections, verdict with reasons, suggested version, exit 0", () => {
    const r = cli(`${withHistory}@1.0.0`, `${withHistory}@2.0.0`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("output\n  major  Output field `priority` removed (readers of the output will break)");
    expect(r.out).toContain("Verdict: MAJOR, because:");
    expect(r.out).toContain("Suggested next version: 2.0.0 (from 1.0.0)");
  });

  it("diffs a version against the draft", () => {
    const r = cli(`${withHistory}@2.0.0`, `${withHistory}@draft`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Rule added: 'Never share internal notes'");
    expect(r.out).toContain("Suggested next version: 2.1.0 (from 2.0.0)");
  });

  it("diffs two plain files and prints JSON with --json", () => {
    const r = cli(plainA, plainB, "--json");
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.verdict.level).toBe("patch");
    expect(out.sections.find((s: { section: string }) => s.section === "policy").changes[0].sentence).toBe("Tone changed: 'friendly' → 'warm'");
    expect(out.suggested).toBeNull();
  });

  it("exits 2 with a plain message for a missing file, a missing version, bad arguments and an invalid file", () => {
    const missing = cli(join(dir, "nope.json"), plainA);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.json: no such file");
    const noVersion = cli(`${withHistory}@9.0.0`, plainA);
    expect(noVersion.code).toBe(2);
    expect(noVersion.err).toContain("no version 9.0.0 (published: 1.0.0, 2.0.0)");
    const oneArg = cli(plainA);
    expect(oneArg.code).toBe(2);
    expect(oneArg.err).toContain("usage:");
    const bad = join(dir, "bad.contract.json");
    writeFileSync(bad, '{"format":"contract-studio/contract@1","id":"x"}');
    const invalid = cli(bad, plainA);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain("bad.contract.json: name: is required");
    expect(invalid.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
}, 60_000);

describe("FILE@ref arguments", () => {
  it.each([
    ["a.json", { file: "a.json", ref: "draft" }],
    ["a.json@1.2.0", { file: "a.json", ref: "1.2.0" }],
    ["a.json@draft", { file: "a.json", ref: "draft" }],
    ["node_modules/@acme/c.json", { file: "node_modules/@acme/c.json", ref: "draft" }],
  ])("%s", (arg, side) => expect(parseSide(arg)).toEqual(side));

  it("rejects a malformed version", () => {
    expect(() => parseSide("a.json@1.2")).toThrow("'1.2' in 'a.json@1.2' is not a version like 1.2.0");
  });
});

describe("contract diff --fail-on", () => {
  it("exits 0 on a MAJOR verdict that a major version bump announces", () => {
    const r = cli(`${withHistory}@1.0.0`, `${withHistory}@2.0.0`, "--fail-on", "major");
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain("Unannounced");
  });

  it("exits 1 on a MAJOR verdict without a major version bump (the draft is not published)", () => {
    const r = cli(`${withHistory}@1.0.0`, `${withHistory}@draft`, "--fail-on", "major");
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Unannounced MAJOR change: ${withHistory}@draft is not a published version, not a major version bump from 1.0.0 (--fail-on major)`);
    const json = JSON.parse(cli(`${withHistory}@1.0.0`, `${withHistory}@draft`, "--fail-on", "major", "--json").out);
    expect(json).toMatchObject({ failOn: "major", failed: true, versions: { a: "1.0.0", b: null, announced: "none" } });
  });

  it("a minor change passes --fail-on major and fails --fail-on minor", () => {
    expect(cli(`${withHistory}@2.0.0`, `${withHistory}@draft`, "--fail-on", "major").code).toBe(0);
    expect(cli(`${withHistory}@2.0.0`, `${withHistory}@draft`, "--fail-on", "minor").code).toBe(1);
    const bad = cli(plainA, plainB, "--fail-on", "huge");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--fail-on huge: expected one of major, minor, patch");
  });

  it("diffs two folders file by file; a removed contract is an unannounced major change", () => {
    const oldDir = join(dir, "old");
    const newDir = join(dir, "new");
    mkdirSync(join(oldDir, "team"), { recursive: true });
    mkdirSync(join(newDir, "team"), { recursive: true });
    writeFileSync(join(oldDir, "team", "a.contract.json"), serializeContract(testContract()));
    writeFileSync(join(newDir, "team", "a.contract.json"), serializeContract({ ...testContract(), policy: { ...testContract().policy, tone: "warm" } }));
    writeFileSync(join(oldDir, "gone.contract.json"), serializeContract(testContract()));
    let r = cli(oldDir, newDir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("team/a.contract.json\nSemantic diff:");
    expect(r.out).toContain("gone.contract.json: removed (only in");
    r = cli(oldDir, newDir, "--fail-on", "major");
    expect(r.code).toBe(1);
    expect(r.out).toContain("an unannounced MAJOR change (--fail-on major)");
    r = cli(`${oldDir}/**/*.contract.json`, `${newDir}/**/*.contract.json`, "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).map((x: { file: string }) => x.file)).toEqual(["gone.contract.json", "team/a.contract.json"]);
    expect(cli(oldDir, plainA).code).toBe(2);
  });
}, 60_000);
