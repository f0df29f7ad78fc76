/**
 * Defects a new user hit in the editor (issue 7, items 15, 16, 17, 19): enum options typed
 * with commas, deleting published work in one click, an unreadable and short undo toast, no
 * undo for deleted items, "+ Add" keeping focus, and unparsable JSON lost on reload while the
 * header said "Saved" with no error.
 */
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { contractList, editor, openEditorTab, openStudio, selectContract } from "./helpers/studio.ts";

const meter = (page: Page) => page.getByRole("status", { name: "Request meter" });
const notice = (page: Page) => page.getByRole("status").filter({ hasText: /^Deleted / });
/** The header's save state, whichever way the header spells its element: the word is what users read. */
const saved = (page: Page) => page.getByRole("banner").getByText("Saved", { exact: true });
const left = (page: Page) => page.getByRole("complementary", { name: "Contracts" });
const versions = (page: Page) => left(page).getByRole("region", { name: "Versions" });

async function runPaletteCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press("ControlOrMeta+k");
  const palette = page.getByRole("dialog", { name: "Commands" });
  await palette.getByRole("combobox", { name: "Command" }).fill(label);
  await palette.getByRole("option", { name: new RegExp(`^${label}`) }).click();
  await expect(palette).toBeHidden();
}

test.describe("enum options (item 15)", () => {
  test("options are a list: a comma stays inside its option, and options can be added, reordered and removed", async ({ page }) => {
    await openStudio(page);
    await openEditorTab(page, "Task");
    // support-triage's variable 2 is the enum `channel`.
    const options = editor(page).getByRole("group", { name: "Variable 2 options" });
    await expect(options).toBeVisible();
    const rows = options.getByRole("textbox", { name: /^Variable 2 option \d+$/ });
    const initial = await Promise.all((await rows.all()).map((r) => r.inputValue()));
    const before = initial.length;
    expect(before).toBeGreaterThan(1);

    const first = options.getByRole("textbox", { name: "Variable 2 option 1" });
    await first.fill("");
    await first.pressSequentially("web, phone");
    await expect(first).toHaveValue("web, phone");

    await options.getByRole("button", { name: "Add option" }).click();
    await page.keyboard.type("store");
    const added = options.getByRole("textbox", { name: `Variable 2 option ${before + 1}` });
    await expect(added).toHaveValue("store");
    // Enter in an option starts the next one.
    await page.keyboard.press("Enter");
    await page.keyboard.type("in person");
    await expect(options.getByRole("textbox", { name: `Variable 2 option ${before + 2}` })).toHaveValue("in person");
    await expect(rows).toHaveCount(before + 2);

    await options.getByRole("button", { name: `Move variable 2 option ${before + 1} up` }).click();
    await expect(options.getByRole("textbox", { name: `Variable 2 option ${before}` })).toHaveValue("store");
    await options.getByRole("button", { name: `Remove variable 2 option ${before + 2}` }).click();
    await expect(rows).toHaveCount(before + 1);

    // The typed options are what the variable accepts: the test value offers exactly them.
    const testValue = editor(page).getByRole("combobox", { name: "Variable 2 test value" });
    const offered = (await testValue.locator("option").allTextContents()).filter((o) => o !== "(not set)");
    expect(offered).toEqual(["web, phone", ...initial.slice(1, -1), "store", initial.at(-1)]);
    await testValue.selectOption("web, phone");
    await expect(testValue).toHaveValue("web, phone");
  });
});

