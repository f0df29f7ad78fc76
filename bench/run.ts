/**
 * `npm run bench`: runs every benchmark module below and prints one table per module.
 * To add one, export an async function returning a flat record of figures and list it here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { benchAssembly } from "./assembly.ts";
import { benchDiff } from "./diff.ts";
import { benchBundle } from "./bundle.ts";
import { benchTyping } from "./typing.ts";
import { benchRunOverhead } from "./run-overhead.ts";
import { benchCliStart } from "./cli-start.ts";
import { benchSuite } from "./suite.ts";
import { benchSuiteGrid } from "./suite-grid.ts";
import { benchTraffic } from "./traffic.ts";

type Bench = () => Promise<Record<string, number | string>>;

const BENCHES: [name: string, run: Bench][] = [
  ["assembly", benchAssembly],
  ["diff", benchDiff],
  ["cli-start", benchCliStart],
  ["suite", benchSuite],
  ["traffic", benchTraffic],
  // Browser benches: each builds the app (once), serves it with vite preview, drives Chromium.
  ["bundle", benchBundle],
  ["typing", benchTyping],
  ["run-overhead", benchRunOverhead],
  ["suite-grid", benchSuiteGrid],
];

function table(name: string, figures: Record<string, number | string>): string {
  const rows = Object.entries(figures).map(([k, v]) => [k, String(v)] as const);
  const w = Math.max(...rows.map(([k]) => k.length), 6);
  return [`## ${name}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join("\n");
}

async function main() {
  const only = process.argv.slice(2);
  let failed = false;
  const results: Record<string, Record<string, number | string>> = {};
  for (const [name, run] of BENCHES) {
    if (only.length && !only.includes(name)) continue;
    try {
      results[name] = await run();
      process.stdout.write(table(name, results[name]) + "\n\n");
    } catch (e) {
      failed = true;
      process.stdout.write(`## ${name}\n  failed: ${e instanceof Error ? e.message : String(e)}\n\n`);
    }
  }
  // Figures of the benches that ran, merged into what earlier runs recorded for the others.
  const out = new URL("./results.json", import.meta.url);
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
  } catch {
    // first run
  }
  writeFileSync(out, JSON.stringify({ ...previous, ...results }, null, 2) + "\n");
  process.exitCode = failed ? 1 : 0;
}

await main();
