/**
 * `npm run bench [-- NAME...] [-- --quick]`: runs the benchmark modules below and prints one
 * table of every figure with its target (bench, figure, value, target, ok), then writes it to
 * bench/results.json with the date, the commit and the machine's load.
 *
 * --quick runs small sizes and few runs (CI runs it after the unit tests so no bench can rot):
 * its timings are not judged, only a bench that throws fails it, and it writes
 * bench/results.quick.json (not committed) so the full figures are never overwritten.
 * The heaviest browser benches (typing, run-overhead, suite-grid) are skipped in quick mode:
 * each drives a large contract or a 10,000-cell suite in Chromium for tens of seconds.
 *
 * To add a bench, export an async function returning its Figures (figures.ts) and list it here.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { benchAssembly } from "./assembly.ts";
import { benchDiff } from "./diff.ts";
import { benchBundle } from "./bundle.ts";
import { benchTyping } from "./typing.ts";
import { benchRunOverhead } from "./run-overhead.ts";
import { benchCliStart } from "./cli-start.ts";
import { benchSuite } from "./suite.ts";
import { benchSuiteGrid } from "./suite-grid.ts";
import { benchTraffic } from "./traffic.ts";
import { benchPerturb } from "./perturb.ts";
import { asFigure, meets, targetText, type Bench, type Figure, type Value } from "./figures.ts";

interface Entry {
  name: string;
  run: Bench;
  /** Skipped by --quick (too slow to be worth running in CI). */
  skipQuick?: boolean;
}

const BENCHES: Entry[] = [
  { name: "assembly", run: benchAssembly },
  { name: "diff", run: benchDiff },
  { name: "cli-start", run: benchCliStart },
  { name: "suite", run: benchSuite },
  { name: "traffic", run: benchTraffic },
  { name: "perturb", run: benchPerturb },
  // Browser benches: each builds the app (once), serves it with vite preview, drives Chromium.
  { name: "bundle", run: benchBundle },
  { name: "typing", run: benchTyping, skipQuick: true },
  { name: "run-overhead", run: benchRunOverhead, skipQuick: true },
  { name: "suite-grid", run: benchSuiteGrid, skipQuick: true },
];

interface Row {
  figure: string;
  value: Value;
  target: string;
  ok: boolean | null;
}

interface BenchRecord {
  ranAt: string;
  commit: string;
  quick: boolean;
  seconds: number;
  /** One-minute load average before and after: on a shared machine other work stretches timings. */
  loadAverage: { before: number; after: number };
  error?: string;
  figures: Row[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function rows(figures: Record<string, Value | Figure>): Row[] {
  return Object.entries(figures).map(([figure, f]) => {
    const fig = asFigure(f);
    return { figure, value: fig.value, target: targetText(fig.target), ok: meets(fig) };
  });
}

function table(results: Record<string, BenchRecord>): string {
  const lines: string[][] = [["bench", "figure", "value", "target", "ok"]];
  for (const [name, r] of Object.entries(results)) {
    if (r.error) lines.push([name, "FAILED", r.error.replace(/\s+/g, " ").slice(0, 160), "", ""]);
    for (const row of r.figures) lines.push([name, row.figure, String(row.value), row.target, row.ok === null ? "—" : row.ok ? "ok" : "MISSED"]);
  }
  const widths = lines[0]!.map((_, i) => Math.min(i === 1 ? 70 : 60, Math.max(...lines.map((l) => l[i]!.length))));
  const fmt = (l: string[]) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  return [fmt(lines[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...lines.slice(1).map(fmt)].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  // Modules written before BenchOptions read the environment instead.
  if (quick) process.env.BENCH_QUICK = "1";
  const only = args.filter((a) => !a.startsWith("--"));
  const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`no bench named ${unknown.join(", ")} (benches: ${BENCHES.map((b) => b.name).join(", ")})\n`);
    process.exitCode = 2;
    return;
  }
  const sha = commit();
  const results: Record<string, BenchRecord> = {};
  let failed = false;
  for (const { name, run, skipQuick } of BENCHES) {
    if (only.length && !only.includes(name)) continue;
    if (quick && skipQuick) {
      process.stderr.write(`bench ${name}: skipped in quick mode\n`);
      continue;
    }
    process.stderr.write(`bench ${name}…\n`);
    const before = loadavg()[0]!;
    const t0 = performance.now();
    const record: BenchRecord = {
      ranAt: new Date().toISOString(),
      commit: sha,
      quick,
      seconds: 0,
      loadAverage: { before: round1(before), after: 0 },
      figures: [],
    };
    try {
      record.figures = rows(await run({ quick }));
    } catch (e) {
      failed = true;
      record.error = e instanceof Error ? e.message : String(e);
    }
    record.seconds = round1((performance.now() - t0) / 1000);
    record.loadAverage.after = round1(loadavg()[0]!);
    results[name] = record;
  }
  process.stdout.write(`${table(results)}\n`);
  const missed = Object.values(results).flatMap((r) => r.figures.filter((f) => f.ok === false)).length;
  process.stdout.write(
    `\n${Object.keys(results).length} benches, ${missed ? `${missed} figure(s) missed their target` : "every target met"}${quick ? " (quick mode: sizes too small for the targets to mean anything)" : ""}; commit ${sha}, ${cpus().length} cores, load average ${round1(loadavg()[0]!)}\n`,
  );

  // The benches that ran replace their own entries; the others keep what earlier runs recorded.
  const out = new URL(quick ? "./results.quick.json" : "./results.json", import.meta.url);
  let previous: { benches?: Record<string, BenchRecord> } = {};
  try {
    previous = JSON.parse(readFileSync(out, "utf8")) as typeof previous;
  } catch {
    // first run
  }
  const file = {
    format: "contract-studio/bench-results@1",
    updatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "", node: process.version },
    benches: { ...(previous.benches ?? {}), ...results },
  };
  writeFileSync(out, JSON.stringify(file, null, 2) + "\n");
  // Only a bench that throws fails the run: a missed target is a figure to report, not an error.
  process.exitCode = failed ? 1 : 0;
}

await main();
