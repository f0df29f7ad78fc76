/**
 * `npm run bench`: runs every benchmark module below and prints one table per module.
 * To add one, export an async function returning a flat record of figures and list it here.
 */
import { benchAssembly } from "./assembly.ts";
import { benchDiff } from "./diff.ts";

type Bench = () => Promise<Record<string, number | string>>;

const BENCHES: [name: string, run: Bench][] = [["assembly", benchAssembly], ["diff", benchDiff]];

function table(name: string, figures: Record<string, number | string>): string {
  const rows = Object.entries(figures).map(([k, v]) => [k, String(v)] as const);
  const w = Math.max(...rows.map(([k]) => k.length), 6);
  return [`## ${name}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join("\n");
}

async function main() {
  const only = process.argv.slice(2);
  let failed = false;
  for (const [name, run] of BENCHES) {
    if (only.length && !only.includes(name)) continue;
    try {
      process.stdout.write(table(name, await run()) + "\n\n");
    } catch (e) {
      failed = true;
      process.stdout.write(`## ${name}\n  failed: ${e instanceof Error ? e.message : String(e)}\n\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
