/**
 * The proof issue 7 asks for: adding a field with a default to the test-case schema (issue 8's
 * `split`) leaves every file with published versions readable, every hash verifying, and run
 * records keyed by those hashes still pointing at their versions. The schema change is
 * simulated by building the format around an extended TestCaseSchema, once without a new
 * revision and once the way it must ship (revision @2 plus a migration).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONTRACT_FORMAT, ContractBodySchema, refineContract } from "../schema/contract.ts";
import { TestCaseSchema } from "../schema/tests.ts";
import { historySchema } from "../schema/history.ts";
import { MIGRATIONS, type Migration } from "../migrations/index.ts";
import { contractReader, serializeContract } from "../parse.ts";
import { contentHash } from "./hash.ts";
import { HASH_SCHEME, frozenReader } from "./frozen.ts";
import { draftBody, findVersionByHash, versionBody, versionContentHash } from "./publish.ts";

const FIXTURES = join(import.meta.dirname, "../migrations/fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const FILES = ["contract@1.contract.json", "contract@1.hand-written.contract.json"];
const RUNS = JSON.parse(fixture("contract@1.runs.json")) as { contractHash: string; contractVersion: string | null }[];

const REVISION_2 = "contract-studio/contract@2";

/** The migration issue 8 would add with the field: every existing case is a dev case. */
const addSplit: Migration = {
  id: "contract@1-to-2/test-split",
  from: CONTRACT_FORMAT,
  to: REVISION_2,
  up: (b) => ({
    ...b,
    format: REVISION_2,
    ...(Array.isArray(b.tests) ? { tests: b.tests.map((t: Record<string, unknown>) => ({ ...t, split: t.split ?? "dev" })) } : {}),
  }),
};

/** The contract format with `split: "dev" | "holdout" | "adversarial"` (default "dev") on every test case. */
function formatWithSplit(revision: string | null) {
  const format = revision ?? CONTRACT_FORMAT;
  const TestCase = TestCaseSchema.extend({ split: z.enum(["dev", "holdout", "adversarial"]).default("dev") });
  const Body = ContractBodySchema.extend({ format: z.literal(format), tests: z.array(TestCase).default([]) });
  type Out = z.output<typeof Body>;
  const refine = refineContract as unknown as (b: Out, ctx: z.core.$RefinementCtx<Out>) => void;
  const ValidBody = Body.superRefine(refine);
  const migrations = revision ? [...MIGRATIONS, addSplit] : MIGRATIONS;
  const reader = frozenReader({ format, body: ValidBody, migrations });
  const schema = Body.extend({ history: historySchema(reader).optional() }).superRefine(refine);
  return { ValidBody, reader, parse: contractReader({ format, schema, migrations }) };
}

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

describe.each([
  { how: "as a plain defaulted field (no new revision)", revision: null },
  { how: "as revision @2 with its migration", revision: REVISION_2 },
])("adding split to test cases $how", ({ revision }) => {
  const next = formatWithSplit(revision);

  it.each(FILES)("a file with published versions still opens after adding a defaulted field to the test-case schema: %s", (name) => {
    const text = fixture(name);
    const c = ok(next.parse(text));
    const stored = JSON.parse(text).history.versions as { hash: string; body: unknown }[];
    expect(c.history!.versions).toHaveLength(stored.length);
    for (const [i, v] of c.history!.versions.entries()) {
      // The stored hash is kept and verified against the body exactly as it was frozen.
      expect(v.hash).toBe(stored[i]!.hash);
      expect(v.body).toEqual(stored[i]!.body);
      const body = ok(versionBody(v, next.reader));
      expect(body.format).toBe(next.reader.format);
      expect(body.tests.length).toBeGreaterThan(0);
      for (const t of body.tests) expect(t.split).toBe("dev");
      // What the old scheme did (hash the body as the new schema parses it) breaks on this change.
      expect(contentHash(next.ValidBody.parse(body))).not.toBe(v.hash);
    }
    for (const t of c.tests) expect(t.split).toBe("dev");
    expect(c.format).toBe(next.reader.format);
  });

  it.each(FILES)("writes the frozen bodies back unchanged and reads its own output: %s", (name) => {
    const original = JSON.parse(fixture(name));
    const written = serializeContract(ok(next.parse(fixture(name))) as never);
    const file = JSON.parse(written);
    expect(file.history.versions.map((v: { body: unknown }) => v.body)).toEqual(original.history.versions.map((v: { body: unknown }) => v.body));
    expect(file.history.versions.map((v: { hash: string }) => v.hash)).toEqual(original.history.versions.map((v: { hash: string }) => v.hash));
    expect(serializeContract(ok(next.parse(written)) as never)).toBe(written);
  });

  it("keeps run records keyed by a version's hash pointing at that version", () => {
    const c = ok(next.parse(fixture(FILES[0]!)));
    const versionOf = (hash: string) => findVersionByHash(c, hash, next.reader)?.version ?? null;
    const stored = new Map(c.history!.versions.map((v) => [v.hash, v.version]));
    for (const run of RUNS) expect(versionOf(run.contractHash)).toBe(stored.get(run.contractHash) ?? null);
    // Every run made while the draft was a published version still finds it.
    for (const run of RUNS.filter((r) => r.contractVersion)) expect(versionOf(run.contractHash)).toBe(run.contractVersion);
    expect(RUNS.filter((r) => r.contractVersion)).toHaveLength(2);
  });

  it("hashes a draft equal to a published version equal to it, under the new schema", () => {
    const c = ok(next.parse(fixture(FILES[0]!)));
    for (const v of c.history!.versions) {
      const restored = { ...ok(versionBody(v, next.reader)), history: c.history };
      const draftHash = contentHash(draftBody(restored as never));
      expect(draftHash).toBe(versionContentHash(v, next.reader));
      expect(findVersionByHash(c, draftHash, next.reader)?.version).toBe(v.version);
    }
    // The unpublished draft (tone changed after 1.1.0) is no version.
    expect(findVersionByHash(c, contentHash(draftBody(c as never)), next.reader)).toBeUndefined();
  });

  it("still reports a frozen body changed after publishing", () => {
    const file = JSON.parse(fixture(FILES[1]!));
    file.history.versions[1].body.policy.role = "Someone else";
    const r = next.parse(file);
    expect(!r.ok && r.errors).toEqual([{ path: "history.versions[1].hash", message: expect.stringContaining("does not match the version's content") }]);
  });

  it("accepts a version published under the new schema beside the old ones", () => {
    const c = ok(next.parse(fixture(FILES[0]!)));
    const body = structuredClone(draftBody(c as never));
    const v = { version: "1.2.0", createdAt: "2026-04-01T00:00:00.000Z", message: "Warmer", hash: contentHash(body), hashScheme: HASH_SCHEME, body };
    const file = JSON.parse(serializeContract({ ...c, history: { ...c.history!, versions: [...c.history!.versions, v] } } as never));
    const back = ok(next.parse(file));
    expect(back.history!.versions.map((x) => (x.body as { format: string }).format)).toEqual([CONTRACT_FORMAT, CONTRACT_FORMAT, next.reader.format]);
    expect(findVersionByHash(back, contentHash(draftBody(back as never)), next.reader)?.version).toBe("1.2.0");
  });
});
