#!/usr/bin/env node
/**
 * Runs npm scripts at the same time and exits non-zero if any failed: `node
 * scripts/run-parallel.mjs typecheck lint format:check`. The static checks are single-threaded
 * and independent, so on CI's 2 cores running them together saves most of the shorter ones'
 * time. Each script's output is held and printed whole when it ends, so logs do not interleave.
 */
import { spawn } from "node:child_process";

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  process.stdout.write("usage: node scripts/run-parallel.mjs SCRIPT...\n");
  process.exit(2);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const results = await Promise.all(
  scripts.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(npm, ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"] });
        const out = [];
        child.stdout.on("data", (d) => out.push(d));
        child.stderr.on("data", (d) => out.push(d));
        child.on("close", (code) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(`\n> npm run ${name} (${code === 0 ? "ok" : `failed, exit ${code}`}, ${seconds} s)\n${Buffer.concat(out).toString()}`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.some((code) => code !== 0) ? 1 : 0);
