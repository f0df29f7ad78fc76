/**
 * Figures for the context boundary: the fuzzer of contracts/assembly/boundary-fuzz.ts run
 * at full size, one row per mode, field and trust, with the broken count and the time taken.
 * `npx tsx scripts/hardening/boundaries.ts [--per N] [--json]`. Exit 1 when anything broke.
 */
import { runBoundaryFuzz, type FuzzFigure } from "../../contracts/assembly/boundary-fuzz.ts";

/** Issue 12's classes: 1 variables (and the policy) forge blocks, 2 look-alikes, 3 trusted items, 4 attributes. */
function issueClass(f: Pick<FuzzFigure, "target" | "trusted">): string {
  if (f.target === "variable" || f.target === "policy") return "1";
  if (f.target === "label" || f.target === "source") return "4";
  return f.trusted ? "3" : "2";
}

const args = process.argv.slice(2);
const perIndex = args.indexOf("--per");
const perTarget = perIndex === -1 ? 1000 : Number(args[perIndex + 1]);
const started = performance.now();
const figures = runBoundaryFuzz({ perTarget });
const ms = Math.round(performance.now() - started);
const payloads = figures.reduce((a, f) => a + f.payloads, 0);
const broken = figures.reduce((a, f) => a + f.broken, 0);

if (args.includes("--json")) {
  process.stdout.write(
    JSON.stringify({ figures: figures.map(({ samples: _, ...f }) => ({ class: issueClass(f), ...f })), assemblies: payloads, broken, ms }, null, 2) + "\n",
  );
} else {
  const rows = figures.map(
    (f) =>
      `| ${issueClass(f)} | ${f.mode} | ${f.target} | ${f.target === "policy" ? "-" : f.trusted ? "trusted" : "untrusted"} | ${f.payloads} | ${f.broken} |`,
  );
  process.stdout.write(["| class | mode | field | trust | payloads | broken |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n") + "\n");
  process.stdout.write(`\n${payloads} assemblies, ${broken} broken, ${ms} ms\n`);
  for (const f of figures)
    for (const s of f.samples)
      process.stdout.write(`  ${f.mode}/${f.target}/${f.trusted ? "trusted" : "untrusted"}: ${s.problem}: ${JSON.stringify(s.payload)}\n`);
}
process.exitCode = broken ? 1 : 0;
