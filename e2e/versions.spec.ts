/**
 * Versions end to end: publish, a breaking change seen in the diff with its reason, labels and
 * their history, the review view (its review status, latest runs) and its Markdown export, a share link opened in a fresh
 * browser, and two tabs editing the same contract.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { contractList, editor, openEditorTab, openStudio } from "./helpers/studio.ts";
import { versions, publish, pointLabel } from "./helpers/versions.ts";

const triage = JSON.parse(readFileSync(new URL("../contracts/examples/support-triage.contract.json", import.meta.url), "utf8")) as {
  output: { schema: { required: string[]; properties: Record<string, unknown> } };
};

const right = (page: Page) => page.getByRole("region", { name: "Request preview" });

test("publish, see a breaking change and its reason, publish 2.0.0, move production, review, export and share", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await expect(page.getByTestId("version-indicator")).toHaveText("Draft");

  // 1.0.0: the first version is suggested.
  await publish(page, "1.0.0", "First reviewed triage contract");
  await expect(page.getByTestId("version-indicator")).toHaveText("1.0.0");
  await pointLabel(page, "production", "1.0.0");
  await expect(page.getByRole("banner")).toContainText("production 1.0.0");

  // Remove the required output field `sentiment` in the Output panel's JSON Schema editor.
  const schema = structuredClone(triage.output.schema);
  schema.required = schema.required.filter((f) => f !== "sentiment");
  delete schema.properties.sentiment;
  await openEditorTab(page, "Output");
  const code = editor(page).getByRole("textbox", { name: "Output JSON Schema" });
  await expect(editor(page).locator(".monaco-editor .view-lines").first()).toContainText('"sentiment"');
  await editor(page).locator(".monaco-editor .view-line").first().click();
  await expect(code).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(JSON.stringify(schema));
  // Monaco auto-closed some quotes and brackets while the text went in: drop what follows the cursor.
  await page.keyboard.press("ControlOrMeta+Shift+End");
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");

  // The diff: 1.0.0 against the draft, section by section, and the verdict with its reason.
  await right(page).getByRole("tab", { name: "Diff" }).click();
  await expect(right(page).getByRole("combobox", { name: "Compare from" })).toHaveValue("1.0.0");
  await expect(right(page).getByRole("combobox", { name: "Compare to" })).toHaveValue("draft");
  const verdict = right(page).getByRole("group", { name: "Verdict" });
  await expect(verdict).toContainText("Verdict:");
  await expect(verdict).toContainText("major");
  await expect(verdict).toContainText("suggested next version 2.0.0");
  await expect(verdict.getByRole("list", { name: "major reasons" })).toContainText("Output field `sentiment` removed (readers of the output will break)");
  const outputChanges = right(page).getByRole("region", { name: "Output changes" });
  await expect(outputChanges).toContainText("sentiment");
  // The section's text diff, in Monaco's diff editor from the bundle.
  await outputChanges.getByRole("button", { name: "Show text diff of output" }).click();
  await expect(outputChanges.locator(".monaco-diff-editor")).toBeVisible();
  await expect(outputChanges.locator(".monaco-diff-editor .line-delete, .monaco-diff-editor .char-delete").first()).toBeAttached();

  // Publishing refuses a version lower than the verdict calls for.
  await versions(page).getByRole("button", { name: "Publish version…" }).click();
  const dialog = page.getByRole("dialog", { name: /Publish a version/ });
  await expect(dialog.getByRole("textbox", { name: "Version" })).toHaveValue("2.0.0");
  await expect(dialog.getByRole("group", { name: "Verdict" })).toContainText("Output field `sentiment` removed");
  await dialog.getByRole("textbox", { name: "Version" }).fill("1.1.0");
  await expect(dialog).toContainText("must be at least 2.0.0");
  await dialog.getByRole("textbox", { name: "Changelog message" }).fill("Drop sentiment");
  await dialog.getByRole("button", { name: "Publish 1.1.0" }).click();
  await expect(dialog).toBeVisible();
  await expect(versions(page).getByRole("listitem", { name: "Version 1.1.0" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await publish(page, "2.0.0", "Drop sentiment: nobody read it");

  // Move production from 1.0.0 to 2.0.0 (a major change: confirmed first) and see the move in the history.
  await pointLabel(page, "production", "2.0.0");
  await page.getByRole("dialog", { name: "Move production from 1.0.0 to 2.0.0?" }).getByRole("button", { name: "Move production to 2.0.0" }).click();
  await expect(versions(page).getByRole("listitem", { name: "Version 2.0.0" })).toContainText("production");
  await expect(versions(page).getByRole("listitem", { name: "Version 1.0.0" })).not.toContainText("production");
  await expect(versions(page).getByRole("list", { name: "Label history" })).toContainText("production moved from 1.0.0 to 2.0.0");
  await expect(page.getByRole("banner")).toContainText("production 2.0.0");

  // The review view of 2.0.0, and its Markdown export.
  await versions(page).getByRole("button", { name: "Review 2.0.0" }).click();
  const review = right(page).getByRole("article", { name: "Review of Support ticket triage" });
  await expect(review.getByRole("heading", { level: 1 })).toHaveText("Support ticket triage: version 2.0.0");
  await expect(review.getByRole("region", { name: "What it must do" })).toBeVisible();
  await expect(review.getByRole("table", { name: "Output fields" })).toContainText("summary");
  await expect(review.getByRole("table", { name: "Output fields" })).not.toContainText("sentiment");
  await expect(review.getByRole("region", { name: "What changed since version 1.0.0" })).toContainText("Output field `sentiment` removed");
  await expect(review.getByRole("region", { name: "Latest runs of this version" })).toContainText("No runs of this version yet.");

  // Review status is metadata beside the published version: set it, see it, and the hash stays.
  const hash = await review.getByText(/^hash [0-9a-f]{12}$/).textContent();
  const status = right(page).getByRole("form", { name: "Review status" });
  await status.getByRole("combobox", { name: "Status" }).selectOption("approved");
  await status.getByRole("textbox", { name: "Reviewed by" }).fill("Ana, PM");
  await status.getByRole("textbox", { name: "Reviewed when" }).fill("Tuesday standup");
  await status.getByRole("button", { name: "Save review status" }).click();
  await expect(review).toContainText("Review: approved by Ana, PM (Tuesday standup)");
  await expect(review.getByText(/^hash [0-9a-f]{12}$/)).toHaveText(hash!);
  await expect(status.getByRole("combobox", { name: "Status" })).toHaveValue("approved");
  const [download] = await Promise.all([page.waitForEvent("download"), right(page).getByRole("button", { name: "Export Markdown" }).click()]);
  expect(download.suggestedFilename()).toBe("support-triage-2.0.0.review.md");
  const markdown = readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain("# Support ticket triage: version 2.0.0");
  expect(markdown).toContain("Labels: production");
  expect(markdown).toContain("> Review: approved by Ana, PM (Tuesday standup)");
  expect(markdown).toContain("## Latest runs of this version\n\nNo runs of this version yet.");
  expect(markdown).toContain("## What changed since version 1.0.0");
  expect(markdown).toContain("Verdict: **major** (next version 2.0.0)");
  expect(markdown).toContain("- major: Output field `sentiment` removed (readers of the output will break)");
  expect(markdown).toMatch(/\| `summary` \| string \| yes \|/);

  // Printing shows the review only.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".print-only")).toContainText("What changed since version 1.0.0");
  await expect(page.getByRole("main", { name: "Editor" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // Share by link, and import it in a fresh browser context (its own, empty storage).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await versions(page).getByRole("button", { name: "Copy share link" }).click();
  const share = page.getByRole("dialog", { name: "Share link" });
  await expect(share.getByRole("status")).toContainText("Copied to the clipboard.");
  const link = await share.getByRole("textbox", { name: "Share link" }).inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:5391\/#share=c1\.[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await share.getByRole("button", { name: "Done" }).click();

  const fresh = await browser.newContext();
  const foreign: string[] = [];
  fresh.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1:5391/") && !/^(data|blob):/.test(r.url())) foreign.push(r.url());
  });
  const other = await fresh.newPage();
  await other.goto(link);
  const offer = other.getByRole("dialog", { name: "Import a shared contract?" });
  await expect(offer).toContainText("Support ticket triage");
  // The fresh browser has the examples, so the id is taken: it comes in as a copy, nothing is overwritten.
  await expect(offer).toContainText("imported as a copy with a new id");
  await expect(other).toHaveURL("http://127.0.0.1:5391/");
  await offer.getByRole("button", { name: "Import as new contract" }).click();
  await expect(offer).toBeHidden();
  await expect(contractList(other).getByRole("button", { name: /support-triage-copy/ })).toBeVisible();
  await expect(other.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Support ticket triage");
  await openEditorTab(other, "Output");
  await expect(editor(other).locator(".monaco-editor .view-lines").first()).not.toContainText('"sentiment"');
  expect(foreign, "requests that left localhost (fresh context)").toEqual([]);
  await fresh.close();
});

test("a corrupt share link lists what is wrong and imports nothing", async ({ page }) => {
  await openStudio(page);
  await page.goto("/#share=c1.not-really-a-contract");
  const dialog = page.getByRole("dialog", { name: "This share link cannot be opened" });
  await expect(dialog.getByRole("list", { name: "Share link errors" })).toContainText("(link): the link is damaged");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(contractList(page).getByRole("button")).toHaveCount(3);
});

const CONFLICT = "This contract was changed in another tab";

/**
 * Both tabs edit the Tone within one autosave delay (150 ms), so neither has saved when the other
 * writes: each field is selected first, then both texts go in at once. Exactly one tab writes
 * second: it is told. On a loaded machine the two edits can land further apart than the delay;
 * then the later tab simply follows the earlier one (also correct), and the round is tried again.
 */
