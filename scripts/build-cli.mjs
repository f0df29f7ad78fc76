#!/usr/bin/env node
/**
 * Builds the command line ahead of time into dist-cli/ (the package's `contract` bin):
 *   dist-cli/contract.mjs     the entry: argument handling, help, --version, the command table
 *   dist-cli/chunks/*.mjs     one chunk per command and per tokenizer table, loaded on use
 * Dependencies (zod, ajv, gpt-tokenizer...) are bundled in, so a start resolves no packages.
 * Vite's build (rolldown underneath) in SSR mode does it: no bundler beyond what the app uses.
 *
 *   node scripts/build-cli.mjs             build
 *   node scripts/build-cli.mjs --if-stale  build only when a source is newer than the build
 *                                          (what `npm run contract` and the CLI tests do)
 *
 * Messages go to stderr, so `npm run contract -- assemble ... | jq` still gets clean stdout.
 * Plain JavaScript, so checking staleness costs a bare node start and no TypeScript loader.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
export const CLI_OUT = join(ROOT, "dist-cli");
export const CLI_BIN = join(CLI_OUT, "contract.mjs");

/** Every file the bundle is made from: contracts/ (less tests), the manifests, this script. */
function sources() {
  const files = [join(ROOT, "package.json"), join(ROOT, "package-lock.json"), join(ROOT, "scripts/build-cli.mjs")];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(ROOT, "contracts"));
  return files.filter((f) => existsSync(f));
}

/** The first source newer than the build, or null when the build is up to date. */
export function staleBecause() {
  if (!existsSync(CLI_BIN)) return "no build yet";
  const built = statSync(CLI_BIN).mtimeMs;
  for (const file of sources()) if (statSync(file).mtimeMs > built) return `${relative(ROOT, file)} changed`;
  return null;
}

export async function buildCli() {
  const started = performance.now();
  const { build } = await import("vite");
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  // Built next to the real output, then swapped in, so a concurrent `contract` never sees half a build.
  const tmp = join(ROOT, `dist-cli.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: "warn",
      publicDir: false,
      define: { __CONTRACT_VERSION__: JSON.stringify(version) },
      // Bundle every package: a start then reads a few files instead of resolving node_modules.
      ssr: { noExternal: true, target: "node" },
      build: {
        ssr: true,
        outDir: tmp,
        emptyOutDir: false,
        target: "node20",
        minify: true,
        sourcemap: false,
        copyPublicDir: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: { contract: join(ROOT, "contracts/cli/main.ts") },
          output: {
            format: "es",
            entryFileNames: "[name].mjs",
            chunkFileNames: "chunks/[name]-[hash].mjs",
          },
        },
      },
    });
    chmodSync(join(tmp, "contract.mjs"), 0o755); // runnable as ./dist-cli/contract.mjs too
    rmSync(CLI_OUT, { recursive: true, force: true });
    try {
      renameSync(tmp, CLI_OUT);
    } catch (e) {
      // Another build (a parallel test run) swapped its output in first: same sources, keep it.
      if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const first = readFileSync(CLI_BIN, "utf8").split("\n", 1)[0];
  if (first !== "#!/usr/bin/env node") throw new Error(`dist-cli/contract.mjs lost its #! line (starts with ${JSON.stringify(first.slice(0, 40))})`);
  return Math.round(performance.now() - started);
}

/** Builds when stale; returns what happened, for a log line. */
export async function ensureCliBuilt() {
  const reason = staleBecause();
  if (!reason) return null;
  const ms = await buildCli();
  return `built dist-cli/ in ${ms} ms (${reason})`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const ifStale = process.argv.includes("--if-stale");
  try {
    const line = ifStale ? await ensureCliBuilt() : `built dist-cli/ in ${await buildCli()} ms`;
    if (line) process.stderr.write(`contract: ${line}\n`);
  } catch (e) {
    process.stderr.write(`contract: building the command line failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
