/** Raw mode: the whole file in a locally bundled Monaco, loaded only when first needed. */
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { editor, openEditorTab, openStudio } from "./helpers/studio.ts";

const MONACO = /\/assets\/(load-monaco|monaco-code-editor|editor\.worker|json\.worker)-[\w-]+\.js$/;
/** Clicks the Monaco line that starts with `key` (a JSON property), puts the cursor after its opening quote, types. */
async function typeAfter(page: Page, code: Locator, key: string, text: string): Promise<void> {
  // Monaco renders spaces as no-break spaces: match any white space.
  const pattern = new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s"));
  const line = code.page().locator(".monaco-editor .view-line", { hasText: pattern }).first();
  await line.click();
  await page.keyboard.press("Home");
  for (let i = 0; i < key.length; i++) await page.keyboard.press("ArrowRight");
  // Key by key with no delay, as a fast typist: each keystroke must land where the cursor is,
  // even while React is applying the previous one (the editor never gets its own text echoed back).
  await page.keyboard.type(text);
}

test("Monaco is requested only when Raw opens, and a Raw edit shows in the Policy panel", async ({ page, requests }) => {
  await openStudio(page);
  for (const tab of ["Policy", "Task", "Context", "Tests"] as const) await openEditorTab(page, tab);
  expect(
    requests.map((r) => r.url()).filter((u) => MONACO.test(new URL(u).pathname)),
    "no Monaco before Raw",
  ).toEqual([]);

  await openEditorTab(page, "Raw");
  const code = editor(page).getByRole("textbox", { name: "Raw contract JSON" });
  await expect(code).toBeAttached();
  await expect(editor(page).locator(".monaco-editor .view-lines")).toContainText('"format": "contract-studio/contract@2"');
  expect(
    requests.some((r) => /\/assets\/load-monaco-[\w-]+\.js$/.test(r.url())),
    "the Monaco chunk loads with Raw",
  ).toBe(true);
  await expect(editor(page).getByRole("status")).toContainText("Valid contract file");

  await typeAfter(page, code, '"name": "', "Raw-edited ");
  await expect(editor(page).getByRole("status")).toContainText("Valid contract file");
  await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Raw-edited Support ticket triage");

  await openEditorTab(page, "Policy");
  await expect(page.getByRole("banner").getByRole("heading", { level: 1 }), "the edit survives leaving Raw").toHaveText("Raw-edited Support ticket triage");
  await expect(editor(page).getByRole("textbox", { name: "Contract name" })).toHaveValue("Raw-edited Support ticket triage");
});

test("a Raw edit that breaks the file lists its error and keeps the last valid contract", async ({ page }) => {
  await openStudio(page);
  await openEditorTab(page, "Raw");
  const code = editor(page).getByRole("textbox", { name: "Raw contract JSON" });
  await expect(editor(page).locator(".monaco-editor .view-lines")).toContainText('"format"');
  await typeAfter(page, code, '"id": "', "Bad Id ");
  await expect(editor(page).getByRole("status")).toContainText("1 problem");
  await expect(editor(page).getByRole("status")).toContainText("id: must be a slug like support-triage");

  await openEditorTab(page, "Policy");
  await expect(editor(page).getByRole("textbox", { name: "Contract id" })).toHaveValue("support-triage");
});
