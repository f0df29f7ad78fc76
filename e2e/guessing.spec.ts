/**
 * Detecting guessing (issue 11 item 2): with logprobs turned on in the model settings, the Run
 * tab shades the tokens the model was unsure of and rates each JSON field by its least sure
 * token; an endpoint that returns no logprobs is named as such. The test server's
 * test-logprobs mode gives a token with a digit 4% and every other token 62% or 97%.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { expectSaved, openEditorTab, selectContract } from "./helpers/studio.ts";
import { openStudio } from "./helpers/studio.ts";
import { addProfile, runPane, runUntil, setModel } from "./helpers/runs.ts";

const NAME = "Order total";

async function importOrderContract(page: Page) {
  const contract = {
    format: "contract-studio/contract@2",
    id: "order-total",
    name: NAME,
    policy: { role: "You read order e-mails and report the total." },
    task: { instruction: "Read the order and give its category and total." },
    output: {
      kind: "json_schema",
      name: "order",
      strict: true,
      schema: {
        type: "object",
        additionalProperties: false,
        required: ["category", "amount"],
        properties: { category: { type: "string", enum: ["shipping", "billing"] }, amount: { type: "integer" } },
      },
    },
  };
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "order.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await selectContract(page, NAME);
}

const confidence = (page: Page) => runPane(page).getByRole("region", { name: "Confidence" });

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-logprobs" });
  await importOrderContract(page);
  await openEditorTab(page, "Output");
  await page.getByRole("checkbox", { name: "Request logprobs (confidence per token)" }).check();
  await page.getByRole("spinbutton", { name: "Top logprobs" }).fill("3");
  await expectSaved(page);
});

test("low-confidence tokens are shaded and each JSON field shows its confidence", async ({ page }) => {
  await runUntil(page, "Completed");
  const section = confidence(page);
  await expect(section).toBeVisible();
  const fields = section.getByRole("table", { name: "Field confidence" });
  // The amount (a digit: 4%) is the guess; the category's tokens are all at least 62%.
  await expect(fields.getByRole("row", { name: /\$\.amount/ })).toContainText("4%");
  await expect(fields.getByRole("row", { name: /\$\.amount/ })).toContainText("low");
  await expect(fields.getByRole("row", { name: /\$\.category/ })).not.toContainText("low");
  const shaded = section.getByLabel("Answer shaded by confidence").locator("mark");
  await expect(shaded).toHaveCount(1);
  await expect(shaded).toHaveText(" 0");
  await expect(shaded).toHaveAttribute("title", /^4% sure; alternatives: /);
  await expect(section).toContainText(/1 of \d+ tokens below 50%/);

  // Raising the threshold shades the unsure (62%) tokens too, and flags no field it should not.
  await section.getByLabel("Shade below").selectOption({ label: "75%" });
  expect(await section.getByLabel("Answer shaded by confidence").locator("mark").count()).toBeGreaterThan(1);
});

test("an endpoint that returns no logprobs is named plainly", async ({ page }) => {
  await setModel(page, "test-model");
  await runUntil(page, "Completed");
  await expect(runPane(page).getByRole("note", { name: "Confidence" })).toContainText(
    "the request asked for logprobs, but the endpoint returned none for this answer",
  );
  await expect(runPane(page).getByRole("table", { name: "Field confidence" })).toHaveCount(0);
});
