/**
 * Every format revision has a fixture, and every migration is exercised by one (as tldraw's
 * schema tests require a test per migration id): a migration added without a fixture of the
 * revision it reads fails here. Fixtures are frozen files people may still have on disk, so
 * their bytes are pinned too.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_FORMAT, ContractSchema } from "../schema/contract.ts";
import { parseContract, serializeContract } from "../parse.ts";
import { contractForTest } from "../assemble.ts";
import { sha256Hex } from "../versions/sha256.ts";
import { versionBody } from "../versions/publish.ts";
import { MIGRATIONS, knownFormats, migrate, type Migration } from "./index.ts";

const DIR = join(import.meta.dirname, "fixtures");
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith(".contract.json"))
  .sort();

/** SHA-256 of each fixture's bytes. Add a line for a new fixture; never change one. */
const PINNED: Record<string, string> = {
  "contract@1.contract.json": "d64269ae419eff4ae98d8057036c7173d05d17921b897ae625e651a129916b43",
  "contract@1.hand-written.contract.json": "768c20f6aac041c94c6994fa4165a2af31899a7ef1dc95770ae1bfc9e71dc05b",
  "contract@1.tests.contract.json": "bc6d8ec01d865a93abf12109d4e7990947ecfa11e03766079101abb81df0fbe0",
  "contract@2.contract.json": "46277f0c2c05ac945312a636d6848e2e5717cfc174b3985ba24f5feb4dd2de5d",
};

/** "contract-studio/contract@1" -> "contract@1", the fixture name's prefix. */
const revisionName = (format: string) => format.replace(/^contract-studio\//, "");
const revisionOf = (fixture: string) => fixture.split(".")[0]!;

/** The revisions and migrations that no fixture exercises, as sentences. */
function missingFixtures(migrations: readonly Migration[], current: string, fixtures: readonly string[]): string[] {
  const have = new Set(fixtures.map(revisionOf));
  const out: string[] = [];
  for (const m of migrations)
    if (!have.has(revisionName(m.from))) out.push(`migration ${m.id} has no fixture of ${m.from} (add fixtures/${revisionName(m.from)}.contract.json)`);
  for (const f of knownFormats(current, migrations))
    if (!have.has(revisionName(f)) && !migrations.some((m) => m.from === f)) out.push(`revision ${f} has no fixture`);
  return out;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

const read = (f: string) => readFileSync(join(DIR, f), "utf8");

describe("the migration registry", () => {
  it("has unique ids and one chain of steps ending at the current format", () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const froms = MIGRATIONS.map((m) => m.from);
    expect(new Set(froms).size).toBe(froms.length);
    expect(froms).not.toContain(CONTRACT_FORMAT);
    for (const m of MIGRATIONS)
      expect(m.to === CONTRACT_FORMAT || froms.includes(m.to), `${m.id} leads to ${m.to}, from where no migration goes on`).toBe(true);
    for (const f of knownFormats(CONTRACT_FORMAT)) expect(migrate({ format: f }, CONTRACT_FORMAT), `no path from ${f}`).not.toBeNull();
  });

  it("has a fixture for every revision and every migration", () => {
    expect(missingFixtures(MIGRATIONS, CONTRACT_FORMAT, FIXTURES)).toEqual([]);
  });

  it("the fixture check fails for a migration without a fixture (so the test above can fail)", () => {
    const step: Migration = {
      id: "contract@7-to-8/example",
      from: "contract-studio/contract@7",
      to: "contract-studio/contract@8",
      up: (b) => ({ ...b, format: "contract-studio/contract@8" }),
    };
    expect(missingFixtures([step], "contract-studio/contract@8", FIXTURES)).toEqual([
      "migration contract@7-to-8/example has no fixture of contract-studio/contract@7 (add fixtures/contract@7.contract.json)",
      "revision contract-studio/contract@8 has no fixture",
    ]);
    expect(missingFixtures([step], "contract-studio/contract@8", ["contract@7.contract.json", "contract@8.contract.json"])).toEqual([]);
  });

  it.each(MIGRATIONS.map((m) => [m.id, m] as const))("%s: steps its fixtures to its target without touching them", (_id, m) => {
    const fixtures = FIXTURES.filter((f) => revisionOf(f) === revisionName(m.from));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const { history: _h, ...draft } = JSON.parse(read(f));
      const before = JSON.stringify(draft);
      const out = m.up(deepFreeze(draft));
      expect(out.format).toBe(m.to);
      expect(JSON.stringify(draft)).toBe(before);
    }
  });
});

