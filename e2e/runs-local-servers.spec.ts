/**
 * What a real local server (llama.cpp's llama-server) does to a browser run, reproduced by the
 * test server: CORS header lists that leave out Authorization, a prompt longer than the
 * context, and schemas the server cannot turn into a grammar.
 */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { LLM, addProfile, metric, runPane, runUntil } from "./helpers/runs.ts";

const ORIGIN = LLM.replace(/\/v1$/, "");

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await selectContract(page, EXAMPLES[0].name);
});

test("a key blocked by --cors-headers 'Content-Type' fails once, naming the flag and Authorization", async ({ page }) => {
  await addProfile(page, { name: "llama.cpp, narrow CORS", baseUrl: `${ORIGIN}/cors-no-auth/v1`, apiKey: "sk-local", model: "test-model" });
  await runUntil(page, "Failed", 30_000);
  const alert = runPane(page).getByRole("alert");
  await expect(alert).toContainText("network or CORS");
  await expect(alert).toContainText("--cors-headers 'Content-Type,Authorization'");
  await expect(alert).toContainText("A retry cannot help with CORS");
  await expect(runPane(page).getByRole("log", { name: "Retries" })).toHaveCount(0);
  await expect(metric(page, "Attempts")).toHaveText("1");
});

// Why the advice says "Chromium does": the Fetch standard does not let * cover Authorization,
// but Chromium (156) still sends the key after such a preflight. If this starts failing,
// Chromium enforces the standard and the advice in networkError can drop its hedge.
test("llama-server's default allow-headers * still lets Chromium send the key", async ({ page }) => {
  await addProfile(page, { name: "llama.cpp, default CORS", baseUrl: `${ORIGIN}/cors-star/v1`, apiKey: "sk-local", model: "test-model" });
  await runUntil(page, "Completed");
});

test("without a key the same narrow CORS list lets the run through", async ({ page }) => {
  await addProfile(page, { name: "llama.cpp, narrow CORS, no key", baseUrl: `${ORIGIN}/cors-no-auth/v1`, model: "test-model" });
  await runUntil(page, "Completed");
});

test("a prompt longer than the context says both counts and llama.cpp's -c", async ({ page }) => {
  await addProfile(page, { name: "llama.cpp, tiny context", model: "test-ctx-32" });
  await runUntil(page, "Failed");
  const alert = runPane(page).getByRole("alert");
  await expect(alert).toContainText("The prompt does not fit the model's context");
  await expect(alert).toContainText(/The prompt is [\d,]+ tokens and the server's context holds 32 \(n_ctx\)/);
  await expect(alert).toContainText("-c N (--ctx-size N");
});

test("llama.cpp's schema rejection offers the json_object fallback, which then completes", async ({ page }) => {
  await addProfile(page, { name: "llama.cpp, no $ref", model: "test-400-llama-schema" });
  await runUntil(page, "Failed");
  const alert = runPane(page).getByRole("alert");
  await expect(alert).toContainText("does not support json_schema output");
  await alert.getByRole("button", { name: "Retry with json_object" }).click();
  await expect(runPane(page).getByRole("status", { name: "Run status" })).toHaveText("Completed");
});
