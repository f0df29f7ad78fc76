/**
 * Part 10: format migrations, over whatever revisions this build knows (contracts/migrations).
 * Every fixture of an earlier revision must migrate and validate, and serialize to a file that
 * reads back the same; a newer revision (the next one, and a far one), in the file or in a
 * published version's frozen body, must be refused with a message naming it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { knownFormats, MIGRATIONS } from "../../contracts/migrations/index.ts";
import { parseContract, serializeContract } from "../../contracts/parse.ts";
import { CONTRACT_FORMAT } from "../../contracts/schema/contract.ts";
import { since, type PartOptions, type Row } from "./figures.ts";

const FIXTURES = join(import.meta.dirname, "../../contracts/migrations/fixtures");

export async function runMigrations(_options: PartOptions): Promise<Row[]> {
  const t0 = performance.now();
  const samples: string[] = [];
  let tried = 0;
  let failures = 0;
  const fail = (what: string) => (failures++, samples.length < 5 && samples.push(what));
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".contract.json"));
  const revisions = knownFormats(CONTRACT_FORMAT, MIGRATIONS);
  const covered = new Set<string>();
  for (const f of files) {
    tried++;
    const text = readFileSync(join(FIXTURES, f), "utf8");
    const format = (JSON.parse(text) as { format?: string }).format ?? "?";
    covered.add(format);
    const parsed = parseContract(text);
    if (!parsed.ok) {
      fail(`${f} (${format}): ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
      continue;
    }
    if (parsed.value.format !== CONTRACT_FORMAT) fail(`${f}: read as ${parsed.value.format}, not ${CONTRACT_FORMAT}`);
    const again = parseContract(serializeContract(parsed.value));
    if (!again.ok || serializeContract(again.value) !== serializeContract(parsed.value)) fail(`${f}: does not round-trip after migrating`);
  }
  for (const r of revisions) if (r !== CONTRACT_FORMAT && !covered.has(r)) fail(`earlier revision ${r} has no fixture`);

  // Newer revisions than this build reads: the next one and a far one, as the file and as a frozen body.
  const n = Math.max(...revisions.map((r) => Number(/@(\d+)$/.exec(r)?.[1] ?? 0)));
  const base = JSON.parse(readFileSync(join(FIXTURES, files[0]!), "utf8")) as Record<string, unknown> & {
    history?: { versions: { body: { format: string } }[] };
  };
  let refused = 0;
  for (const newer of [`contract-studio/contract@${n + 1}`, `contract-studio/contract@${n + 100}`]) {
    const asFile = parseContract(JSON.stringify({ ...base, format: newer }));
    tried++;
    if (asFile.ok || !asFile.errors.some((e) => e.path === "format" && e.message.includes(newer)))
      fail(`file in ${newer}: ${asFile.ok ? "accepted" : asFile.errors[0]?.message}`);
    else refused++;
    if (base.history?.versions.length) {
      tried++;
      const b = structuredClone(base);
      b.history!.versions[0]!.body.format = newer;
      const asBody = parseContract(JSON.stringify(b));
      if (asBody.ok || !asBody.errors.some((e) => e.path.startsWith("history.versions[0]") && e.message.includes(newer)))
        fail(`frozen body in ${newer}: ${asBody.ok ? "accepted" : `${asBody.errors[0]?.path}: ${asBody.errors[0]?.message}`}`);
      else refused++;
    }
  }
  return [
    {
      part: "10 format migrations",
      tried: `revisions ${revisions.join(", ")} (${MIGRATIONS.length} migrations), ${files.length} fixtures; newer revisions @${n + 1}, @${n + 100}`,
      count: tried,
      failures,
      figure: `${files.length} fixtures migrate, validate and round-trip; ${refused} newer-revision files/bodies refused naming the revision`,
      ms: since(t0),
      samples,
    },
  ];
}
