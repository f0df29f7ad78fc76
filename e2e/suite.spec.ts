/**
 * Suites (issue 8): a 10-case suite run against two published versions on the test server,
 * the grid, the comparison with its regressions highlighted and the verdict; resume after a
 * reload mid-suite; the behaviour dashboard's charts.
 *
 * The contract is built here with the contracts library (publishVersion), then imported: 1.0.0
 * asks for free text, 2.0.0 for a required "## Answer" section. The test server's echo mode
 * answers with the user message, so on 2.0.0 only the tickets that carry that heading keep the
 * output contract: 6 of the 10 cases regress.
 */
import type { Page } from "@playwright/test";
import { parseContract } from "../contracts/parse.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { publishVersion } from "../contracts/versions/publish.ts";
import { test, expect } from "./fixtures/test.ts";
import { addProfile } from "./helpers/runs.ts";
import { openStudio } from "./helpers/studio.ts";

const NAME = "Suite triage";

function buildContract(): Contract {
  const tests = Array.from({ length: 10 }, (_, i) => ({
    id: `case-${i + 1}`,
    name: `Ticket ${i + 1}`,
    variables: { ticket: i < 4 ? `Order ${i + 1} is late.\n\n## Answer\nIt ships today.` : `Order ${i + 1} is late.` },
    assertions: [],
  }));
  const draft = parseContract({
    format: "contract-studio/contract@1",
    id: "suite-triage",
    name: NAME,
    description: "",
    policy: { role: "You answer support tickets." },
    task: { instruction: "Answer this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true, testValue: "Where is my order?" }],
    output: { kind: "text" },
    model: { model: "test-echo", temperature: 0 },
    tests,
  });
  if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
  const v1 = publishVersion(draft.value, { message: "Free text answers", version: "1.0.0", now: new Date("2026-01-01T00:00:00Z") });
  if (!v1.ok) throw new Error(JSON.stringify(v1.errors));
  const withSections: Contract = {
    ...v1.value,
    output: { kind: "sections", sections: [{ heading: "Answer", required: true, description: "" }], examples: [] },
  };
  const v2 = publishVersion(withSections, { message: "Answers in a section", version: "2.0.0", now: new Date("2026-01-02T00:00:00Z") });
  if (!v2.ok) throw new Error(JSON.stringify(v2.errors));
  return v2.value;
}

async function importContract(page: Page, contract: Contract): Promise<void> {
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "suite.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await page
    .getByRole("navigation", { name: "Contract list" })
    .getByRole("button", { name: new RegExp(`^${NAME}`) })
    .click();
}

const suitePane = (page: Page) => page.getByRole("tabpanel", { name: "Suite" });
const setup = (page: Page) => suitePane(page).getByRole("form", { name: "Suite setup" });
const grid = (page: Page) => suitePane(page).getByRole("table", { name: "Suite results" });
const suiteStatus = (page: Page) => suitePane(page).getByRole("status");

async function openSuite(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Suite", exact: true }).click();
  await expect(setup(page)).toBeVisible();
}

async function pickVersions(page: Page, versions: string[]): Promise<void> {
  const s = setup(page);
  await s.getByRole("checkbox", { name: "Draft" }).uncheck();
  for (const v of versions) await s.getByRole("checkbox", { name: v, exact: true }).check();
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-echo" });
  await importContract(page, buildContract());
  await openSuite(page);
});

test("a 10-case suite against two versions: the grid, a regression highlighted in the comparison, and its verdict", async ({ page }) => {
  await pickVersions(page, ["1.0.0", "2.0.0"]);
  await setup(page).getByRole("button", { name: "Run suite (20 cells)" }).click();
  await expect(suiteStatus(page)).toContainText("20 of 20 cells · 14 passed · 6 failed", { timeout: 20_000 });
  await expect(suiteStatus(page)).toHaveAttribute("data-suite-state", "idle");

  // The grid: a row per case, a column per version, each cell passed or failed.
  await expect(grid(page).getByRole("columnheader")).toHaveText(["Case", "1.0.0", "2.0.0"]);
  await expect(grid(page).getByRole("button", { name: "Ticket 5 on 1.0.0: passed" })).toBeVisible();
  const failed = grid(page).getByRole("button", { name: "Ticket 5 on 2.0.0: failed" });
  await failed.click();
  const detail = suitePane(page).getByRole("region", { name: "Result of Ticket 5 on 2.0.0" });
  await expect(detail.getByRole("list", { name: "Assertions" })).toContainText('Failed: missing "## Answer"(from the contract)');
  await detail.getByText("Raw output").click();
  await expect(detail.getByText("Order 5 is late.")).toBeVisible();

  // Failed only: the four tickets that kept the contract everywhere leave the grid.
  await suitePane(page).getByRole("checkbox", { name: "Failed only" }).check();
  await expect(grid(page).getByRole("rowheader", { name: /^Ticket \d+$/ })).toHaveCount(6);
  await suitePane(page).getByRole("checkbox", { name: "Failed only" }).uncheck();

  // The comparison: regressions first, highlighted, and the plain verdict.
  const all = suitePane(page).getByRole("region", { name: "Comparison, all splits" });
  await expect(all.getByText(/^Verdict: 2\.0\.0 is worse/)).toBeVisible();
  const regressions = all.getByRole("list", { name: "Regressions (all)" }).getByRole("listitem");
  await expect(regressions).toHaveCount(6);
  await expect(regressions.first()).toHaveAttribute("data-change", "regression");
  await expect(regressions.first()).toContainText("passed on 1.0.0, fails on 2.0.0");
  await expect(all).toContainText("Pass rate: 1.0.0 100%");

  await page.screenshot({ path: "test-results/suite-comparison.png", fullPage: true });
});