async function editInBoth(a: Page, b: Page, textA: string, textB: string) {
  const tone = (p: Page) => editor(p).getByRole("textbox", { name: "Tone" });
  const dialogs = [a, b].map((p) => p.getByRole("dialog", { name: CONFLICT }));
  const told = async () => (await dialogs[0]!.count()) + (await dialogs[1]!.count());
  for (let attempt = 1; ; attempt++) {
    const suffix = attempt === 1 ? "" : ` (${attempt})`;
    await tone(a).selectText();
    await tone(b).selectText();
    await Promise.all([a.keyboard.insertText(textA + suffix), b.keyboard.insertText(textB + suffix)]);
    const ok = await expect
      .poll(told, { message: "one tab is told", timeout: 5_000 })
      .toBe(1)
      .then(
        () => true,
        () => false,
      );
    if (ok || attempt === 3) {
      expect(await told()).toBe(1);
      const aTold = (await dialogs[0]!.count()) === 1;
      return aTold
        ? { told: a, dialog: dialogs[0]!, mine: textA + suffix, other: b, theirs: textB + suffix }
        : { told: b, dialog: dialogs[1]!, mine: textB + suffix, other: a, theirs: textA + suffix };
    }
    // Nobody was told: the tabs must have converged on one text before trying again.
    await expect.poll(async () => (await tone(a).inputValue()) === (await tone(b).inputValue())).toBe(true);
  }
}

