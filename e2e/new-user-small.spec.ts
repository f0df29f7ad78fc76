/**
 * The smaller defects a new user hit (issue 7, item 22): the retry line after success, moving
 * `production` across a major change, the starter text, renaming and the id, the rule that
 * context is data, Monaco's disposed-model error after the text diff, a skip link, contracts in
 * the command palette, replacing an existing contract on import, and a favicon.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import {
  EXAMPLES,
  contractList,
  editor,
  expectPreviewCurrent,
  importInput,
  listedContracts,
  openEditorTab,
  openStudio,
  preview,
  selectContract,
  userMessage,
} from "./helpers/studio.ts";
import { addProfile, metric, run, runPane, runStatus, setModel } from "./helpers/runs.ts";
import { versions, publish, pointLabel } from "./helpers/versions.ts";

const [TRIAGE, GROUNDED] = EXAMPLES;
const SHOTS = "test-results/new-user-small";

const right = (page: Page) => page.getByRole("region", { name: "Request preview" });

/** Every console error and uncaught page error, as text. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

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
    // One 429 per x-test-key (a key of this test's own), asking for 3 s: a window wide enough
    // for expect's polling (up to 1 s apart) to see the live line on a busy CI machine.
    await addProfile(page, { name: "Test server", headers: `x-test-key: ${testInfo.testId}-${testInfo.retry}` });
    await selectContract(page, GROUNDED.name);
    await setModel(page, "test-429x1-ra-3");
    await run(page);
    const live = runPane(page).getByRole("log", { name: "Retries" });
    await expect(live).toContainText("Retrying in 3.0 s (429, attempt 1 of 2)");
    await expect(runStatus(page)).toHaveText("Completed", { timeout: 15_000 });
    await expect(live).toHaveCount(0);
    await expect(runPane(page)).not.toContainText("Retrying in");
    await expect(metric(page, "Attempts")).toHaveText("2");
    await expect(runPane(page).getByRole("note", { name: "Retries" })).toHaveText("Retried once (429, waited 3.0 s).");
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

test.describe("text diff (item 22.6)", () => {
  test("opening, closing and switching away from Monaco's text diff logs no “TextModel got disposed” error", async ({ page }) => {
    const errors = collectErrors(page);
    await openStudio(page);
    await publish(page, "1.0.0", "First");
    await openEditorTab(page, "Policy");
    const role = editor(page).getByRole("textbox", { name: "Role" });
    await role.fill(`${await role.inputValue()} Keep replies short.`);
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");

    await right(page).getByRole("tab", { name: "Diff" }).click();
    const policy = right(page).getByRole("region", { name: "Policy changes" });
    await expect(policy).toContainText("Role changed");
    // Open, close, open again, then leave the tab: each unmount disposes a diff editor.
    for (let i = 0; i < 2; i++) {
      await policy.getByRole("button", { name: "Show text diff of policy" }).click();
      await expect(policy.locator(".monaco-diff-editor .char-insert, .monaco-diff-editor .line-insert").first()).toBeAttached();
      await policy.getByRole("button", { name: "Hide text diff of policy" }).click();
      await expect(policy.locator(".monaco-diff-editor")).toHaveCount(0);
    }
    await policy.getByRole("button", { name: "Show text diff of policy" }).click();
    await expect(policy.locator(".monaco-diff-editor .char-insert, .monaco-diff-editor .line-insert").first()).toBeAttached();
    await right(page).getByRole("tab", { name: "Preview", exact: true }).click();
    await expect(policy).toHaveCount(0);
    await right(page).getByRole("tab", { name: "Diff" }).click();
    await expect(right(page).getByRole("region", { name: "Policy changes" })).toBeVisible();
    // The errors are reported as the widgets are disposed, synchronously with the clicks above;
    // the Preview round trip is the last dispose.
    expect(errors.filter((e) => /disposed/i.test(e))).toEqual([]);
  });
});

test.describe("production across a major change (item 22.2)", () => {
  test("pointing production at a version whose verdict is major asks first; Cancel leaves it where it was", async ({ page }) => {
    await openStudio(page);
    await selectContract(page, GROUNDED.name);
    await publish(page, "1.0.0", "First");
    await pointLabel(page, "production", "1.0.0");
    await expect(page.getByRole("banner")).toContainText("production 1.0.0");
    // A required variable without a default: the code that fills the variables breaks (major).
    await openEditorTab(page, "Task");
    await editor(page).getByRole("button", { name: "Add variable" }).click();
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");
    await publish(page, "2.0.0", "Needs a new input");

    await pointLabel(page, "production", "2.0.0");
    const dialog = page.getByRole("dialog", { name: "Move production from 1.0.0 to 2.0.0?" });
    await expect(dialog).toContainText("is major");
    await expect(dialog.getByRole("list", { name: "Major changes" })).toContainText("Required variable");
    await page.screenshot({ path: `${SHOTS}/production-major-confirm.png` });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("banner")).toContainText("production 1.0.0");
    await expect(versions(page).getByRole("listitem", { name: "Version 1.0.0" })).toContainText("production");
    await expect(versions(page).getByRole("listitem", { name: "Version 2.0.0" })).not.toContainText("production");
    await expect(versions(page).getByRole("list", { name: "Label history" })).not.toContainText("moved from 1.0.0 to 2.0.0");

    // Confirmed, it moves; a minor or patch move (staging here, or back) is not asked about.
    await pointLabel(page, "production", "2.0.0");
    await dialog.getByRole("button", { name: "Move production to 2.0.0" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("banner")).toContainText("production 2.0.0");
    await expect(versions(page).getByRole("list", { name: "Label history" })).toContainText("production moved from 1.0.0 to 2.0.0");
    await pointLabel(page, "staging", "2.0.0");
    await expect(versions(page).getByRole("listitem", { name: "Version 2.0.0" })).toContainText("staging");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
});

test.describe("import over an existing id (item 22.9)", () => {
  test("a git round trip (export, edit the file outside, import) replaces the same contract and keeps its versions; a tampered file changes nothing", async ({
    page,
  }) => {
    await openStudio(page);
    await publish(page, "1.0.0", "First");
    await pointLabel(page, "production", "1.0.0");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("complementary", { name: "Contracts" }).getByRole("button", { name: "Export" }).click(),
    ]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as Record<string, any>;
    expect(exported.history.versions).toHaveLength(1);
    const listed = await listedContracts(page);

    // A version's frozen body edited by hand: refused, and nothing in the workspace changed.
    const tampered = structuredClone(exported);
    tampered.history.versions[0].body.name = "Rewritten history";
    await importInput(page).setInputFiles({ name: `${TRIAGE.id}.contract.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) });
    const refused = page.getByRole("dialog", { name: `Import refused: ${TRIAGE.id}.contract.json` });
    await expect(refused).toContainText("does not match the version's content");
    await refused.getByRole("button", { name: "Close" }).click();
    expect(await listedContracts(page)).toEqual(listed);

    // The draft edited in git: the file replaces the draft in place.
    const edited = structuredClone(exported);
    edited.task.instruction = `${edited.task.instruction}\n\nEdited in git.`;
    await importInput(page).setInputFiles({ name: `${TRIAGE.id}.contract.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(edited)) });
    const dialog = page.getByRole("dialog", { name: "A contract with this id exists" });
    await expect(dialog.getByRole("button", { name: "Import as a copy" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/import-replace.png` });
    await dialog.getByRole("button", { name: "Replace (keep history)" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "kept 1 published version" })).toBeVisible();

    expect(await listedContracts(page)).toEqual(listed);
    await expect(heading(page)).toHaveText(TRIAGE.name);
    await openEditorTab(page, "Task");
    await expect(editor(page).getByRole("textbox", { name: "Task instruction" })).toHaveValue(/Edited in git\.$/);
    await expect(versions(page).getByRole("listitem", { name: "Version 1.0.0" })).toContainText("production");
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");
    // Kept after a reload too (it was saved, not only shown).
    await page.reload();
    await expect(heading(page)).toHaveText(TRIAGE.name);
    await expect(versions(page).getByRole("listitem", { name: "Version 1.0.0" })).toBeVisible();
    await openEditorTab(page, "Task");
    await expect(editor(page).getByRole("textbox", { name: "Task instruction" })).toHaveValue(/Edited in git\.$/);
  });
});

test.describe("rename and the id (item 22.4)", () => {
  test("renaming offers the new name's slug as id while the id follows the name, and says what it does once versions exist", async ({ page }) => {
    await openStudio(page);
    const left = page.getByRole("complementary", { name: "Contracts" });
    await left.getByRole("button", { name: /New contract/ }).click();
    await expect(heading(page)).toHaveText("Untitled contract");
    const rename = async (name: string) => {
      await left.getByRole("toolbar", { name: "Open contract" }).getByRole("button", { name: "Rename" }).click();
      await left.getByRole("textbox", { name: "Contract name" }).fill(name);
      await page.keyboard.press("Enter");
      await expect(heading(page)).toHaveText(name);
    };
    const offer = page.getByRole("dialog", { name: "Change the id to match the new name?" });
    const idField = editor(page).getByRole("textbox", { name: "Contract id" });

    // Never published: the offer names the file it becomes.
    await rename("Refund answers");
    await expect(offer).toContainText("refund-answers.contract.json");
    await offer.getByRole("button", { name: "Change id to refund-answers" }).click();
    await expect(offer).toBeHidden();
    await openEditorTab(page, "Policy");
    await expect(idField).toHaveValue("refund-answers");
    await expect(contractList(page).getByRole("button", { name: /^Refund answers/ })).toContainText("refund-answers");

    // Published: the same offer says what a changed id does, and keeping it changes nothing.
    await publish(page, "1.0.0", "First");
    await rename("Refund replies");
    await expect(offer.getByRole("list", { name: "What changing the id does" })).toContainText("1.0.0");
    await expect(offer).toContainText("major change");
    await page.screenshot({ path: `${SHOTS}/rename-id-published.png` });
    await offer.getByRole("button", { name: "Keep id refund-answers" }).click();
    await expect(offer).toBeHidden();
    await expect(idField).toHaveValue("refund-answers");
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");

    // An id chosen by hand is left alone: no offer.
    await selectContract(page, TRIAGE.name);
    await rename("Ticket triage");
    await expect(idField).toHaveValue(TRIAGE.id);
    await expect(offer).toHaveCount(0);
  });
});

test.describe("the rule that context is data (item 22.5)", () => {
  test("removing it is rated minor in the diff and warns in the Issues list", async ({ page }) => {
    await openStudio(page);
    await publish(page, "1.0.0", "First");
    const issues = preview(page).getByRole("region", { name: "Issues" });
    await expect(issues).not.toContainText("context is data");
    await openEditorTab(page, "Policy");
    const rule = editor(page).getByRole("textbox", { name: "Policy rule 4" });
    await expect(rule).toHaveValue(/not as instructions to you/);
    await editor(page).getByRole("button", { name: "Remove policy rule 4" }).click();
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");
    await expectPreviewCurrent(page);
    await expect(issues.getByRole("button", { name: /policy\.rules: no rule says any more that the context is data/ })).toBeVisible();
    await expect(issues.getByRole("heading")).toContainText("1 warning");
    await issues.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/context-data-rule-warning.png` });

    await right(page).getByRole("tab", { name: "Diff" }).click();
    const verdict = right(page).getByRole("group", { name: "Verdict" });
    await expect(verdict).toContainText("minor");
    await expect(verdict).toContainText("suggested next version 1.1.0");
    await expect(right(page).getByRole("region", { name: "Policy changes" })).toContainText("No rule says any more that the context is data, not instructions");

    // Put back, the warning goes.
    await page.keyboard.press("ControlOrMeta+z");
    await right(page).getByRole("tab", { name: "Preview", exact: true }).click();
    await expectPreviewCurrent(page);
    await expect(issues).not.toContainText("context is data");
  });
});
