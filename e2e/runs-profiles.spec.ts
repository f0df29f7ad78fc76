/** Endpoint profiles: add one, test the connection, pick a model; failures explained; keys kept only when remembered. */
import { test, expect } from "./fixtures/test.ts";
import { openStudio } from "./helpers/studio.ts";
import { LLM, addProfile, banner, fillProfile, profilesDialog } from "./helpers/runs.ts";
import { LISTED_MODELS } from "./server/modes.ts";

test.beforeEach(async ({ page }) => {
  await openStudio(page);
});

test("add a profile, test the connection and pick a model from the list", async ({ page }) => {
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  await fillProfile(page, { name: "Local test server", baseUrl: LLM });
  await d.getByRole("button", { name: "Test connection" }).click();
  await expect(d.getByRole("status")).toHaveText(`Connected: ${LISTED_MODELS.length} models found.`);
  const picker = d.getByRole("combobox", { name: "Models on this endpoint" });
  await picker.selectOption("test-slow-stream");
  await expect(d.getByRole("textbox", { name: "Default model" })).toHaveValue("test-slow-stream");
  await d.getByRole("button", { name: "Save profile" }).click();
  await expect(d.getByRole("navigation", { name: "Profiles" }).getByRole("button", { name: "Local test server" })).toBeVisible();
  await d.getByRole("button", { name: "Close" }).last().click();

  await expect(banner(page).getByRole("combobox", { name: "Endpoint profile" })).toHaveValue(/.+/);
  await expect(banner(page).getByRole("combobox", { name: "Endpoint profile" }).locator("option:checked")).toHaveText("Local test server");
  await expect(banner(page).getByRole("combobox", { name: "Model" })).toHaveValue("test-slow-stream");
});

test("a failed connection test says what went wrong", async ({ page }) => {
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  await fillProfile(page, { name: "Needs a key", baseUrl: "http://127.0.0.1:5392/needs-key/v1" });
  await d.getByRole("button", { name: "Test connection" }).click();
  const alert = d.getByRole("alert");
  // No key was sent, so the advice is to enter one (not to check one).
  await expect(alert).toContainText("The endpoint needs an API key");
  await expect(alert).toContainText("No key was sent");
  await expect(alert).toContainText("Enter the endpoint's API key for this profile");

  await d.getByLabel("API key (optional)").fill("sk-test");
  await d.getByRole("button", { name: "Test connection" }).click();
  await expect(d.getByRole("status")).toHaveText(/Connected/);

  await fillProfile(page, { name: "Nothing there", baseUrl: "http://127.0.0.1:5393/v1" });
  await d.getByRole("button", { name: "Test connection" }).click();
  await expect(d.getByRole("alert")).toContainText("Could not reach the endpoint");
  await expect(d.getByRole("alert")).toContainText("OLLAMA_ORIGINS");
});

test("an API key is forgotten on reload unless 'Remember on this device' is ticked", async ({ page }) => {
  await addProfile(page, { name: "Forgetful", apiKey: "sk-forget-me", model: "test-model" });
  await addProfile(page, { name: "Remembering", apiKey: "sk-remember-me", remember: true, model: "test-model" });
  await page.reload();
  await openStudio(page);
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  const nav = d.getByRole("navigation", { name: "Profiles" });
  await nav.getByRole("button", { name: "Forgetful" }).click();
  await expect(d.getByLabel("API key (optional)")).toHaveValue("");
  await nav.getByRole("button", { name: "Remembering" }).click();
  await expect(d.getByLabel("API key (optional)")).toHaveValue("sk-remember-me");
  await expect(d.getByRole("checkbox", { name: "Remember on this device" })).toBeChecked();

  // The profiles' own database holds no key at all.
  const saved = await page.evaluate(async () => {
    const open = indexedDB.open("contract-studio-endpoints");
    const db = await new Promise<IDBDatabase>((res, rej) => ((open.onsuccess = () => res(open.result)), (open.onerror = () => rej(open.error))));
    const req = db.transaction("profiles").objectStore("profiles").getAll();
    return JSON.stringify(await new Promise((res) => (req.onsuccess = () => res(req.result))));
  });
  expect(saved).toContain("Remembering");
  expect(saved).not.toContain("sk-");
});