test("a suite resumes after a reload mid-suite without re-running the finished cells", async ({ page }) => {
  await pickVersions(page, ["1.0.0"]);
  const s = setup(page);
  await s.getByRole("textbox", { name: "Model for Test server" }).fill("test-echo+delay-400");
  await s.getByRole("spinbutton", { name: "Concurrency" }).fill("1");
  await s.getByRole("button", { name: "Run suite (10 cells)" }).click();
  await expect(suiteStatus(page)).toContainText(/^[3-9] of 10 cells/, { timeout: 20_000 });
  await page.reload();

  await openSuite(page);
  await expect(suiteStatus(page)).toHaveAttribute("data-suite-state", "interrupted");
  const before = Number(/^(\d+) of 10/.exec((await suiteStatus(page).textContent()) ?? "")?.[1]);
  expect(before).toBeGreaterThanOrEqual(2);
  await suitePane(page).getByRole("button", { name: "Resume suite" }).click();
  await expect(suiteStatus(page)).toContainText("10 of 10 cells · 10 passed", { timeout: 20_000 });
  await expect(suiteStatus(page)).toContainText(`${before} resumed`);
  await expect(suiteStatus(page)).toHaveAttribute("data-suite-state", "idle");
});

test("the behaviour dashboard charts the suite's answers by version and by model", async ({ page }) => {
  await pickVersions(page, ["1.0.0", "2.0.0"]);
  await setup(page).getByRole("button", { name: "Run suite (20 cells)" }).click();
  await expect(suiteStatus(page)).toContainText("20 of 20 cells", { timeout: 20_000 });
  await suitePane(page).getByRole("button", { name: "Behaviour dashboard" }).click();
  const dash = suitePane(page).getByRole("region", { name: "Behaviour dashboard" });
  await expect(dash).toHaveAttribute("aria-busy", "false");
  await expect(dash.getByRole("img", { name: /^Passed every check: 1\.0\.0 100%, 2\.0\.0 40%/ })).toBeVisible();
  await expect(dash.getByRole("img", { name: /^Time to answer:/ })).toBeVisible();
  await dash.getByRole("radio", { name: "model" }).check();
  await expect(dash.getByRole("img", { name: /^Passed every check: test-echo 70%/ })).toBeVisible();
  await page.screenshot({ path: "test-results/suite-dashboard.png", fullPage: true });
});

test("the injection pack catches a model that leaks its system prompt, per model", async ({ page }) => {
  await page.getByRole("tab", { name: "Tests", exact: true }).click();
  await page.getByRole("button", { name: /^Add injection pack \(7 attacks\)$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added the injection pack (7 adversarial cases)." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Injection pack added" })).toBeDisabled();

  await openSuite(page);
  const s = setup(page);
  await s.getByRole("combobox", { name: "Split" }).selectOption("adversarial");
  await s.getByRole("textbox", { name: "Model for Test server" }).fill("test-echo-system");
  await s.getByRole("button", { name: "Run suite (7 cells)" }).click();
  await expect(suiteStatus(page)).toContainText("7 of 7 cells", { timeout: 20_000 });
  await expect(suiteStatus(page)).toHaveAttribute("data-suite-state", "idle");

  const attacks = suitePane(page).getByRole("region", { name: "Injection attacks" });
  await expect(attacks).toContainText("draft: 7 of 7 attacks got through");
  await expect(attacks.getByRole("list", { name: "Attacks that got through on draft" })).toContainText("leaks the system prompt's canary");
  await page.screenshot({ path: "test-results/suite-injection.png", fullPage: true });
});

test("cases import from CSV: an error names its row and column, nothing is imported until the valid rows are asked for", async ({ page }) => {
  await page.getByRole("tab", { name: "Tests", exact: true }).click();
  const csv = "id,name,ticket,split,tags\nimp-1,Imported one,Parcel lost,holdout,shipping\nimp-2,Imported two,,dev,\ncase-1,Clashing id,Hello,dev,\n";
  const broken = csv.replace("holdout", "holdout-ish");
  const input = page.getByLabel("Import test cases from CSV or JSONL");
  const removeButtons = page.getByRole("button", { name: /^Remove test case \d+$/ });
  await expect(removeButtons).toHaveCount(10);

  await input.setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
  const alert = page.getByRole("alert").filter({ hasText: "cases.csv" });
  await expect(alert).toContainText("nothing was imported");
  await expect(alert.getByRole("list", { name: "Import errors" })).toContainText(/^row 2, column split: /);
  await expect(removeButtons).toHaveCount(10);

  // A row whose id is taken is an error too; the valid rows import on their own when asked.
  await input.setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(alert.getByRole("list", { name: "Import errors" })).toHaveText("row 4, column id: a test case 'case-1' already exists");
  await expect(removeButtons).toHaveCount(10);
  await alert.getByRole("button", { name: "Import the 2 valid rows only" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added 2 valid test cases from cases.csv." })).toBeVisible();
  await expect(removeButtons).toHaveCount(12);
  await expect(page.getByRole("textbox", { name: "Test 1 name" })).toHaveValue("Ticket 1");
  await expect(page.getByRole("textbox", { name: "Test 11 id" })).toHaveValue("imp-1");
  await expect(page.getByRole("combobox", { name: "Test 11 split" })).toHaveValue("holdout");
  await expect(page.getByRole("textbox", { name: "Test 11 ticket" })).toHaveValue("Parcel lost");
});
