/** The API key never leaves its field: not in an exported contract, a copied snippet or the run history. Runs survive a reload. */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { addProfile, answer, history, runPane, runStatus, runUntil } from "./helpers/runs.ts";

const KEY = "sk-e2e-secret-7731";
const GROUNDED = EXAMPLES[1];

/** Every value in the run-history database, as JSON. */
async function storedRuns(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const open = indexedDB.open("contract-studio-runs");
    const db = await new Promise<IDBDatabase>((res, rej) => ((open.onsuccess = () => res(open.result)), (open.onerror = () => rej(open.error))));
    const req = db.transaction("records").objectStore("records").getAll();
    const all = await new Promise<unknown[]>((res) => (req.onsuccess = () => res(req.result as unknown[])));
    db.close();
    return JSON.stringify(all);
  });
}

test.beforeEach(async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openStudio(page);
  await selectContract(page, GROUNDED.name);
});

test("an exported contract, a copied snippet and the run history hold no key", async ({ page }) => {
  await addProfile(page, { name: "Keyed server", apiKey: KEY, model: "test-model" });
  await runUntil(page, "Completed");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("complementary", { name: "Contracts" }).getByRole("button", { name: "Export" }).click(),
  ]);
  const exported = readFileSync(await download.path(), "utf8");
  expect(exported).toContain(GROUNDED.id);
  expect(exported).not.toContain(KEY);

  await runPane(page).getByRole("button", { name: "Copy as code" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy as code" });
  for (const lang of ["curl", "TypeScript", "Python"]) {
    await dialog.getByRole("tab", { name: lang }).click();
    await dialog.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(dialog.getByRole("status")).toHaveText("Copied to the clipboard.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("OPENAI_API_KEY");
    expect(copied).toContain("127.0.0.1:5392");
    expect(copied).not.toContain(KEY);
  }
  await dialog.getByRole("button", { name: "Close" }).last().click();

  const runs = await storedRuns(page);
  expect(runs).toContain("Keyed server");
  expect(runs).not.toContain(KEY);
  expect(runs).not.toMatch(/authorization/i);
});

test("a metrics-only profile keeps timings and usage but no request or answer", async ({ page }) => {
  await addProfile(page, { name: "Private", model: "test-model" });
  await page.getByRole("banner").getByRole("button", { name: "Endpoints…" }).click();
  const d = page.getByRole("dialog", { name: "Endpoint profiles" });
  await d.getByRole("checkbox", { name: /Metrics only/ }).check();
  await d.getByRole("button", { name: "Save profile" }).click();
  await d.getByRole("button", { name: "Close" }).last().click();
  await runUntil(page, "Completed");
  await expect(answer(page)).not.toContainText("No answer text"); // shown now, not stored
  const runs = JSON.parse(await storedRuns(page)) as { request: unknown; response: unknown; usage: { totalTokens: number }; metricsOnly: boolean }[];
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ request: null, response: null, metricsOnly: true });
  expect(runs[0]!.usage.totalTokens).toBeGreaterThan(0);
});

test("after a reload the run is in the history, opens, and can be rerun", async ({ page }) => {
  await addProfile(page, { name: "Test server", model: "test-model" });
  await runUntil(page, "Completed");
  const first = (await answer(page).getByTestId("answer-markdown").innerText()).trim();
  expect(first.length).toBeGreaterThan(10);

  await page.reload();
  // The Run tab stays open across the reload (the workspace remembers the side tab).
  await expect(page.getByRole("navigation", { name: "Contract list" }).getByRole("button").first()).toBeVisible();
  await selectContract(page, GROUNDED.name);
  await page.getByRole("tab", { name: "Run" }).click();
  const past = history(page).getByRole("button", { name: /^Open run of .*test-model, completed/ });
  await expect(past).toHaveCount(1);
  await past.click();
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(answer(page).getByTestId("answer-markdown")).toHaveText(first);

  await history(page)
    .getByRole("button", { name: /^Rerun run of/ })
    .click();
  await expect(history(page).getByRole("button", { name: /^Open run of/ })).toHaveCount(2, { timeout: 15_000 });
  await expect(runStatus(page)).toHaveText("Completed");
});
