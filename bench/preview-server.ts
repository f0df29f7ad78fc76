/**
 * The built app for browser benchmarks: one production build per process, into a directory of
 * its own (so a build someone else runs in dist/ cannot change the files under a measurement),
 * served by `vite preview` on a port of the bench's choosing, and Debian's Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";

const ROOT = new URL("..", import.meta.url).pathname;
const VITE = join(ROOT, "node_modules", ".bin", "vite");
let built: string | null = null;

/** Builds the app once (per process) and returns the output directory. */
export function buildOnce(): string {
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), "contract-studio-bench-"));
  const r = spawnSync(
    VITE,
    ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error", ...(process.env.BENCH_NO_MINIFY ? ["--minify", "false"] : [])],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  built = outDir;
  process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
  return outDir;
}

/** The first free port at or after `from`, so a bench never picks up someone else's server. */
async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}..${from + 49}`);
}

export interface Preview {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

export async function startPreview(preferredPort: number): Promise<Preview> {
  const outDir = buildOnce();
  const port = await freePort(preferredPort);
  const child: ChildProcess = spawn(VITE, ["preview", "--outDir", outDir, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`vite preview did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    outDir,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

export const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;
