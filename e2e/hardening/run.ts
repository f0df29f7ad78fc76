/**
 * `npm run test:hardening [-- --quick]`: issue 10's fault, fuzz and attack suite, every part
 * bounded in count and time and run only against 127.0.0.1, printed as one table.
 *
 * Parts 1-4, 6 and 10 run here, in Node, over the real modules (the parser and the app's
 * import, the boundary fuzzer, the stream reader, runCase against the test server, the proxy).
 * Parts 5, 7, 8 and 9 need Chromium: they are Playwright specs (e2e/hardening-*.spec.ts, and the
 * CSP check in e2e/fixtures/test.ts for every spec) that write their figures to
 * reports/hardening/. The full mode runs those specs under the shared e2e lock and reads them;
 * the quick mode (part of `npm test`, whose e2e step runs the same specs) shows the last figures
 * written, marked as such. Lives in e2e/ because it drives app modules and Node servers alike.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { runBoundaryFuzz } from "../../contracts/assembly/boundary-fuzz.ts";
import { since, type PartOptions, type Row } from "./figures.ts";
import { runFaults } from "./faults.ts";
import { runImports } from "./imports.ts";
import { runMigrations } from "./migrations.ts";
import { runProxy } from "./proxy.ts";
import { runStreams } from "./streams.ts";

const ROOT = join(import.meta.dirname, "../..");
export const REPORT_DIR = join(ROOT, "reports/hardening");
const quick = process.argv.includes("--quick");
const options: PartOptions = { quick };

async function boundaries({ quick }: PartOptions): Promise<Row[]> {
  const t0 = performance.now();
  const figures = runBoundaryFuzz({ perTarget: quick ? 100 : 1000 });
  const count = figures.reduce((a, f) => a + f.payloads, 0);
  const broken = figures.reduce((a, f) => a + f.broken, 0);
  const modes = [...new Set(figures.map((f) => f.mode))];
  return [
    {
      part: "2 delimiter fuzz",
      tried: `payloads from the real delimiters in ${modes.join(", ")}, ${figures.length} mode/field/trust rows (scripts/hardening/boundaries.ts)`,
      count,
      failures: broken,
      figure: `${broken} of ${count} end a block early or forge one`,
      ms: since(t0),
      samples: figures.flatMap((f) => f.samples.map((s) => `${f.mode}/${f.target}: ${s.problem}`)).slice(0, 5),
    },
  ];
}

/** A part that throws or runs past its bound is one failed row, not a stopped suite. */
async function bounded(name: string, limitMs: number, part: (o: PartOptions) => Promise<Row[]>): Promise<Row[]> {
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      part(options),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`ran past its ${limitMs / 1000} s bound`)), limitMs))),
    ]);
  } catch (e) {
    return [{ part: name, tried: "(the part itself)", count: 1, failures: 1, figure: `crashed: ${e instanceof Error ? e.message : String(e)}`, ms: since(t0) }];
  } finally {
    clearTimeout(timer);
  }
}

const BROWSER_SPECS = ["e2e/hardening-xss.spec.ts", "e2e/hardening-keys.spec.ts", "e2e/hardening-tabs.spec.ts", "e2e/hardening-import.spec.ts"];

/** Runs the browser parts under the e2e lock (full mode); returns a failed row when Playwright fails without figures. */
function runBrowserParts(): Row[] {
  const t0 = performance.now();
  rmSync(REPORT_DIR, { recursive: true, force: true });
  mkdirSync(REPORT_DIR, { recursive: true });
  const specs = BROWSER_SPECS.filter((s) => existsSync(join(ROOT, s)));
  const r = spawnSync("flock", ["/tmp/e2e.lock", "npm", "run", "test:e2e", "--", ...specs], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, HARDENING_REPORT_DIR: REPORT_DIR, HARDENING_FULL: "1" },
    timeout: 15 * 60_000,
  });
  return r.status === 0
    ? []
    : [{ part: "5, 7-9 browser", tried: specs.join(", "), count: 1, failures: 1, figure: `Playwright exited ${r.status ?? r.signal}`, ms: since(t0) }];
}

function browserRows(stale: boolean): Row[] {
  if (!existsSync(REPORT_DIR))
    return [{ part: "5, 7-9 browser", tried: "not run yet", count: 0, failures: 0, figure: "run `npm run test:hardening` (full) or the e2e suite", ms: 0 }];
  const rows: Row[] = [];
  for (const f of readdirSync(REPORT_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const path = join(REPORT_DIR, f);
    const got = JSON.parse(readFileSync(path, "utf8")) as Row[];
    const when = new Date(statSync(path).mtimeMs).toISOString().slice(0, 16).replace("T", " ");
    rows.push(...got.map((r) => (stale ? { ...r, figure: `${r.figure} (e2e run of ${when} UTC)` } : r)));
  }
  // Part 7: every e2e test under the enforcing policy leaves its violation count (e2e/fixtures/test.ts).
  const cspDir = join(REPORT_DIR, "csp");
  if (existsSync(cspDir)) {
    const tests = readdirSync(cspDir).map((f) => JSON.parse(readFileSync(join(cspDir, f), "utf8")) as { title: string; violations: unknown[] });
    const violations = tests.reduce((a, t) => a + t.violations.length, 0);
    const failing = tests.filter((t) => t.violations.length);
    rows.push({
      part: "7 content security policy",
      tried: "the built app (vite preview) under an enforcing CSP: no remote or inline script, connect-src self + loopback http + https, img-src self data:",
      count: tests.length,
      failures: violations,
      figure: `${violations} violations in ${tests.length} e2e tests${stale ? " (last e2e run)" : ""}`,
      ms: 0,
      samples: failing.slice(0, 3).map((t) => `${t.title}: ${JSON.stringify(t.violations[0])}`),
    });
  }
  return rows.sort((a, b) => parseInt(a.part) - parseInt(b.part));
}

const started = performance.now();
const rows: Row[] = [];
rows.push(...(await bounded("1 malformed imports", 240_000, runImports)));
rows.push(...(await bounded("2 delimiter fuzz", 120_000, boundaries)));
rows.push(...(await bounded("3 stream replay", 120_000, runStreams)));
rows.push(...(await bounded("4 endpoint faults", 60_000, runFaults)));
rows.push(...(await bounded("6 proxy", 60_000, runProxy)));
rows.push(...(await bounded("10 format migrations", 30_000, runMigrations)));
if (!quick) rows.push(...runBrowserParts());
rows.push(...browserRows(quick));
rows.sort((a, b) => parseInt(a.part) - parseInt(b.part));

const cell = (s: string | number) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
const lines = [
  "| part | what was tried | count | failures | figure | wall time |",
  "| --- | --- | ---: | ---: | --- | ---: |",
  ...rows.map(
    (r) => `| ${cell(r.part)} | ${cell(r.tried)} | ${r.count} | ${r.failures} | ${cell(r.figure)} | ${r.ms ? `${(r.ms / 1000).toFixed(1)} s` : ""} |`,
  ),
];
const failures = rows.reduce((a, r) => a + r.failures, 0);
process.stdout.write(`\nHardening (${quick ? "quick" : "full"} mode)\n\n${lines.join("\n")}\n`);
for (const r of rows) for (const s of r.samples ?? []) process.stdout.write(`  ${r.part}: ${s}\n`);
process.stdout.write(`\n${rows.length} rows, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(1)} s wall time\n`);
process.exitCode = failures ? 1 : 0;
