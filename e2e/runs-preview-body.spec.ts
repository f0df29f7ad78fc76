/**
 * The preview's raw body is the body Run sends (issue 7 item 14): the top bar's model, and
 * `stream` / `stream_options` as the chosen profile's capabilities make them. The "no model is
 * set" warning goes once a model is chosen.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { editor, expectPreviewCurrent, openEditorTab, openStudio, preview } from "./helpers/studio.ts";
import { addProfile, banner, profilesDialog, run, runStatus, setModel } from "./helpers/runs.ts";

const rawBody = (page: Page) => preview(page).getByTestId("raw-body");
const issues = (page: Page) => preview(page).getByRole("region", { name: "Issues" });

async function showRawBody(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Preview", exact: true }).click();
  await preview(page).getByRole("button", { name: "Raw body" }).click();
  await expect(rawBody(page)).toBeVisible();
}

async function setCapability(page: Page, name: "Streaming" | "Usage in stream", on: boolean): Promise<void> {
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  await d.getByRole("checkbox", { name, exact: true }).setChecked(on);
  await d.getByRole("button", { name: "Save profile" }).click();
  await d.getByRole("button", { name: "Close" }).last().click();
  await expect(d).toBeHidden();
}

test("the raw body follows the top bar's model and the profile's streaming capabilities", async ({ page }) => {
  await openStudio(page);
  await page
    .getByRole("complementary", { name: "Contracts" })
    .getByRole("button", { name: /New contract/ })
    .click();
  await expect(banner(page).getByRole("heading", { level: 1 })).toHaveText("Untitled contract");
  // The starter names a default model; a contract without one is what this test is about.
  await openEditorTab(page, "Output");
  await editor(page).getByRole("textbox", { name: "Default model" }).fill("");
  await showRawBody(page);
  await expectPreviewCurrent(page);
  await expect(rawBody(page)).toContainText('"model":""');
  await expect(issues(page)).toContainText("no model is set");

  await addProfile(page, { name: "Test server" });
  await setModel(page, "test-echo");
  await expectPreviewCurrent(page);
  await expect(rawBody(page)).toContainText('"model":"test-echo"');
  await expect(rawBody(page)).toContainText('"stream":true,"stream_options":{"include_usage":true}');
  await expect(preview(page)).not.toContainText("no model is set");

  await setCapability(page, "Usage in stream", false);
  await expectPreviewCurrent(page);
  await expect(rawBody(page)).toContainText('"stream":true}');
  await expect(rawBody(page)).not.toContainText("stream_options");

  await setCapability(page, "Streaming", false);
  await expectPreviewCurrent(page);
  await expect(rawBody(page)).not.toContainText('"stream"');
  await expect(rawBody(page)).toContainText('"model":"test-echo"');
});

test("the bytes Run sends are the bytes the preview shows", async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server" });
  await setModel(page, "test-model");
  await showRawBody(page);
  await expectPreviewCurrent(page);
  await expect(rawBody(page)).toContainText('"model":"test-model"');
  const shown = await rawBody(page).textContent();

  const sent = page.waitForRequest((r) => r.url().endsWith("/v1/chat/completions") && r.method() === "POST");
  await run(page);
  expect((await sent).postData()).toBe(shown);
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 20_000 });
});
