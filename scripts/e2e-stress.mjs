#!/usr/bin/env node
/**
 * `npm run test:e2e:stress [-- --rounds N --load K]`: the whole e2e suite, N rounds in a row,
 * while K busy loops (default: one per core) keep the CPU loaded, so a test that passes or
 * fails by timing shows up here rather than in CI. The busy loops end by themselves after the
 * time limit (and are killed when the rounds are done). Prints one line per round and a
 * summary; exits 1 if any round had a failure.
 *
 * Builds once, then runs `playwright test` per round with CI=1 (no reuse of a stray server).
 */
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";

const USAGE = `usage: npm run test:e2e:stress -- [--rounds N] [--load K] [--max-minutes M] [playwright args...]
  --rounds N        rounds of the whole suite (default 3)
  --load K          busy loops running beside it (default: one per core, ${availableParallelism()})
  --max-minutes M   the busy loops stop by themselves after M minutes (default 60)
`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: "string", default: "3" },
      load: { type: "string", default: String(availableParallelism()) },
      "max-minutes": { type: "string", default: "60" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const rounds = Number(args.values.rounds);
const load = Number(args.values.load);
const maxMs = Number(args.values["max-minutes"]) * 60_000;
if (!(rounds >= 1) || !(load >= 0) || !(maxMs > 0)) {
  process.stderr.write(`--rounds, --load and --max-minutes take positive numbers\n${USAGE}`);
  process.exit(2);
}

const run = (cmd, argv, env = {}) => spawnSync(cmd, argv, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

if (run("node", ["scripts/ensure-chromium.mjs"]) !== 0 || run("npx", ["vite", "build", "--logLevel", "warn"]) !== 0) process.exit(2);

// The load: busy loops bounded in time, at normal priority, so they compete with the suite.
const busy = Array.from({ length: load }, () =>
  spawn(process.execPath, ["-e", `const end = Date.now() + ${maxMs}; while (Date.now() < end) {}`], { stdio: "ignore" }),
);
const stopLoad = () => busy.forEach((p) => p.kill("SIGKILL"));
process.on("exit", stopLoad);
process.on("SIGINT", () => process.exit(130));

const results = [];
for (let round = 1; round <= rounds; round++) {
  const report = `reports/stress-round-${round}.json`;
  rmSync(report, { force: true });
  const started = Date.now();
  const status = run("npx", ["playwright", "test", "--reporter=dot,json", ...args.positionals], {
    CI: "1",
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  let stats = { expected: 0, unexpected: 0, flaky: 0, skipped: 0 };
  try {
    stats = { ...stats, ...JSON.parse(readFileSync(report, "utf8")).stats };
  } catch {
    // no report: the run itself failed to start; counted as a failed round below
  }
  const failed = stats.unexpected + stats.flaky;
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ round, passed: stats.expected, failed, seconds, ok: status === 0 && failed === 0 });
  process.stdout.write(`stress round ${round}/${rounds}: ${stats.expected} passed, ${failed} failed, ${seconds} s\n`);
}
stopLoad();

const good = results.filter((r) => r.ok).length;
process.stdout.write(`\nstress: ${good} of ${rounds} rounds passed with ${load} busy loops beside the suite\n`);
process.exit(good === rounds ? 0 : 1);