test.describe("deleting (item 16)", () => {
  test("a contract with published versions and a label asks first, naming them; Keep it keeps it", async ({ page }) => {
    await openStudio(page);
    await versions(page).getByRole("button", { name: "Publish version…" }).click();
    const publish = page.getByRole("dialog", { name: /Publish a version/ });
    await publish.getByRole("textbox", { name: "Changelog message" }).fill("First");
    await publish.getByRole("button", { name: "Publish 1.0.0" }).click();
    await expect(publish).toBeHidden();
    const form = versions(page).getByRole("form", { name: "Point a label" });
    await form.getByRole("combobox", { name: "Label name" }).fill("production");
    await form.getByRole("combobox", { name: "Label version" }).selectOption("1.0.0");
    await form.getByRole("button", { name: "Point label" }).click();
    await expect(page.getByRole("banner")).toContainText("production");

    const toolbar = left(page).getByRole("toolbar", { name: "Open contract" });
    await toolbar.getByRole("button", { name: "Delete" }).click();
    const ask = page.getByRole("dialog", { name: "Delete “Support ticket triage”?" });
    await expect(ask).toContainText("1 published version: 1.0.0");
    await expect(ask).toContainText("1 label: production → 1.0.0");
    // The safe answer has the focus: Enter right after the click does not delete.
    await expect(ask.getByRole("button", { name: "Keep it" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(ask).toBeHidden();
    await expect(contractList(page)).toContainText("Support ticket triage");

    await runPaletteCommand(page, "Delete contract");
    await ask.getByRole("button", { name: "Delete contract and its versions" }).click();
    await expect(contractList(page)).not.toContainText("Support ticket triage");
    await notice(page).getByRole("button", { name: "Undo" }).click();
    await expect(contractList(page)).toContainText("Support ticket triage");
    await expect(versions(page).getByRole("listitem", { name: "Version 1.0.0" })).toBeVisible();
  });

  test("a contract without versions is deleted at once, and the toast is readable, stays 10 s and waits while hovered or focused", async ({ page }) => {
    const t0 = new Date("2026-01-05T09:00:00Z").getTime();
    await page.clock.install({ time: t0 });
    await openStudio(page);
    // From here the page's clock moves only when the test moves it.
    await page.clock.pauseAt(t0 + 10 * 60_000);
    await selectContract(page, "Meeting notes summary");
    await left(page).getByRole("toolbar", { name: "Open contract" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    const toast = notice(page);
    await expect(toast).toContainText("Deleted “Meeting notes summary”.");

    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const part of [
        toast.getByText("Deleted “Meeting notes summary”."),
        toast.getByRole("button", { name: "Undo" }),
        toast.getByRole("button", { name: "Dismiss" }),
      ])
        expect(await contrast(part), `${scheme}: ${await part.textContent()}`).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: "light" });

    await page.mouse.move(0, 0);
    await page.clock.fastForward(9_000);
    await expect(toast, "still there after 9 s").toBeVisible();
    await toast.hover();
    await page.clock.fastForward(30_000);
    await expect(toast, "hovered: it waits").toBeVisible();
    await page.mouse.move(0, 0);
    await toast.getByRole("button", { name: "Undo" }).focus();
    await page.clock.fastForward(30_000);
    await expect(toast, "focused: it waits").toBeVisible();
    await toast.getByRole("button", { name: "Undo" }).blur();
    await page.clock.fastForward(2_000);
    await expect(toast, "gone once the 10 s are up").toBeHidden();
    // Undo still works from the palette and the keyboard after the toast is gone.
    await page.keyboard.press("ControlOrMeta+z");
    await expect(contractList(page)).toContainText("Meeting notes summary");
  });

  test("deleted rules, constraints, variables, context items and test cases come back with Ctrl/Cmd+Z, the toast or the palette", async ({ page }) => {
    await openStudio(page);

    await openEditorTab(page, "Policy");
    const rules = editor(page).getByRole("group", { name: "Rules" });
    const rule2 = await rules.getByRole("textbox", { name: "Policy rule 2" }).inputValue();
    const ruleCount = await rules.getByRole("textbox").count();
    await rules.getByRole("button", { name: "Remove policy rule 2" }).click();
    await expect(rules.getByRole("textbox")).toHaveCount(ruleCount - 1);
    await expect(notice(page)).toHaveText(/Deleted policy rule 2\./);
    // Focus moved to the next row's remove button, not into a text field: Ctrl/Cmd+Z undoes the deletion.
    await expect(rules.getByRole("button", { name: "Remove policy rule 2" })).toBeFocused();
    await page.keyboard.press("ControlOrMeta+z");
    await expect(rules.getByRole("textbox")).toHaveCount(ruleCount);
    await expect(rules.getByRole("textbox", { name: "Policy rule 2" })).toHaveValue(rule2);

    // In a text field Ctrl/Cmd+Z is the field's own undo, not "undo delete".
    await rules.getByRole("button", { name: "Remove policy rule 2" }).click();
    await rules.getByRole("textbox", { name: "Policy rule 1" }).click();
    await page.keyboard.press("ControlOrMeta+z");
    await expect(rules.getByRole("textbox")).toHaveCount(ruleCount - 1);
    await runPaletteCommand(page, "Undo delete");
    await expect(rules.getByRole("textbox", { name: "Policy rule 2" })).toHaveValue(rule2);

    await openEditorTab(page, "Task");
    const constraints = editor(page).getByRole("group", { name: "Constraints" });
    const constraint1 = await constraints.getByRole("textbox", { name: "Constraint 1" }).inputValue();
    await constraints.getByRole("button", { name: "Remove constraint 1" }).click();
    await expect(constraints.getByRole("textbox", { name: "Constraint 1" })).not.toHaveValue(constraint1);
    await notice(page).getByRole("button", { name: "Undo" }).click();
    await expect(constraints.getByRole("textbox", { name: "Constraint 1" })).toHaveValue(constraint1);

    await editor(page).getByRole("button", { name: "Remove variable 1" }).click();
    await expect(notice(page)).toHaveText(/Deleted variable 1 \('ticket_id'\)\./);
    await expect(editor(page).getByRole("textbox", { name: "Variable 1 name" })).toHaveValue("channel");
    await page.keyboard.press("ControlOrMeta+z");
    await expect(editor(page).getByRole("textbox", { name: "Variable 1 name" })).toHaveValue("ticket_id");

    await openEditorTab(page, "Context");
    const item1 = editor(page).getByRole("button", { name: /^Context item 1: / });
    const item1Name = await item1.getAttribute("aria-label");
    await editor(page).getByRole("button", { name: "Delete context item 1" }).click();
    await expect(item1).not.toHaveAttribute("aria-label", item1Name!);
    await notice(page).getByRole("button", { name: "Undo" }).click();
    await expect(item1).toHaveAttribute("aria-label", item1Name!);

    await openEditorTab(page, "Tests");
    const test1 = await editor(page).getByRole("textbox", { name: "Test 1 id" }).inputValue();
    await editor(page).getByRole("button", { name: "Remove test case 1" }).click();
    await expect(editor(page).getByRole("textbox", { name: "Test 1 id" })).not.toHaveValue(test1);
    await runPaletteCommand(page, "Undo delete");
    await expect(editor(page).getByRole("textbox", { name: "Test 1 id" })).toHaveValue(test1);
  });
});

test.describe("+ Add and empty entries (item 17)", () => {
  test("typing right after “+ Add” goes into the new field, once", async ({ page }) => {
    await openStudio(page);

    await openEditorTab(page, "Policy");
    const rules = editor(page).getByRole("group", { name: "Rules" });
    const ruleCount = await rules.getByRole("textbox").count();
    await rules.getByRole("button", { name: "Add policy rule" }).click();
    // Spaces and Enter would press a focused button again (one empty rule per space).
    await page.keyboard.type("Never promise a refund date to the customer.");
    await expect(rules.getByRole("textbox")).toHaveCount(ruleCount + 1);
    await expect(rules.getByRole("textbox", { name: `Policy rule ${ruleCount + 1}` })).toHaveValue("Never promise a refund date to the customer.");

    await openEditorTab(page, "Task");
    const constraints = editor(page).getByRole("group", { name: "Constraints" });
    const constraintCount = await constraints.getByRole("textbox").count();
    await constraints.getByRole("button", { name: "Add constraint" }).click();
    await page.keyboard.type("At most 120 words.");
    await expect(constraints.getByRole("textbox", { name: `Constraint ${constraintCount + 1}` })).toHaveValue("At most 120 words.");
    await expect(constraints.getByRole("textbox")).toHaveCount(constraintCount + 1);

    const variableNames = editor(page).getByRole("textbox", { name: /^Variable \d+ name$/ });
    const variableCount = await variableNames.count();
    await editor(page).getByRole("button", { name: "Add variable" }).click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("order id");
    await expect(editor(page).getByRole("textbox", { name: `Variable ${variableCount + 1} name` })).toHaveValue("order id");
    await expect(variableNames).toHaveCount(variableCount + 1);

    await openEditorTab(page, "Context");
    await editor(page).getByRole("button", { name: "Add context item" }).click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("returns policy");
    await expect(editor(page).getByRole("textbox", { name: "Context item id" })).toHaveValue("returns policy");

    await openEditorTab(page, "Tests");
    const testIds = editor(page).getByRole("textbox", { name: /^Test \d+ id$/ });
    const testCount = await testIds.count();
    await editor(page).getByRole("button", { name: "Add test case" }).click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("late delivery");
    await expect(editor(page).getByRole("textbox", { name: `Test ${testCount + 1} id` })).toHaveValue("late delivery");
    await expect(testIds).toHaveCount(testCount + 1);
  });

  test("an empty rule and an empty constraint get a warning next to them until written", async ({ page }) => {
    await openStudio(page);
    await openEditorTab(page, "Policy");
    const rules = editor(page).getByRole("group", { name: "Rules" });
    const n = (await rules.getByRole("textbox").count()) + 1;
    await rules.getByRole("button", { name: "Add policy rule" }).click();
    const row = rules.getByRole("listitem").filter({ has: page.getByRole("textbox", { name: `Policy rule ${n}` }) });
    await expect(row).toContainText("empty rule: it is left out of the prompt; write it or remove it");
    await page.keyboard.type("Answer in the customer's language.");
    await expect(row).not.toContainText("empty rule");

    await openEditorTab(page, "Task");
    const constraints = editor(page).getByRole("group", { name: "Constraints" });
    await constraints.getByRole("textbox", { name: "Constraint 1" }).fill("   ");
    const first = constraints.getByRole("listitem").filter({ has: page.getByRole("textbox", { name: "Constraint 1" }) });
    await expect(first).toContainText("empty constraint: it is left out of the prompt");
  });
});

test.describe("unparsable JSON is part of the draft (item 19)", () => {
  test("invalid text in the output schema editor counts as an error, is saved, and is there after a reload", async ({ page }) => {
    await openStudio(page);
    await openEditorTab(page, "Output");
    const schemaError = editor(page).getByText(/not valid JSON \(.*\); the preview and runs use the last valid schema/);
    const firstLine = editor(page).locator(".monaco-editor .view-line").first();
    await expect(firstLine).toHaveText("{");
    await firstLine.click();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.type("oops ");
    await expect(schemaError).toBeVisible();
    await expect(meter(page)).toContainText("1 error");
    await expect(saved(page)).toBeVisible();

    await page.reload();
    await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Support ticket triage");
    await openEditorTab(page, "Output");
    await expect(editor(page).locator(".monaco-editor .view-line").first()).toHaveText(/^oops\s\{/);
    await expect(schemaError).toBeVisible();
    await expect(meter(page)).toContainText("1 error");

    // Fixing the text clears the error, and the fixed state is what is saved.
    await editor(page).locator(".monaco-editor .view-line").first().click();
    await page.keyboard.press("ControlOrMeta+Home");
    for (let i = 0; i < 5; i++) await page.keyboard.press("Delete");
    await expect(meter(page)).not.toContainText("error");
    await expect(saved(page)).toBeVisible();
    await page.reload();
    await openEditorTab(page, "Output");
    await expect(editor(page).locator(".monaco-editor .view-line").first()).toHaveText("{");
    await expect(meter(page)).not.toContainText("error");
  });

  test("a test case is edited by form (a value per variable, assertions by type), duplicated, and survives a reload", async ({ page }) => {
    await openStudio(page);
    await openEditorTab(page, "Tests");
    const ticket = editor(page).getByRole("textbox", { name: "Test 1 ticket_id" });
    await expect(ticket).toHaveValue("48213");
    await ticket.fill("50001");
    // The second assertion of the example is a "contains" with its text and case switch.
    await expect(editor(page).getByRole("combobox", { name: "Test 1 assertion 2 type" })).toHaveValue("contains");
    const list = editor(page).getByRole("list", { name: "Test 1 assertions" });
    const second = list.getByRole("listitem").nth(1);
    await expect(second.getByRole("textbox", { name: "Value" })).toHaveValue("NW-100482");
    await second.getByRole("textbox", { name: "Value" }).fill("NW-200000");
    await editor(page).getByRole("combobox", { name: "Test 1 assertion 1 type" }).selectOption("max_length");
    await expect(list.getByRole("listitem").first().getByRole("spinbutton", { name: "Max" })).toHaveValue("1");
    await list.getByRole("listitem").first().getByRole("spinbutton", { name: "Max" }).fill("2000");
    await list.getByRole("listitem").first().getByRole("combobox", { name: "Unit" }).selectOption("tokens");
    await expect(editor(page).getByRole("list", { name: "Test 1 checks from the contract" })).toContainText(
      "The answer is JSON that matches the output schema.",
    );
    const before = await editor(page)
      .getByRole("button", { name: /^Duplicate test case/ })
      .count();
    await editor(page).getByRole("button", { name: "Duplicate test case 1" }).click();
    await expect(editor(page).getByRole("button", { name: /^Duplicate test case/ })).toHaveCount(before + 1);
    await expect(editor(page).getByRole("textbox", { name: "Test 2 ticket_id" })).toHaveValue("50001");
    await expect(meter(page)).not.toContainText("error");
    await expect(saved(page)).toBeVisible();

    await page.reload();
    await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Support ticket triage");
    await openEditorTab(page, "Tests");
    await expect(ticket).toHaveValue("50001");
    await expect(second.getByRole("textbox", { name: "Value" })).toHaveValue("NW-200000");
    await expect(list.getByRole("listitem").first().getByRole("spinbutton", { name: "Max" })).toHaveValue("2000");
    await expect(list.getByRole("listitem").first().getByRole("combobox", { name: "Unit" })).toHaveValue("tokens");
    await expect(
      editor(page).getByRole("list", { name: "Test 2 assertions" }).getByRole("listitem").first().getByRole("spinbutton", { name: "Max" }),
    ).toHaveValue("2000");
  });
});

test.describe("unparsable JSON in a variable's value (item 19)", () => {
  test("a json variable's test value that does not parse is kept, counted and restored; moving the variable takes it along", async ({ page }) => {
    await openStudio(page);
    await selectContract(page, "Meeting notes summary");
    await openEditorTab(page, "Task");
    // meeting-notes declares `attendees` (json) as variable 3.
    await expect(editor(page).getByRole("textbox", { name: "Variable 3 name" })).toHaveValue("attendees");
    const value = editor(page).getByRole("textbox", { name: "Variable 3 test value" });
    await value.fill('["Ana", ');
    await expect(value).toHaveAttribute("aria-invalid", "true");
    await expect(editor(page).getByText(/not valid JSON \(.*\); the last valid value is used until it parses/)).toBeVisible();
    await expect(meter(page)).toContainText("1 error");

    await editor(page).getByRole("button", { name: "Move variable 3 up" }).click();
    await expect(editor(page).getByRole("textbox", { name: "Variable 2 name" })).toHaveValue("attendees");
    await expect(editor(page).getByRole("textbox", { name: "Variable 2 test value" })).toHaveValue('["Ana", ');
    await expect(saved(page)).toBeVisible();

    await page.reload();
    await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText("Meeting notes summary");
    await openEditorTab(page, "Task");
    const moved = editor(page).getByRole("textbox", { name: "Variable 2 test value" });
    await expect(moved).toHaveValue('["Ana", ');
    await expect(meter(page)).toContainText("1 error");
    await moved.fill('["Ana", "Ben"]');
    await expect(meter(page)).not.toContainText("error");
  });
});

/**
 * WCAG contrast of an element's text against the first opaque background behind it. Colours
 * go through a canvas so any CSS colour syntax (Tailwind 4 uses oklch) comes back as sRGB.
 */
async function contrast(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (c: string) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data] as [number, number, number, number];
    };
    let bg: [number, number, number, number] = [255, 255, 255, 255];
    for (let e: Element | null = node; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 250) {
        bg = c;
        break;
      }
    }
    const fg = rgba(getComputedStyle(node).color);
    const lum = ([r, g, b]: number[]) => {
      const ch = [r!, g!, b!].map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
    };
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a! + 0.05) / (b! + 0.05);
  });
}
