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
