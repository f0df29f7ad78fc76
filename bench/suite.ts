/**
 * `contract test` at scale (issue 9's figures), measured as a user runs it: the built CLI
 * (dist-cli/contract.mjs) spawned as its own process, against the test server in another
 * process, writing a JSON report and JUnit XML, its progress lines going to a pipe as in CI.
 *
 * - 500 cases, answers in a fixed 200 ms (test-delay-200), concurrency 8: ideal 500 / 8 × 200 ms
 *   = 12.5 s; target within 3% of it, peak memory under 100 MB.
 * - 10,000 cases, 20 ms answers, concurrency 64: ideal 3.125 s; target within 10%, under 200 MB.
 *
 * Wall time is from spawning the CLI to its exit (start-up, planning and the reports included).
 * Peak memory is the CLI process's own peak RSS (getrusage, reported by bench/peak-rss.mjs at
 * its exit). Each size runs RUNS times; the median is judged and every run is listed. The CPU
 * time of the CLI and of the server per request show which side is busy (the machine has 2
 * cores, shared); the load average is printed beside them.
 * --quick: 40 and 640 cases, once each, so CI keeps the bench from rotting without timing it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CLI_BIN, ensureCliBuilt } from "../scripts/build-cli.mjs";
import { atMost, below, type BenchOptions, type Figures } from "./figures.ts";

const ROOT = resolve(import.meta.dirname, "..");
const PEAK_RSS = pathToFileURL(join(ROOT, "bench/peak-rss.mjs")).href;
const RUNS = 3;

interface Scenario {
  name: string;
  cases: number;
  latencyMs: number;
  concurrency: number;
  /** Target: wall at most this many times the ideal. */
  maxRatio: number;
  maxPeakMb: number;
}

const SCENARIOS: Scenario[] = [
  { name: "500 cases, 200 ms, concurrency 8", cases: 500, latencyMs: 200, concurrency: 8, maxRatio: 1.03, maxPeakMb: 100 },
  { name: "10,000 cases, 20 ms, concurrency 64", cases: 10_000, latencyMs: 20, concurrency: 64, maxRatio: 1.1, maxPeakMb: 200 },
];
const QUICK_CASES = [40, 640];

/** The test server as its own process (e2e/server/start.ts), on a free port. */
async function serverProcess(): Promise<{ url: string; pid: number; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "e2e/server/start.ts", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the test server exited (${code})`)));
  });
  return {
    url,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function writeContract(path: string, cases: number): void {
  const contract = {
    format: "contract-studio/contract@1",
    id: "bench-triage",
    name: "Bench triage",
    policy: { role: "You triage support tickets." },
    task: { instruction: "Triage this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true }],
    output: {
      kind: "json_schema",
      name: "triage",
      schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
    },
    tests: Array.from({ length: cases }, (_, i) => ({ id: `case-${i}`, variables: { ticket: `Ticket ${i}: the app crashes on start` } })),
  };
  writeFileSync(path, JSON.stringify(contract, null, 2));
}

interface CliRun {
  wallMs: number;
  peakMb: number;
  cpuS: number;
}

/** One `contract test` run, spawned as a user would; throws unless it exits 0 (every case passed). */
async function runCli(dir: string, file: string, endpoint: string, s: Scenario): Promise<CliRun> {
  const peakFile = join(dir, "peak.json");
  rmSync(peakFile, { force: true });
  const args = [
    "--import",
    PEAK_RSS,
    CLI_BIN,
    "test",
    file,
    "--endpoint",
    endpoint,
    "--model",
    `test-delay-${s.latencyMs}`,
    "--concurrency",
    String(s.concurrency),
    "--no-cache",
    "--json",
    join(dir, "report.json"),
    "--junit",
    join(dir, "report.xml"),
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, BENCH_PEAK_FILE: peakFile }, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (d: Buffer) => void (tail = (tail + d.toString()).slice(-2000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`contract test exited ${code}: ${tail}`);
  const peak = JSON.parse(readFileSync(peakFile, "utf8")) as { maxRssKb: number; userUs: number; systemUs: number };
  return { wallMs, peakMb: peak.maxRssKb / 1024, cpuS: (peak.userUs + peak.systemUs) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function benchSuite(options: BenchOptions = { quick: false }): Promise<Figures> {
  await ensureCliBuilt();
  const server = await serverProcess();
  const dir = mkdtempSync(join(tmpdir(), "bench-suite-"));
  const figures: Figures = {};
  try {
    for (const [i, base] of SCENARIOS.entries()) {
      const s = options.quick ? { ...base, name: base.name.replace(/^[\d,]+ cases/, `${QUICK_CASES[i]} cases`), cases: QUICK_CASES[i]! } : base;
      const file = join(dir, `bench-${s.cases}.contract.json`);
      writeContract(file, s.cases);
      const idealMs = (s.cases / s.concurrency) * s.latencyMs;
      const runs: CliRun[] = [];
      const serverCpu: number[] = [];
      for (let run = 0; run < (options.quick ? 1 : RUNS); run++) {
        const before = cpuSeconds(server.pid);
        runs.push(await runCli(dir, file, `${server.url}`, s));
        const after = cpuSeconds(server.pid);
        if (before !== null && after !== null) serverCpu.push(after - before);
      }
      const walls = runs.map((r) => r.wallMs);
      const ratio = r3(median(walls) / idealMs);
      const peak = Math.max(...runs.map((r) => r.peakMb));
      const p = `${s.name}:`;
      figures[`${p} ideal wall, s`] = r3(idealMs / 1000);
      figures[`${p} wall of each run, s`] = walls.map((w) => (w / 1000).toFixed(2)).join(", ");
      figures[`${p} median wall / ideal`] = options.quick ? ratio : atMost(ratio, s.maxRatio);
      figures[`${p} peak RSS of each run, MB`] = runs.map((r) => Math.round(r.peakMb)).join(", ");
      figures[`${p} peak RSS, MB (highest run)`] = options.quick ? Math.round(peak) : below(Math.round(peak), s.maxPeakMb);
      figures[`${p} CLI CPU per case, ms (median run)`] = r3((median(runs.map((r) => r.cpuS)) / s.cases) * 1000);
      if (serverCpu.length) figures[`${p} server CPU per request, ms (median run)`] = r3((median(serverCpu) / s.cases) * 1000);
      figures[`${p} load average (1 min) after`] = r1(loadavg()[0]!);
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

// Run on its own: `npx tsx bench/suite.ts [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchSuite({ quick: process.argv.includes("--quick") }));
