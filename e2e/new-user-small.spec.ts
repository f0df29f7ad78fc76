/**
 * The smaller defects a new user hit (issue 7, item 22): the retry line after success, moving
 * `production` across a major change, the starter text, renaming and the id, the rule that
 * context is data, Monaco's disposed-model error after the text diff, a skip link, contracts in
 * the command palette, replacing an existing contract on import, and a favicon.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, contractList, editor, expectPreviewCurrent, openEditorTab, openStudio, preview, selectContract, userMessage } from "./helpers/studio.ts";
import { addProfile, metric, run, runPane, runStatus, setModel } from "./helpers/runs.ts";

const [TRIAGE, GROUNDED] = EXAMPLES;
const SHOTS = "test-results/new-user-small";

const palette = (page: Page) => page.getByRole("dialog", { name: "Commands" });
const heading = (page: Page) => page.getByRole("banner").getByRole("heading", { level: 1 });

test.describe("favicon (item 22.10)", () => {
  test("the page names an SVG icon of its own origin, and the app serves it", async ({ page, baseURL }) => {
    await openStudio(page);
    const href = await page.locator('link[rel="icon"]').getAttribute("href");
    expect(href).toBeTruthy();
    const url = new URL(href!, baseURL);
    expect(url.origin).toBe(new URL(baseURL!).origin);
    const res = await page.request.get(url.href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    expect(await res.text()).toContain("<svg");
  });
});

test.describe("skip link (item 22.7)", () => {
  test("the first Tab reaches “Skip to editor”, which moves focus into the editor", async ({ page }) => {
    await openStudio(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to editor" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/skip-link.png` });
    await page.keyboard.press("Enter");
    await expect(editor(page)).toBeFocused();
    // The next Tab lands on a control inside the editor, not back in the top bar.
    await page.keyboard.press("Tab");
    expect(await editor(page).evaluate((main) => main.contains(document.activeElement) && main !== document.activeElement)).toBe(true);
  });
});

test.describe("command palette (item 22.8)", () => {
  test("Ctrl/Cmd+K finds a contract by its name (or id) and opens it", async ({ page }) => {
    await openStudio(page);
    await expect(heading(page)).toHaveText(TRIAGE.name);
    await page.keyboard.press("ControlOrMeta+k");
    await palette(page).getByRole("combobox", { name: "Command" }).fill("citations");
    const option = palette(page).getByRole("option", { name: `Open contract: ${GROUNDED.name}` });
    await expect(option).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/palette-contract.png` });
    await page.keyboard.press("Enter");
    await expect(palette(page)).toBeHidden();
    await expect(heading(page)).toHaveText(GROUNDED.name);
    await expect(contractList(page).getByRole("button", { name: new RegExp(`^${GROUNDED.name}`) })).toHaveAttribute("aria-current", "true");

    // By id too, and with a click.
    await page.keyboard.press("ControlOrMeta+k");
    await palette(page).getByRole("combobox", { name: "Command" }).fill(TRIAGE.id);
    await palette(page)
      .getByRole("option", { name: `Open contract: ${TRIAGE.name}` })
      .click();
    await expect(heading(page)).toHaveText(TRIAGE.name);
    await selectContract(page, GROUNDED.name);
  });
});

test.describe("retry line (item 22.1)", () => {
  test("“Retrying in …” shows while the run waits and turns into a past-tense note once it succeeds", async ({ page }, testInfo) => {
    await openStudio(page);
    // test-429-then-ok alternates per x-test-key: a key of this test's own.
    await addProfile(page, { name: "Test server", headers: `x-test-key: ${testInfo.testId}-${testInfo.retry}` });
    await selectContract(page, GROUNDED.name);
    await setModel(page, "test-429-then-ok");
    await run(page);
    const live = runPane(page).getByRole("log", { name: "Retries" });
    await expect(live).toContainText("Retrying in 1.0 s (429, attempt 1 of 2)");
    await expect(runStatus(page)).toHaveText("Completed", { timeout: 15_000 });
    await expect(live).toHaveCount(0);
    await expect(runPane(page)).not.toContainText("Retrying in");
    await expect(metric(page, "Attempts")).toHaveText("2");
    await expect(runPane(page).getByRole("note", { name: "Retries" })).toHaveText("Retried once (429, waited 1.0 s).");
    await runPane(page).getByRole("note", { name: "Retries" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/retry-after-success.png` });
  });
});

test.describe("new-contract starter (item 22.3)", () => {
  test("“New contract” fills in a starter with no issues that shows what goes where", async ({ page }) => {
    await openStudio(page);
    await page
      .getByRole("complementary", { name: "Contracts" })
      .getByRole("button", { name: /New contract/ })
      .click();
    await expect(heading(page)).toHaveText("Untitled contract");
    await expectPreviewCurrent(page);
    const issues = preview(page).getByRole("region", { name: "Issues" });
    await expect(issues.getByRole("heading")).toHaveText("Issues 0 errors, 0 warnings");
    await expect(issues).toContainText("No problems");
    // The instruction uses a declared variable, and its test value fills the preview.
    await expect(userMessage(page)).toContainText("What can you help me with?");
    await expect(userMessage(page)).not.toContainText("{{");
    await openEditorTab(page, "Task");
    await expect(editor(page).getByRole("textbox", { name: "Task instruction" })).toHaveValue(/\{\{question\}\}/);
    await expect(editor(page).getByRole("textbox", { name: "Variable 1 name" })).toHaveValue("question");
    await page.screenshot({ path: `${SHOTS}/starter.png` });
  });
});
