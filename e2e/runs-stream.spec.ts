/** A run streams its answer into the Run tab with timings and usage, and is judged against the output contract. */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, openStudio, selectContract } from "./helpers/studio.ts";
import { SIMPLE_JSON, addProfile, answer, importSimpleJsonContract, metric, runPane, runStatus, runUntil, run, setModel } from "./helpers/runs.ts";

const [TRIAGE, GROUNDED, NOTES] = EXAMPLES;

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", prices: { input: "2.5", output: "10" } });
});

test("the answer streams in, then timings, usage and cost appear", async ({ page }) => {
  await selectContract(page, GROUNDED.name);
  await setModel(page, "test-stream-20tps-200"); // 10 s: long enough to act on a loaded machine
  await run(page);
  await expect(runStatus(page)).toHaveText("Running…");
  // Partial text is on screen while the run is still going.
  await expect(answer(page)).toContainText("lorem", { timeout: 5_000 });
  await expect(runStatus(page)).toHaveText("Running…");
  const early = (await answer(page).innerText()).length;
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 25_000 });
  expect((await answer(page).innerText()).length).toBeGreaterThan(early);

  await expect(metric(page, "Time to first token")).toHaveText(/^\d+ ms$|^\d+\.\d+ s$/);
  await expect(metric(page, "Total latency")).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  await expect(metric(page, "Tokens/s")).toHaveText(/^\d+\.\d$/);
  await expect(metric(page, "Input tokens (reported)")).toHaveText(/^[\d,]+$/);
  await expect(metric(page, "Output tokens (reported)")).toHaveText(/^[\d,]+$/);
  await expect(metric(page, "Cost")).toHaveText(/^\$\d/);
  await expect(metric(page, "Finish reason")).toHaveText("stop");
});

test("usage is marked estimated when the endpoint reports none", async ({ page }) => {
  await selectContract(page, GROUNDED.name);
  await setModel(page, "test-no-usage");
  await runUntil(page, "Completed");
  await expect(metric(page, "Output tokens (estimated)")).toHaveText(/^[\d,]+$/);
});

test("a JSON-schema answer that keeps the contract is marked so", async ({ page }) => {
  // The test server's minimal instances do not satisfy `pattern`s, so this schema has none.
  await importSimpleJsonContract(page);
  await selectContract(page, SIMPLE_JSON.name);
  await setModel(page, "test-model");
  await runUntil(page, "Completed");
  const verdict = runPane(page).getByRole("region", { name: "Validation" });
  await expect(verdict).toContainText("Keeps the contract");
  // Raw JSON is shown as text, not rendered.
  await expect(answer(page).getByTestId("answer-text")).toContainText('"category"');
  await expect(answer(page).getByTestId("answer-markdown")).toHaveCount(0);
});

test("a JSON-schema answer that breaks the contract shows each violation with its path", async ({ page }) => {
  await selectContract(page, TRIAGE.name);
  await setModel(page, "test-invalid");
  await runUntil(page, "Completed");
  const verdict = runPane(page).getByRole("region", { name: "Validation" });
  await expect(verdict).toContainText("Breaks the contract");
  await expect(verdict.getByRole("list", { name: "Violations" }).getByRole("listitem").first()).toContainText("$.category");
  await expect(verdict).toContainText("is required but missing");
});

test("a sections answer missing a required heading breaks the contract", async ({ page }) => {
  await selectContract(page, NOTES.name);
  await setModel(page, "test-invalid");
  await runUntil(page, "Completed");
  const verdict = runPane(page).getByRole("region", { name: "Validation" });
  await expect(verdict).toContainText("Breaks the contract");
  await expect(verdict).toContainText('required section "Summary" is missing');
  // Markdown answers are rendered (sanitized).
  await expect(answer(page).getByRole("heading", { name: "Decisions" })).toBeVisible();
});
