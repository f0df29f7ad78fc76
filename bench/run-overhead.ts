/**
 * What the app adds to a streamed run, in Chromium against the local test server:
 * (a) time to first token as the Run tab shows it minus the server's own (request arrival to
 *     first content token written, from its /__stats), median over 20 runs after 2 warm-ups;
 * (b) the longest main-thread task while a 5,000-token answer streams in at 500 tokens/s and is
 *     then rendered. "longtask" entries (50 ms and over) come from a PerformanceObserver
 *     installed before the app starts; a 5 ms heartbeat gives the longest stall below that.
 * The profile is added through the UI, as a user would.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { startTestServer } from "../e2e/server/test-server.ts";
import { below, type Figures } from "./figures.ts";
import { launchChromium, startPreview } from "./preview-server.ts";
import { MAIN_THREAD_RECORDER } from "./main-thread.ts";

const RUNS = 20;
const WARMUP = 2;

interface Stat {
  path: string;
  model: string | null;
  firstTokenMs: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (v: number) => Math.round(v * 10) / 10;

async function addProfile(page: Page, baseUrl: string): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Endpoints…" }).click();
  const d = page.getByRole("dialog", { name: "Endpoint profiles" });
  await d.getByRole("textbox", { name: "Name", exact: true }).fill("Bench server");
  await d.getByRole("textbox", { name: "Base URL" }).fill(baseUrl);
  await d.getByRole("button", { name: "Save profile" }).click();
  await d.getByRole("button", { name: "Close" }).last().click();
}

async function runOnce(page: Page, timeout: number): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByRole("status", { name: "Run status" })
    .filter({ hasText: /^(Completed|Failed|Stopped)$/ })
    .waitFor({ timeout });
  const status = await page.getByRole("status", { name: "Run status" }).innerText();
  if (status !== "Completed") throw new Error(`bench run ended ${status}`);
}

/** The Run tab's "Time to first token", in ms. */
async function shownTtft(page: Page): Promise<number> {
  const text = await page
    .getByRole("tabpanel", { name: "Run" })
    .getByRole("term")
    .filter({ hasText: "Time to first token" })
    .locator("xpath=following-sibling::dd[1]")
    .innerText();
  const m = /^([\d.]+) (ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`no time to first token shown: ${text}`);
  return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
}

export async function benchRunOverhead(): Promise<Figures> {
  const llm = await startTestServer({ port: 0 });
  const app = await startPreview(5431);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(MAIN_THREAD_RECORDER);
    await page.goto(app.url);
    const list = page.getByRole("navigation", { name: "Contract list" });
    await list.getByRole("button").first().waitFor();
    await list.getByRole("button", { name: /^Help-centre answer/ }).click();
    await addProfile(page, `${llm.url}/v1`);
    const model = page.getByRole("banner").getByRole("combobox", { name: "Model" });

    // (a) time to first token: app minus server.
    await model.fill("test-model");
    const overheads: number[] = [];
    const appTtfts: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await fetch(`${llm.url}/__reset`, { method: "POST" });
      await runOnce(page, 15_000);
      const app = await shownTtft(page);
      const stats = (await (await fetch(`${llm.url}/__stats`)).json()) as { requests: Stat[] };
      const server = stats.requests.filter((r) => r.path.endsWith("/chat/completions") && r.firstTokenMs !== null).at(-1)?.firstTokenMs;
      if (server == null) throw new Error("the test server recorded no first token");
      if (i >= WARMUP) {
        overheads.push(app - server);
        appTtfts.push(app);
      }
    }

    // (b) a 5,000-token stream at 500 tokens/s. The test server stops at max_tokens, so the
    // contract (the grounded-answer example) is imported with room for the whole stream.
    const grounded = JSON.parse(readFileSync(new URL("../contracts/examples/grounded-answer.contract.json", import.meta.url), "utf8")) as {
      id: string;
      name: string;
      model: Record<string, unknown>;
    };
    const long = { ...grounded, id: "bench-long-answer", name: "Bench long answer", model: { ...grounded.model, max_tokens: 6000 } };
    await page
      .getByLabel("Import contract file")
      .setInputFiles({ name: "bench-long.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(long)) });
    await list.getByRole("button", { name: /^Bench long answer/ }).click();
    await model.fill("test-stream-500tps-5000");
    const pageStart = await page.evaluate(() => (window.__mainThread!.reset(), performance.now()));
    const t0 = Date.now();
    await runOnce(page, 60_000);
    const streamMs = Date.now() - t0;
    await page.waitForTimeout(300); // let the final Markdown render and any trailing task report
    const perf = await page.evaluate(() => ({
      longTasks: window.__mainThread!.longTasks.map((t) => [t.start, t.duration] as const),
      maxGap: window.__mainThread!.maxGap,
    }));
    process.stderr.write(
      `long tasks (start ms after Run, duration ms): ${JSON.stringify(perf.longTasks.map(([st, d]) => [Math.round(st - pageStart), Math.round(d)]))}\n`,
    );
    const durations = perf.longTasks.map(([, d]) => d);
    const shownTokens = await page
      .getByRole("tabpanel", { name: "Run" })
      .getByRole("term")
      .filter({ hasText: /^Output tokens/ })
      .locator("xpath=following-sibling::dd[1]")
      .innerText();

    return {
      runs: RUNS,
      "ttft app - server, median (ms)": below(round(median(overheads)), 10),
      "ttft app - server, max (ms)": round(Math.max(...overheads)),
      "ttft shown by app, median (ms)": round(median(appTtfts)),
      "stream tokens": shownTokens,
      "stream wall time (ms)": streamMs,
      "long tasks (>= 50 ms) while streaming": durations.length,
      "longest main-thread task while streaming (ms; 0 = none of 50 ms or more)": below(durations.length ? round(Math.max(...durations)) : 0, 50),
      "longest heartbeat stall while streaming (ms)": round(perf.maxGap),
    };
  } finally {
    await browser.close();
    await app.close();
    await llm.close();
  }
}
