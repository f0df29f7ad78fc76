/**
 * Typing into a large contract in the browser (500 context items, about 1 MB of text): the
 * longest main-thread task while a user types 40 characters into the task instruction at a
 * fast typist's pace, and whether assembly ran in a Web Worker. The contract is imported through
 * the UI's own file input. Long tasks (the browser's "longtask" entries, 50 ms and over) are
 * collected by a PerformanceObserver installed before the app starts; below that threshold a
 * 5 ms heartbeat gives the longest stall the user could have felt.
 */
import { serializeContract } from "../contracts/index.ts";
import { largeContract } from "./assembly.ts";
import { launchChromium, startPreview } from "./preview-server.ts";
import { below, is, type Figures } from "./figures.ts";
import { MAIN_THREAD_RECORDER } from "./main-thread.ts";

const TYPED = " Cite the article ids you used, briefly.";
const KEY_DELAY_MS = 90; // about 130 words a minute

export async function benchTyping(): Promise<Figures> {
  const contract = largeContract();
  const file = Buffer.from(serializeContract(contract));
  const server = await startPreview(5411);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addInitScript(MAIN_THREAD_RECORDER);
    const workers: string[] = [];
    page.on("worker", (w) => workers.push(w.url()));

    await page.goto(server.url);
    await page.getByRole("navigation", { name: "Contract list" }).getByRole("button").first().waitFor();
    await page.getByLabel("Import contract file").setInputFiles({ name: "bench-large.contract.json", mimeType: "application/json", buffer: file });
    const item = page.getByRole("navigation", { name: "Contract list" }).getByRole("button", { name: /bench-large/ });
    await item.click();
    const total = page.getByTestId("preview-total-tokens");
    const preview = page.getByRole("region", { name: "Request preview" }).getByRole("article", { name: "user message" });
    await page.getByRole("main", { name: "Editor" }).getByRole("tab", { name: "Task" }).click();
    const instruction = page.getByRole("textbox", { name: "Task instruction" });
    await instruction.waitFor();
    await preview.filter({ hasText: "kb-499" }).waitFor({ timeout: 60_000 });
    await total.filter({ hasText: /tokens/ }).waitFor();
    const tokensBefore = await total.innerText();

    await instruction.click();
    await instruction.press("ControlOrMeta+End");
    // Let the page settle, then measure only the typing and the preview catching up.
    await page.waitForTimeout(500);
    await page.evaluate(() => window.__mainThread!.reset());
    const t0 = Date.now();
    await instruction.pressSequentially(TYPED, { delay: KEY_DELAY_MS });
    const typedMs = Date.now() - t0;
    await preview.filter({ hasText: TYPED.trim() }).waitFor({ timeout: 60_000 });
    const catchUpMs = Date.now() - t0 - typedMs;
    const m = await page.evaluate(() => ({
      longTasks: window.__mainThread!.longTasks.map((t) => t.duration),
      frames: [...window.__mainThread!.frames],
      maxGap: window.__mainThread!.maxGap,
    }));
    const tokensAfter = await total.innerText();

    const assemblyWorker = workers.some((w) => /assemble\.worker-[\w-]+\.js$/.test(w));
    const longest = m.longTasks.length ? Math.max(...m.longTasks) : 0;
    return {
      "context items": contract.context.items.length,
      "contract file (KB)": Math.round(file.length / 1024),
      "characters typed": TYPED.length,
      "longest main-thread task while typing (ms, longtask API; 0 = none of 50 ms or more)": below(Math.round(longest), 50),
      "long tasks (>= 50 ms) while typing": m.longTasks.length,
      "longest stall seen by a 5 ms heartbeat (ms)": Math.round(m.maxGap),
      "longest animation frame (ms, LoAF: script + style/layout/paint)": Math.round(Math.max(0, ...m.frames.map((f) => f.duration))),
      "longest frame's rendering part (ms)": Math.round(Math.max(0, ...m.frames.map((f) => f.render))),
      "preview caught up after last key (ms)": catchUpMs,
      "tokens before -> after": `${tokensBefore} -> ${tokensAfter}`,
      "assembly in a Web Worker (assemble.worker created)": is(assemblyWorker ? "yes" : "no", "yes"),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
