/** Contract files in and out: refused files change nothing; export and import round-trip byte for byte. */
import { readFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, contractList, editor, importInput, listedContracts, openEditorTab, openStudio, selectContract, userMessage } from "./helpers/studio.ts";

const exampleBytes = (file: string): Buffer => readFileSync(new URL(`../contracts/examples/${file}`, import.meta.url));

async function exportOpen(page: Page): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("complementary", { name: "Contracts" }).getByRole("button", { name: "Export" }).click(),
  ]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

/** What a user sees of the workspace: the list, and the open contract's instruction and request. */
async function workspaceView(page: Page) {
  await openEditorTab(page, "Task");
  return {
    list: await listedContracts(page),
    instruction: await editor(page).getByRole("textbox", { name: "Task instruction" }).inputValue(),
    request: await userMessage(page).textContent(),
  };
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
});

const broken: { name: string; text: string; errors: string[] }[] = [
  { name: "truncated.contract.json", text: '{"format": "contract-studio/contract@1", "id": ', errors: ["(file): is not valid JSON"] },
  {
    name: "wrong-fields.contract.json",
    text: (() => {
      const c = JSON.parse(exampleBytes("support-triage.contract.json").toString("utf8")) as Record<string, any>;
      delete c.name;
      c.id = "wrong-fields";
      c.policy.verbosity = "loud";
      c.context.items[0].trusted = "yes";
      return JSON.stringify(c);
    })(),
    errors: [
      "name: is required",
      'policy.verbosity: must be one of: "concise", "normal", "detailed"',
      "context.items[0].trusted: must be true or false, not a string",
    ],
  },
];

for (const file of broken) {
  test(`importing ${file.name} is refused with its errors and the workspace unchanged`, async ({ page }) => {
    const before = await workspaceView(page);
    await importInput(page).setInputFiles({ name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });

    const dialog = page.getByRole("dialog", { name: `Import refused: ${file.name}` });
    await expect(dialog).toBeVisible();
    const errors = dialog.getByRole("list", { name: "Import errors" }).getByRole("listitem");
    await expect(errors).toHaveCount(file.errors.length);
    for (const [i, e] of file.errors.entries()) await expect(errors.nth(i)).toContainText(e);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    expect(await workspaceView(page)).toEqual(before);
    // Nothing was persisted either.
    await page.reload();
    expect(await workspaceView(page)).toEqual(before);
  });
}

test("exporting an untouched example gives the example file's bytes", async ({ page }) => {
  for (const ex of EXAMPLES) {
    await selectContract(page, ex.name);
    const { download, bytes } = await exportOpen(page);
    expect(download.suggestedFilename()).toBe(`${ex.id}.contract.json`);
    expect(bytes.equals(exampleBytes(ex.file)), `${ex.file} exported byte for byte`).toBe(true);
  }
});

test("an edited contract exported, deleted and imported again exports the same bytes", async ({ page }) => {
  await openEditorTab(page, "Task");
  await editor(page).getByRole("textbox", { name: "Task instruction" }).fill("Triage ticket {{ticket_id}} — «quoted», emoji 🧾, and a tab\there.");
  await expect(userMessage(page)).toContainText("emoji 🧾");
  const first = await exportOpen(page);
  expect(first.bytes.equals(exampleBytes("support-triage.contract.json"))).toBe(false);
  expect(first.bytes.toString("utf8")).toContain("emoji 🧾");

  await page.getByRole("toolbar", { name: "Open contract" }).getByRole("button", { name: "Delete" }).click();
  await expect(contractList(page).getByRole("button", { name: /^Support ticket triage/ })).toHaveCount(0);

  await importInput(page).setInputFiles({ name: "support-triage.contract.json", mimeType: "application/json", buffer: first.bytes });
  await expect(contractList(page).getByRole("button", { name: /^Support ticket triage/ })).toHaveCount(1);
  await selectContract(page, "Support ticket triage");
  await openEditorTab(page, "Task");
  await expect(editor(page).getByRole("textbox", { name: "Task instruction" })).toHaveValue(
    "Triage ticket {{ticket_id}} — «quoted», emoji 🧾, and a tab\there.",
  );

  const second = await exportOpen(page);
  expect(second.download.suggestedFilename()).toBe("support-triage.contract.json");
  expect(second.bytes.equals(first.bytes), "re-exported bytes equal the first export").toBe(true);
});

test("importing a contract whose id exists offers a copy and overwrites nothing", async ({ page }) => {
  const before = await listedContracts(page);
  await importInput(page).setInputFiles({
    name: "support-triage.contract.json",
    mimeType: "application/json",
    buffer: exampleBytes("support-triage.contract.json"),
  });
  const dialog = page.getByRole("dialog", { name: "A contract with this id exists" });
  await dialog.getByRole("button", { name: "Import as a copy" }).click();
  await expect(contractList(page).getByRole("button")).toHaveCount(before.length + 1);
  await expect(contractList(page).getByRole("button", { name: /support-triage-copy/ })).toHaveCount(1);
  await expect(contractList(page).getByRole("button", { name: "Support ticket triage support-triage", exact: true })).toHaveCount(1);
});
