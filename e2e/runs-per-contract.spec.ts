/**
 * Runs belong to their contract (issue 7 item 13): after a run on one contract, another
 * contract's Run tab, history, Rerun and Review know nothing of it, and runs in two contracts
 * can be under way at once, each landing in its own history.
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { addProfile, answer, history, run, runPane, runStatus, runUntil, setModel } from "./helpers/runs.ts";

const [, GROUNDED, NOTES] = EXAMPLES;

const pastRuns = (page: Page) => history(page).getByRole("button", { name: /^Open run of/ });
const reviewPane = (page: Page) => page.getByRole("tabpanel", { name: "Review" });

async function openSideTab(page: Page, name: "Run" | "Review"): Promise<void> {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute("aria-selected", "true");
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-model" });
});

test("a run of one contract is not shown, rerun or counted in another", async ({ page }) => {
  await selectContract(page, GROUNDED.name);
  await runUntil(page, "Completed");
  await expect(pastRuns(page)).toHaveCount(1);

  // The other contract's Run tab: no run shown, nothing to rerun, an empty history.
  await selectContract(page, NOTES.name);
  await openSideTab(page, "Run");
  await expect(history(page)).toContainText("No runs of this contract yet.");
  await expect(runStatus(page)).toHaveCount(0);
  await expect(runPane(page).getByRole("button", { name: "Rerun" })).toHaveCount(0);
  await openSideTab(page, "Review");
  await expect(reviewPane(page)).toContainText("No runs of this version yet.");

  // Its own run, and a rerun of that run, are filed under it.
  await runUntil(page, "Completed");
  await expect(answer(page)).toContainText("Summary");
  await expect(pastRuns(page)).toHaveCount(1);
  await history(page)
    .getByRole("button", { name: /^Rerun run of/ })
    .click();
  await expect(pastRuns(page)).toHaveCount(2, { timeout: 15_000 });
  await expect(runStatus(page)).toHaveText("Completed");
  await openSideTab(page, "Review");
  await expect(reviewPane(page)).toContainText("2 runs, ");

  // The first contract still has exactly its own run, shown as it was left.
  await selectContract(page, GROUNDED.name);
  await openSideTab(page, "Run");
  await expect(runStatus(page)).toHaveText("Completed");
  await expect(pastRuns(page)).toHaveCount(1);
  await openSideTab(page, "Review");
  await expect(reviewPane(page)).toContainText("1 run, ");

  // And so it stays after a reload, read back from the indexed store.
  await page.reload();
  await selectContract(page, NOTES.name);
  await openSideTab(page, "Run");
  await expect(pastRuns(page)).toHaveCount(2);
  await selectContract(page, GROUNDED.name);
  await expect(pastRuns(page)).toHaveCount(1);
});

test("two contracts can run at once, each into its own history", async ({ page }) => {
  await selectContract(page, GROUNDED.name);
  await setModel(page, "test-stream-20tps-80"); // 4 s: still running while the other one runs
  await run(page);
  await expect(runStatus(page)).toHaveText("Running…");

  await selectContract(page, NOTES.name);
  await setModel(page, "test-model");
  await expect(runStatus(page)).toHaveCount(0);
  await runUntil(page, "Completed");
  await expect(answer(page)).toContainText("Summary");
  await expect(pastRuns(page)).toHaveCount(1);
  await expect(pastRuns(page).first()).toHaveAccessibleName(/test-model/);

  await selectContract(page, GROUNDED.name);
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 20_000 });
  await expect(pastRuns(page)).toHaveCount(1);
  await expect(pastRuns(page).first()).toHaveAccessibleName(/test-stream-20tps-80/);
});
