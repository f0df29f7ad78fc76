/**
 * Start-up of the built command line: `contract --version` against a bare `node -e 0` on the
 * same machine, median of 20 starts each (after 3 warm-up starts), the two interleaved so a
 * busy moment slows both alike. Timed in-process around spawnSync, hyperfine-style. Target:
 * no more than 3x bare node (issue 7, item 24). `contract --help` and `contract validate` of an
 * example are shown for context (they load the command table and one command chunk), and the
 * same entry run from source through tsx (how `npm run contract` started before), 5 starts.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { CLI_BIN, ensureCliBuilt } from "../scripts/build-cli.mjs";
import { atMost, type BenchOptions, type Figures } from "./figures.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = 20;
const WARMUP = 3;
const TARGET = 3;

function timeOnce(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 200)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median start time of each command, runs interleaved round by round. */
function race(commands: Record<string, string[]>, runs: number, warmup: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < warmup; i++) for (const args of Object.values(commands)) timeOnce(args);
  for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(commands)) times[k]!.push(timeOnce(args));
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function benchCliStart(options: BenchOptions = { quick: false }): Promise<Figures> {
  const runs = options.quick ? 3 : RUNS;
  await ensureCliBuilt();
  const example = join(ROOT, "contracts/examples/support-triage.contract.json");
  const m = race(
    {
      node: ["-e", "0"],
      version: [CLI_BIN, "--version"],
      help: [CLI_BIN, "--help"],
      validate: [CLI_BIN, "validate", example],
    },
    runs,
    options.quick ? 1 : WARMUP,
  );
  const tsx = median(Array.from({ length: options.quick ? 1 : 5 }, () => timeOnce(["--import", "tsx", "contracts/cli/main.ts", "--version"])));
  const ratio = m.version! / m.node!;
  return {
    runs,
    "node -e 0, median (ms)": round(m.node!),
    "contract --version, median (ms)": round(m.version!),
    "contract --version / node -e 0": atMost(Math.round(ratio * 100) / 100, TARGET),
    "contract --help, median (ms)": round(m.help!),
    "contract validate example, median (ms)": round(m.validate!),
    [`from source through tsx, --version, median of ${options.quick ? 1 : 5} (ms)`]: round(tsx),
  };
}
