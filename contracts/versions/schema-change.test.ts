/**
 * The proof issue 7 asks for: adding a field with a default to the test-case schema leaves
 * every file with published versions readable, every hash verifying, and run records keyed by
 * those hashes still pointing at their versions. Issue 8 shipped such a change for real
 * (revision @2: split, tags, context operations; the first block below runs against the real
 * format); the simulated one after it adds a hypothetical `weight` the same two ways (without
 * a new revision, and as revision @3 plus a migration), so the machinery stays proven for the
 * next change too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONTRACT_FORMAT, ContractBodySchema, refineContract } from "../schema/contract.ts";
import { TestCaseSchema } from "../schema/tests.ts";
import { historySchema } from "../schema/history.ts";
import { MIGRATIONS, type Migration } from "../migrations/index.ts";
import { contractReader, parseContract, serializeContract } from "../parse.ts";
import { contentHash } from "./hash.ts";
import { HASH_SCHEME, frozenReader } from "./frozen.ts";
import { draftBody, findVersionByHash, versionBody, versionContentHash } from "./publish.ts";

const FIXTURES = join(import.meta.dirname, "../migrations/fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const FILES = ["contract@1.contract.json", "contract@1.hand-written.contract.json"];
const RUNS = JSON.parse(fixture("contract@1.runs.json")) as { contractHash: string; contractVersion: string | null }[];

const REVISION_3 = "contract-studio/contract@3";

/** A hypothetical next migration with the field: every existing case weighs 1. */
const addWeight: Migration = {
  id: "contract@2-to-3/test-weight",
  from: CONTRACT_FORMAT,
  to: REVISION_3,
  up: (b) => ({
    ...b,
    format: REVISION_3,
    ...(Array.isArray(b.tests) ? { tests: b.tests.map((t: Record<string, unknown>) => ({ ...t, weight: t.weight ?? 1 })) } : {}),
  }),
};

/** The contract format with `weight: number` (default 1) on every test case. */
function formatWithWeight(revision: string | null) {
  const format = revision ?? CONTRACT_FORMAT;
  const TestCase = TestCaseSchema.extend({ weight: z.number().default(1) });
  const Body = ContractBodySchema.extend({ format: z.literal(format), tests: z.array(TestCase).default([]) });
  type Out = z.output<typeof Body>;
  const refine = refineContract as unknown as (b: Out, ctx: z.core.$RefinementCtx<Out>) => void;
  const ValidBody = Body.superRefine(refine);
  const migrations = revision ? [...MIGRATIONS, addWeight] : MIGRATIONS;
  const reader = frozenReader({ format, body: ValidBody, migrations });
  const schema = Body.extend({ history: historySchema(reader).optional() }).superRefine(refine);
  return { ValidBody, reader, parse: contractReader({ format, schema, migrations }) };
}

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

describe("the real revision @2 (split, tags, context operations) over revision 1 files", () => {
  it.each(FILES)("opens %s with every stored hash verified and every case a dev case", (name) => {
    const text = fixture(name);
    const c = ok(parseContract(text));
    const stored = JSON.parse(text).history.versions as { hash: string; body: unknown }[];
    expect(c.format).toBe(CONTRACT_FORMAT);
    for (const [i, v] of c.history!.versions.entries()) {
      expect(v.hash).toBe(stored[i]!.hash);
      expect(v.body).toEqual(stored[i]!.body);
      const body = ok(versionBody(v));
      expect(body.format).toBe(CONTRACT_FORMAT);
      for (const t of body.tests) expect([t.split, t.tags]).toEqual(["dev", []]);
    }
  });

  it("keeps run records made under revision 1 pointing at their versions", () => {
    const c = ok(parseContract(fixture(FILES[0]!)));
    for (const run of RUNS.filter((r) => r.contractVersion)) expect(findVersionByHash(c, run.contractHash)?.version).toBe(run.contractVersion);
  });
});

describe.each([
  { how: "as a plain defaulted field (no new revision)", revision: null },
  { how: "as revision @3 with its migration", revision: REVISION_3 },
])("adding weight to test cases $how", ({ revision }) => {
  const next = formatWithWeight(revision);

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
      for (const t of body.tests) expect(t.weight).toBe(1);
      // What the old scheme did (hash the body as the new schema parses it) breaks on this change.
      expect(contentHash(next.ValidBody.parse(body))).not.toBe(v.hash);
    }
    for (const t of c.tests) expect(t.weight).toBe(1);
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
    expect(back.history!.versions.map((x) => (x.body as { format: string }).format)).toEqual([
      "contract-studio/contract@1",
      "contract-studio/contract@1",
      next.reader.format,
    ]);
    expect(findVersionByHash(back, contentHash(draftBody(back as never)), next.reader)?.version).toBe("1.2.0");
  });
});
