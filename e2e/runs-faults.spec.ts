/** Stop, retries, explained errors and cut streams, as a user sees them in the Run tab. */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { addProfile, answer, banner, metric, run, runPane, runStatus, runUntil, setModel } from "./helpers/runs.ts";

const [TRIAGE, GROUNDED] = EXAMPLES;

test.beforeEach(async ({ page }, testInfo) => {
  await openStudio(page);
  // Counters of the fault modes are per model + x-test-key: a key of this test's own keeps parallel
  // tests (and other specs) from sharing them, so no global /__reset is needed.
  await addProfile(page, { name: "Test server", headers: `x-test-key: ${testInfo.testId}-${testInfo.retry}` });
  await selectContract(page, GROUNDED.name);
});

test("Stop mid-stream aborts at once and keeps the partial answer", async ({ page }) => {
  await setModel(page, "test-stream-20tps-200"); // 10 s: long enough to act on a loaded machine
  await run(page);
  await expect(answer(page)).toContainText("lorem lorem lorem", { timeout: 5_000 });
  await banner(page).getByRole("button", { name: "Stop" }).click();
  await expect(runStatus(page)).toHaveText("Stopped");
  const kept = await answer(page).innerText();
  // Stopped for real: nothing more arrives (the stream had 5 s or more to go).
  await page.waitForTimeout(1_000);
  expect(await answer(page).innerText()).toBe(kept);
  expect(kept).toContain("lorem");
  // 200 tokens were coming; fewer arrived.
  expect(kept.match(/lorem/g)!.length).toBeLessThan(200);
  await expect(runPane(page)).toContainText("the partial answer is kept");
});

test("a 429 is retried after its Retry-After, visibly, and then succeeds", async ({ page }) => {
  // One 429 asking for 3 s: the live line shows long enough for expect's polling on a busy machine.
  await setModel(page, "test-429x1-ra-3");
  await run(page);
  await expect(runPane(page).getByRole("log", { name: "Retries" })).toContainText("Retrying in 3.0 s (429, attempt 1 of 2)");
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 15_000 });
  await expect(metric(page, "Attempts")).toHaveText("2");
});

test("a 401 is explained, not dumped", async ({ page }) => {
  await setModel(page, "test-401");
  await runUntil(page, "Failed");
  const alert = runPane(page).getByRole("alert");
  // The run's profile has no key: the explanation says none was sent and asks for one.
  await expect(alert).toContainText("The endpoint needs an API key");
  await expect(alert).toContainText("Enter the endpoint's API key for this profile");
  await expect(alert).not.toContainText("{");
});

test("a stream cut mid-way keeps its partial answer and the run is marked failed", async ({ page }) => {
  // Paced (10 tokens/s) so the three chunks before the cut reach the page: with all of them
  // written in the same millisecond as the socket is destroyed, Chromium drops the lot.
  await setModel(page, "test-stream-10tps-50+cut");
  await runUntil(page, "Failed");
  await expect(runPane(page).getByRole("alert")).toContainText("The stream was cut off");
  // Three chunks are sent before the socket is destroyed; the last may die with it.
  await expect(answer(page)).toContainText("lorem lorem");
});

test("json_schema refused by the endpoint: retry with json_object succeeds", async ({ page }) => {
  await selectContract(page, TRIAGE.name);
  await setModel(page, "test-400-json-schema");
  await runUntil(page, "Failed");
  const alert = runPane(page).getByRole("alert");
  await expect(alert).toContainText("does not support json_schema");
  await alert.getByRole("button", { name: "Retry with json_object" }).click();
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 15_000 });
  await expect(runPane(page).getByRole("region", { name: "Validation" })).toBeVisible();
});