test("two tabs: a tab without edits follows; the second writer is told and chooses", async ({ page, context }) => {
  test.setTimeout(90_000);
  await openStudio(page);
  const second = await context.newPage();
  await openStudio(second);
  await openEditorTab(page, "Policy");
  await openEditorTab(second, "Policy");
  const tone = (p: Page) => editor(p).getByRole("textbox", { name: "Tone" });

  // With no edits of its own, a tab follows the other silently.
  await tone(page).fill("Calm, from tab one.");
  await expect(tone(second)).toHaveValue("Calm, from tab one.");
  await expect(second.getByRole("dialog")).toHaveCount(0);

  // Keep mine: the told tab's text wins, and the other tab (its edit saved) follows.
  let round = await editInBoth(page, second, "Warm, from tab one.", "Brisk, from tab two.");
  await expect(round.dialog).toContainText("Nothing has been overwritten yet");
  await round.dialog.getByRole("button", { name: "Keep mine" }).click();
  await expect(round.dialog).toBeHidden();
  await expect(tone(round.told)).toHaveValue(round.mine);
  await expect(tone(round.other)).toHaveValue(round.mine);

  // Load theirs: the told tab discards its edit.
  round = await editInBoth(page, second, "Dry, from tab one.", "Wry, from tab two.");
  await round.dialog.getByRole("button", { name: "Load theirs" }).click();
  await expect(tone(round.told)).toHaveValue(round.theirs);
  await expect(tone(round.other)).toHaveValue(round.theirs);

  // Save mine as a copy: both edits survive, the told tab's as a new contract.
  round = await editInBoth(page, second, "Plain, from tab one.", "Fancy, from tab two.");
  await round.dialog.getByRole("button", { name: "Save mine as a copy" }).click();
  await expect(round.told.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Support ticket triage (my copy)");
  await expect(tone(round.told)).toHaveValue(round.mine);
  await contractList(round.told).getByRole("button", { name: "Support ticket triage support-triage", exact: true }).click();
  await expect(tone(round.told)).toHaveValue(round.theirs);
  await expect(tone(round.other)).toHaveValue(round.theirs);
});
