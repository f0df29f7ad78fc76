/** An endpoint that refuses browser origins: the direct run fails with CORS advice; through the app's proxy it works. */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { LLM_NO_CORS, addProfile, answer, banner, fillProfile, profilesDialog, runPane, runUntil } from "./helpers/runs.ts";

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await selectContract(page, EXAMPLES[1].name);
});

test("without the proxy, a no-CORS endpoint fails with what to configure", async ({ page }) => {
  await addProfile(page, { name: "No CORS direct", baseUrl: LLM_NO_CORS, model: "test-model" });
  await runUntil(page, "Failed", 30_000);
  const alert = runPane(page).getByRole("alert");
  await expect(alert).toContainText("network or CORS");
  await expect(alert).toContainText("OLLAMA_ORIGINS");
  await expect(alert).toContainText("Send through the app's proxy");
});

test("through the app's same-origin proxy, the run streams and completes", async ({ page, requests }) => {
  await addProfile(page, { name: "No CORS via proxy", baseUrl: LLM_NO_CORS, useProxy: true, model: "test-model" });
  await runUntil(page, "Completed");
  await expect(answer(page)).not.toContainText("No answer text");
  // The page itself only talked to its own origin for the run.
  const chat = requests.map((r) => r.url()).filter((u) => u.includes("/chat/completions"));
  expect(chat.length).toBeGreaterThan(0);
  expect(chat.every((u) => u.startsWith("http://127.0.0.1:5391/api/proxy/"))).toBe(true);
});

test("Test connection through the proxy lists the models: a same-origin GET carries no Origin, the page's session cookie lets it through", async ({ page }) => {
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  await fillProfile(page, { name: "No CORS via proxy", baseUrl: LLM_NO_CORS, useProxy: true });
  await d.getByRole("button", { name: "Test connection" }).click();
  await expect(d.getByRole("status")).toHaveText(/Connected: \d+ models found/);
});