describe.each(FIXTURES)("fixture %s", (name) => {
  it("is unchanged since it was written", () => {
    expect(PINNED[name], `pin ${name} in PINNED`).toBeDefined();
    expect(sha256Hex(read(name))).toBe(PINNED[name]);
  });

  it("names a revision this build reads", () => {
    expect(knownFormats(CONTRACT_FORMAT).map(revisionName)).toContain(revisionOf(name));
    expect(revisionName(JSON.parse(read(name)).format)).toBe(revisionOf(name));
  });

  it("migrates up and parses against the current schema, every version's body included", () => {
    const c = parseContract(read(name));
    if (!c.ok) throw new Error(c.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    expect(c.value.format).toBe(CONTRACT_FORMAT);
    expect(ContractSchema.safeParse(JSON.parse(serializeContract(c.value))).success).toBe(true);
    for (const v of c.value.history?.versions ?? []) {
      const body = versionBody(v);
      expect(body.ok && body.value.format).toBe(CONTRACT_FORMAT);
    }
  });
});

describe("contract@1-to-2/test-split-tags-context-ops", () => {
  const step = MIGRATIONS.find((m) => m.id === "contract@1-to-2/test-split-tags-context-ops")!;
  const up = (name: string) => {
    const { history: _h, ...draft } = JSON.parse(read(name));
    return step.up(draft) as { format: string; tests: Record<string, unknown>[] };
  };

  it("keeps each case's meaning: a dev case without tags, the same packet, the same length limit", () => {
    const out = up("contract@1.tests.contract.json");
    expect(out.format).toBe("contract-studio/contract@2");
    expect(out.tests.map((t) => [t.id, t.split, t.tags])).toEqual([
      ["late", "dev", []],
      ["empty-packet", "dev", []],
      ["only-shipping", "dev", []],
      ["bare", "dev", []],
    ]);
    // {replace: false (absent), items} appended to the packet; {replace: true, items} started from none.
    expect(out.tests[0]!.context).toEqual({ base: "contract", add: [{ id: "kb-9", source: "kb://refunds#9", content: "Exceptions need a manager." }] });
    expect(out.tests[1]!.context).toEqual({ base: "none", add: [] });
    expect((out.tests[2]!.context as { base: string }).base).toBe("none");
    expect(out.tests[3]!.context).toBeUndefined();
    expect((out.tests[0]!.assertions as unknown[])[3]).toEqual({ type: "max_length", max: 600, unit: "chars" });
    expect(out.tests[3]!.assertions).toEqual([{ type: "max_length", max: 80, unit: "chars" }]);
  });

  it("leaves what it does not recognise for the schema to report with its path", () => {
    const out = step.up({ format: "contract-studio/contract@1", tests: [{ id: "x", context: { replace: "yes", items: [] } }, 7] });
    expect(out.tests).toEqual([{ id: "x", split: "dev", tags: [], context: { replace: "yes", items: [] } }, 7]);
    const r = parseContract({ ...JSON.parse(read("contract@1.tests.contract.json")), history: undefined, tests: [{ id: "x", context: { replace: "yes" } }] });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["tests[0].context.replace"]);
  });

  it("gives the packet assembly built from the revision 1 case (the revision 2 file was written from it)", () => {
    const v1 = parseContract(read("contract@1.tests.contract.json"));
    const v2 = parseContract(read("contract@2.contract.json"));
    if (!v1.ok || !v2.ok) throw new Error("fixtures do not parse");
    expect(v2.value.tests.slice(0, 4)).toEqual(v1.value.tests);
    const ids = (id: string) =>
      contractForTest(
        v1.value,
        v1.value.tests.find((t) => t.id === id)!,
      ).contract.context.items.map((i) => i.id);
    expect([ids("late"), ids("empty-packet"), ids("only-shipping"), ids("bare")]).toEqual([["kb-1", "kb-2", "kb-9"], [], ["kb-2"], ["kb-1", "kb-2"]]);
  });
});
