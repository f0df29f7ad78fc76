/**
 * Generated cases and proposed fixes (issue 11 item 6), against the test server's
 * test-generator mode, which answers Contract Studio's generation prompts deterministically:
 * generate cases from the contract, review them (two are dropped and named), accept two and
 * reject one; then from a suite's failing cases, ask for a fix, read its semantic diff and
 * verdict, and accept it into the draft.
 */
import type { Page } from "@playwright/test";
import { ADDED_RULE } from "./server/generation.ts";
import { test, expect } from "./fixtures/test.ts";
import { addProfile } from "./helpers/runs.ts";
import { editor, expectSaved, openEditorTab, openStudio, selectContract } from "./helpers/studio.ts";

const NAME = "Parcel helper";

async function importContract(page: Page) {
  const contract = {
    format: "contract-studio/contract@2",
    id: "parcel-helper",
    name: NAME,
    policy: { role: "You answer questions about parcels.", rules: ["Never promise a delivery date."], disallowedDomains: ["legal advice"] },
    task: { instruction: "Answer on {{channel}}: {{ticket}}" },
    variables: [
      { name: "ticket", type: "string", required: true, testValue: "Where is my parcel?" },
      { name: "channel", type: "enum", options: ["email", "chat"], required: false, default: "email" },
    ],
    output: { kind: "text" },
    tests: [{ id: "late", name: "Late parcel", variables: { ticket: "My parcel is late." }, assertions: [{ type: "contains", value: "next step" }] }],
  };
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "parcel.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await selectContract(page, NAME);
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-generator" });
  await importContract(page);
});

test("generate cases, review them, accept two; then propose a fix from the failing ones, read its diff and accept it", async ({ page }) => {
  await openEditorTab(page, "Tests");
  await editor(page).getByRole("button", { name: "Generate cases with a model…" }).click();
  const dialog = page.getByRole("dialog", { name: "Generate test cases" });
  await expect(dialog.getByRole("textbox", { name: "Model" })).toHaveValue("test-generator");
  await dialog.getByRole("button", { name: "Generate", exact: true }).click();

  // One draft per coverage target; the two the model got wrong are named with why.
  await expect(dialog.getByRole("status")).toHaveText("6 drafts to review, 2 dropped.");
  const dropped = dialog.getByRole("region", { name: "Dropped cases" });
  await expect(dropped).toContainText("#7 (gen-undeclared): variables.nonexistent: not a variable of this contract");
  await expect(dropped).toContainText("#8 (gen-bad-assertion): assertions[0].type");
  await expect(dialog.getByRole("listitem", { name: "Draft gen-refusal" })).toContainText("The assistant declines the request.");

  const add = dialog.getByRole("button", { name: /^Add \d+ accepted case/ });
  await expect(add).toBeDisabled();
  await dialog.getByRole("button", { name: "Accept gen-refusal" }).click();
  await dialog.getByRole("button", { name: "Accept gen-domain-out-1" }).click();
  await dialog.getByRole("button", { name: "Reject gen-rule-1" }).click();
  await expect(dialog.getByRole("button", { name: "Accept gen-refusal" })).toHaveAttribute("aria-pressed", "true");
  await dialog.getByRole("button", { name: "Add 2 accepted cases" }).click();
  await expect(dialog).toBeHidden();
  await expectSaved(page);
  // In the order the model wrote them.
  await expect(editor(page).getByRole("textbox", { name: "Test 2 id" })).toHaveValue("gen-domain-out-1");
  await expect(editor(page).getByRole("textbox", { name: "Test 3 id" })).toHaveValue("gen-refusal");
  await expect(editor(page).getByRole("textbox", { name: "Test 4 id" })).toHaveCount(0);

  // A suite of the draft: the sample answer has no "next step" and refuses nothing, so all three fail.
  await page.getByRole("tab", { name: "Suite", exact: true }).click();
  const suite = page.getByRole("tabpanel", { name: "Suite" });
  const setup = suite.getByRole("form", { name: "Suite setup" });
  await setup.getByRole("textbox", { name: "Model for Test server" }).fill("test-generator");
  await setup.getByRole("button", { name: "Run suite (3 cells)" }).click();
  await expect(suite.getByRole("status").first()).toContainText("3 of 3 cells · 0 passed · 3 failed", { timeout: 20_000 });

  await suite.getByRole("button", { name: "Propose a fix from failing cases…" }).click();
  const fix = page.getByRole("dialog", { name: "Propose a fix" });
  await expect(fix).toContainText("3 cases fail in these results (late, gen-domain-out-1, gen-refusal)");
  await fix.getByRole("button", { name: "Ask for a fix" }).click();
  const proposal = fix.getByRole("region", { name: "Proposed change" });
  await expect(proposal).toContainText("end without telling the customer what happens next");
  await expect(proposal.getByRole("group", { name: "Verdict" })).toContainText("minor");
  await expect(proposal.getByRole("region", { name: "Policy changes" })).toContainText(ADDED_RULE);
  await fix.getByRole("button", { name: "Apply the change" }).click();
  await expect(fix).toBeHidden();
  await expectSaved(page);

  await openEditorTab(page, "Policy");
  await expect(editor(page).getByRole("textbox", { name: "Policy rule 2" })).toHaveValue(ADDED_RULE);
});
