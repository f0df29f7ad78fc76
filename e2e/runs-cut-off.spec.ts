/**
 * An answer cut off at max_tokens does not keep the contract (issue 7 item 7): the Run tab says
 * why, for a JSON answer (not only a JSON syntax error) and for a text answer too. The test
 * server's `test-length` mode stops half-way with finish_reason "length", as llama.cpp does.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { openStudio, selectContract } from "./helpers/studio.ts";
import { SIMPLE_JSON, addProfile, banner, history, importSimpleJsonContract, metric, runPane, runUntil } from "./helpers/runs.ts";

const verdict = (page: Page) => runPane(page).getByRole("region", { name: "Validation" });

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-length" });
});

test("a JSON answer cut off at max_tokens breaks the contract and says it was cut off", async ({ page }) => {
  await importSimpleJsonContract(page);
  await selectContract(page, SIMPLE_JSON.name);
  await runUntil(page, "Completed");
  await expect(metric(page, "Finish reason")).toHaveText("length");
  await expect(verdict(page)).toContainText("Breaks the contract");
  await expect(verdict(page).getByRole("list", { name: "Violations" })).toContainText(
    "cut off at max_tokens (finish_reason length): the JSON answer is incomplete",
  );
  await expect(history(page).getByRole("button", { name: /^Open run of .*breaks the contract/ })).toHaveCount(1);
});

test("a text answer cut off at max_tokens breaks the contract too", async ({ page }) => {
  await page
    .getByRole("complementary", { name: "Contracts" })
    .getByRole("button", { name: /New contract/ })
    .click();
  await expect(banner(page).getByRole("heading", { level: 1 })).toHaveText("Untitled contract");
  await runUntil(page, "Completed");
  await expect(metric(page, "Finish reason")).toHaveText("length");
  await expect(verdict(page)).toContainText("Breaks the contract");
  await expect(verdict(page)).toContainText("cut off at max_tokens (finish_reason length)");
});
