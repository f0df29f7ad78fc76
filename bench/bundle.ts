/**
 * Initial JavaScript: what a first visit downloads before the editor is used (gzip, as served
 * compressed), split into the page's own JS and the assembly worker's; the same for a returning
 * visit (workspace already in IndexedDB); and the Monaco chunk, which must load only when a
 * Monaco editor (Raw) is opened. Sizes are each response body gzipped with node:zlib at the
 * default level, so they compare across servers that compress differently.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page, Response } from "@playwright/test";
import { atMost, is, type Figures } from "./figures.ts";
import { kb, launchChromium, startPreview } from "./preview-server.ts";

/** First-visit page JS budget, gzip (issue 9: set at 300 KB when it was 281.9). */
const FIRST_VISIT_BUDGET_KB = 300;

interface Loaded {
  url: string;
  gzip: number;
}

/** The worker's module graph: the worker entry and every chunk it imports, transitively. */
function workerFiles(outDir: string): Set<string> {
  const assets = join(outDir, "assets");
  const entry = readdirSync(assets).find((f) => /^assemble\.worker-.*\.js$/.test(f));
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const src = readFileSync(join(assets, f), "utf8");
    for (const m of src.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) visit(m[1]!);
  };
  if (entry) visit(entry);
  return seen;
}

function recordJs(page: Page): { loaded: Loaded[]; done: () => Promise<Loaded[]> } {
  const loaded: Loaded[] = [];
  const pending: Promise<void>[] = [];
  page.on("response", (r: Response) => {
    const url = r.url();
    if (!/\.m?js(\?|$)/.test(new URL(url).pathname) && !(r.headers()["content-type"] ?? "").includes("javascript")) return;
    pending.push(
      r.body().then(
        (b) => void loaded.push({ url, gzip: gzipSync(b).length }),
        () => undefined,
      ),
    );
  });
  return { loaded, done: async () => (await Promise.all(pending), loaded) };
}

const MONACO = /^(load-monaco|monaco-code-editor|jsonMode|markdown)-.*\.js$/;
const sum = (xs: Loaded[]) => xs.reduce((n, x) => n + x.gzip, 0);
const file = (url: string) => new URL(url).pathname.split("/").pop()!;

export async function benchBundle(): Promise<Figures> {
  const server = await startPreview(5401);
  const browser = await launchChromium();
  try {
    const inWorker = workerFiles(server.outDir);
    const context = await browser.newContext();
    const page = await context.newPage();

    // First visit: load until the network is idle and the first request is assembled.
    let rec = recordJs(page);
    await page.goto(server.url, { waitUntil: "networkidle" });
    await page
      .getByTestId("preview-total-tokens")
      .filter({ hasText: /tokens/ })
      .waitFor();
    const first = await rec.done();
    const firstMain = first.filter((l) => !inWorker.has(file(l.url)));
    const firstWorker = first.filter((l) => inWorker.has(file(l.url)));

    // Returning visit: the workspace comes from IndexedDB, examples are not needed.
    const page2 = await context.newPage();
    await page.close();
    rec = recordJs(page2);
    await page2.goto(server.url, { waitUntil: "networkidle" });
    await page2
      .getByTestId("preview-total-tokens")
      .filter({ hasText: /tokens/ })
      .waitFor();
    const again = await rec.done();
    const againMain = again.filter((l) => !inWorker.has(file(l.url)));

    // Open Raw: Monaco and its workers arrive now, not before.
    const before = again.length;
    await page2.getByRole("main", { name: "Editor" }).getByRole("tab", { name: "Raw" }).click();
    await page2.locator(".monaco-editor .view-lines").waitFor();
    await page2.waitForLoadState("networkidle");
    const afterRaw = (await rec.done()).slice(before);
    const monacoBefore = [...first, ...again.slice(0, before)].some((l) => MONACO.test(file(l.url)));
    // Monaco's core is the load-monaco chunk; the editor component, JSON mode and the
    // Markdown grammar are small chunks beside it; its workers are counted separately.
    const monacoChunk = afterRaw.filter((l) => MONACO.test(file(l.url)));
    const monacoWorkers = afterRaw.filter((l) => /^(editor|json)\.worker-.*\.js$/.test(file(l.url)));
    await context.close();

    const biggest = firstMain
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 3)
      .map((l) => `${file(l.url)} ${kb(l.gzip)}`)
      .join(", ");
    return {
      "first visit, page JS gzip (KB)": atMost(kb(sum(firstMain)), FIRST_VISIT_BUDGET_KB),
      "first visit, page JS files": firstMain.length,
      "first visit, largest page JS (KB gzip)": biggest,
      "first visit, assembly worker JS gzip (KB)": kb(sum(firstWorker)),
      "returning visit, page JS gzip (KB)": kb(sum(againMain)),
      "Monaco chunks gzip (KB)": monacoChunk.length ? kb(sum(monacoChunk)) : "not loaded",
      "Monaco chunks": monacoChunk.map((l) => `${file(l.url)} ${kb(l.gzip)}`).join(", "),
      "Monaco workers gzip (KB)": kb(sum(monacoWorkers)),
      "JS loaded on opening Raw, gzip (KB)": kb(sum(afterRaw)),
      "Monaco requested before Raw": is(monacoBefore ? "yes" : "no", "no"),
      "Monaco requested on opening Raw": is(monacoChunk.length ? "yes" : "no", "yes"),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
