/**
 * What a suite tells people beyond pass and fail (issue 8): with repeats, pass^k, pass@k and
 * flaky cases in the comparison, with every other measure and its change; rubric assertions
 * graded by the grader picked in the setup (its prompt shown, its cost counted) or said to be
 * not graded; a case's context override edited in the case form and sent; which injection
 * attack got through how, per model. All against the test server (e2e/server): test-echo
 * answers with the user message (context packet included), +flaky answers every second
 * identical request with something else, test-grader grades, test-echo-system leaks its prompt.
 */
import type { Locator, Page } from "@playwright/test";
import { parseContract } from "../contracts/parse.ts";
import type { Contract, ContractInput } from "../contracts/schema/contract.ts";
import { test, expect } from "./fixtures/test.ts";
import { addProfile } from "./helpers/runs.ts";
import { openStudio } from "./helpers/studio.ts";

function contractOf(input: Partial<ContractInput> & { name: string }): Contract {
  const r = parseContract({
    format: "contract-studio/contract@1",
    id: input.name.toLowerCase().replace(/\W+/g, "-"),
    description: "",
    policy: { role: "You answer support tickets." },
    task: { instruction: "Answer this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true, testValue: "Where is my order?" }],
    output: { kind: "text" },
    model: { model: "test-echo", temperature: 0 },
    ...input,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

async function importContract(page: Page, contract: Contract): Promise<void> {
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "insight.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await page
    .getByRole("navigation", { name: "Contract list" })
    .getByRole("button", { name: new RegExp(`^${contract.name}`) })
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

async function runSuite(page: Page, cells: number): Promise<void> {
  await setup(page)
    .getByRole("button", { name: `Run suite (${cells} ${cells === 1 ? "cell" : "cells"})` })
    .click();
  await expect(suiteStatus(page)).toContainText(`${cells} of ${cells} cells`, { timeout: 30_000 });
  await expect(suiteStatus(page)).toHaveAttribute("data-suite-state", "idle");
}

/** The part under test, at both widths (the panes scroll on their own, so a page screenshot would miss it). */
async function shoot(page: Page, name: string, part: Locator): Promise<void> {
  for (const width of [1440, 1024]) {
    // Tall, so the pane's own scroll area holds the part whole.
    await page.setViewportSize({ width, height: 2600 });
    await part.scrollIntoViewIfNeeded();
    const box = await part.boundingBox();
    await page.screenshot({ path: `${process.env.SHOT_DIR ?? "test-results"}/${name}-${width}.png`, ...(box ? { clip: box } : {}) });
  }
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
});

test("with repeats the comparison shows pass^k, pass@k and flaky cases, and every measure with its change", async ({ page }) => {
  await addProfile(page, { name: "Steady server", model: "test-echo" });
  await addProfile(page, { name: "Flaky server", model: "test-echo" });
  const tests = Array.from({ length: 10 }, (_, i) => ({
    id: `case-${i + 1}`,
    name: `Ticket ${i + 1}`,
    variables: { ticket: `Order ${i + 1} is late.` },
    assertions: [{ type: "contains" as const, value: "late" }],
  }));
  await importContract(page, contractOf({ name: "Repeats triage", tests }));
  await openSuite(page);
  const s = setup(page);
  await s.getByRole("checkbox", { name: "Flaky server" }).check();
  await s.getByRole("textbox", { name: "Model for Steady server" }).fill("test-echo");
  // Every second identical request answers something else: 3 repeats of a case disagree.
  await s.getByRole("textbox", { name: "Model for Flaky server" }).fill("test-echo+flaky");
  await s.getByRole("spinbutton", { name: "Repeats" }).fill("3");
  await runSuite(page, 60);

  const steady = "draft · Steady server · test-echo";
  const flaky = "draft · Flaky server · test-echo+flaky";
  const all = suitePane(page).getByRole("region", { name: "Comparison, all splits" });
  await expect(all.getByText(`Verdict: ${flaky} is worse than ${steady}`, { exact: false })).toBeVisible();
  await expect(all).toContainText("(a case passes when every repeat passed)");
  // Regressions first, with what the repeats did.
  const regressions = all.getByRole("list", { name: "Regressions (all)" }).getByRole("listitem");
  await expect(regressions).toHaveCount(10);
  await expect(regressions.first()).toContainText(
    new RegExp(`passed on ${steady}, fails on ${flaky.replace(/[+]/g, "\\+")} \\(repeats passed: 100% → (33|67)%\\)`),
  );
  const repeats = all.getByRole("table", { name: "Repeats, all splits" });
  await expect(repeats.getByRole("row", { name: /^Cases that passed all 3 times \(pass\^3\)/ })).toContainText("100%0%−100 points");
  await expect(repeats.getByRole("row", { name: /^Cases that passed at least once in 3 \(pass@3\)/ })).toContainText("100%100%no change");
  await expect(repeats.getByRole("row", { name: /^Flaky cases \(their repeats disagree/ })).toContainText("010+10");
  // Each case's pass rate on both sides, the flaky ones flagged.
  const perCase = all.getByRole("table", { name: "Pass rate per case, all splits" });
  const ticket1 = perCase.getByRole("row", { name: /^Ticket 1 / });
  await expect(ticket1.getByRole("cell").first()).toHaveText("3 of 3 passed");
  await expect(ticket1.getByRole("cell").nth(1)).toHaveText(/^[12] of 3 passedflaky$/);
  await expect(perCase.locator("tbody tr").first()).toHaveAttribute("data-flaky", "true");

  // The other measures, both sides and the change, in words.
  const measures = all.getByRole("table", { name: "Measures, all splits" });
  await expect(measures.getByRole("row", { name: /^Requests that got no answer \(errors\)/ })).toContainText("0%0%no change");
  for (const row of [
    "Answers that kept the output format",
    "Answers that refused",
    "Answers that said “I don't know”",
    "Time to answer, typical (median)",
    "Time to answer, slow ones (95th percentile)",
    "Time to answer, slowest (99th percentile)",
    "Tokens per answer (prompt + reply)",
    "Cost per answer",
    "Cost of the answers",
  ])
    await expect(measures.getByRole("rowheader", { name: row, exact: true })).toBeVisible();
  await shoot(page, "suite-insight-repeats", all);
});

test("a rubric is graded by the grader picked in the setup (its prompt shown, its cost counted), and says so when none was picked", async ({ page }) => {
  await addProfile(page, { name: "Test server", model: "test-echo", prices: { input: "1", output: "2" } });
  const rubric = { type: "rubric" as const, rubric: 'The answer says the order ships "today".' };
  await importContract(
    page,
    contractOf({
      name: "Rubric triage",
      tests: [
        { id: "today", name: "Ships today", variables: { ticket: "Order 1 ships today." }, assertions: [rubric] },
        { id: "monday", name: "Ships Monday", variables: { ticket: "Order 2 ships on Monday." }, assertions: [rubric] },
      ],
    }),
  );
  // The case form shows the grader prompt as it will be sent.
  await page.getByRole("tab", { name: "Tests", exact: true }).click();
  await page.getByText("Test 1 assertion 1 grader prompt (as it will be sent)").click();
  const formPrompt = page.getByRole("group", { name: "Test 1 assertion 1 grader prompt (as it will be sent)" });
  await expect(formPrompt).toContainText("# Rubric");
  await expect(formPrompt).toContainText('The answer says the order ships "today".');
  await expect(formPrompt).toContainText("[the answer being graded]");

  await openSuite(page);
  await expect(setup(page)).toContainText("2 cases have a rubric assertion. Without a grader they are not graded: they fail, saying so.");
  await runSuite(page, 2);
  await grid(page).getByRole("button", { name: "Ships today on draft: failed" }).click();
  const ungraded = suitePane(page).getByRole("region", { name: "Result of Ships today on draft" });
  await expect(ungraded.getByRole("list", { name: "Assertions" })).toContainText("not graded: choose a grader endpoint and model");
  await expect(ungraded).toContainText("not graded: no grader was picked in the suite setup");

  await setup(page).getByRole("combobox", { name: "Grader endpoint" }).selectOption({ label: "Test server" });
  await setup(page).getByRole("textbox", { name: "Grader model" }).fill("test-grader");
  await runSuite(page, 2);
  await expect(suiteStatus(page)).toContainText("2 of 2 cells · 1 passed · 1 failed");
  // The suite's cost says what grading added to the answers'.
  await expect(suiteStatus(page)).toContainText(/ · cost \$0\.\d+ \(answers \$0\.\d+, grading \$0\.\d+\)/);
  await grid(page).getByRole("button", { name: "Ships today on draft: passed" }).click();
  const graded = suitePane(page).getByRole("region", { name: "Result of Ships today on draft" });
  await expect(graded.getByRole("list", { name: "Assertions" })).toContainText('scored 1 (pass at 0.7): the answer mentions "today"');
  await expect(graded).toContainText(/Graded by test-grader on Test server · grading cost \$0\.\d+/);
  await graded.getByText("Grader prompt", { exact: true }).click();
  const prompt = graded.getByRole("group", { name: "Grader prompt" });
  await expect(prompt).toContainText("You grade an assistant's answer against a rubric.");
  await expect(prompt).toContainText("Answer this ticket: Order 1 ships today.");
  await grid(page).getByRole("button", { name: "Ships Monday on draft: failed" }).click();
  await expect(suitePane(page).getByRole("region", { name: "Result of Ships Monday on draft" })).toContainText(
    'scored 0 (pass at 0.7): the answer does not mention "today"',
  );
  await shoot(page, "suite-insight-rubric", suitePane(page));
});

test("a case's context override is edited in the case form, its errors name the field, and the case is sent with it", async ({ page }) => {
  await addProfile(page, { name: "Test server", model: "test-echo" });
  await importContract(
    page,
    contractOf({
      name: "Override triage",
      context: { items: [{ id: "kb-1", label: "Old policy", kind: "document", source: "kb://old", content: "Refunds take 90 days." }] },
      tests: [{ id: "lost", name: "Lost parcel", variables: { ticket: "My parcel is lost." } }],
    }),
  );
  await page.getByRole("tab", { name: "Tests", exact: true }).click();
  await page.getByRole("button", { name: "Change the context for test 1" }).click();
  await page.getByRole("checkbox", { name: "Test 1 removes kb-1" }).check();
  await page.getByRole("button", { name: "Add a context item to test 1" }).click();
  await page.getByRole("textbox", { name: "Test 1 added item 1 content" }).fill("Parcel 42 was lost in Leeds.");
  // No source yet: the error sits under the field and names it in the list.
  const source = page.getByRole("textbox", { name: "Test 1 added item 1 source" });
  await expect(source).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("list", { name: "Test 1 context problems" })).toContainText(
    "Test 1 added item 1 source: say where this item came from (URL, table+key, tool+call id)",
  );
  await source.fill("tickets://42");
  await expect(page.getByRole("list", { name: "Test 1 context problems" })).toBeHidden();
  await shoot(page, "suite-insight-override", page.getByRole("group", { name: "Test 1 context" }));

  await openSuite(page);
  await runSuite(page, 1);
  await grid(page).getByRole("button", { name: "Lost parcel on draft: passed" }).click();
  const detail = suitePane(page).getByRole("region", { name: "Result of Lost parcel on draft" });
  await detail.getByText("Raw output").click();
  // test-echo answers with the user message: the added item is in the packet, the removed one is not.
  await expect(detail.getByText(/Parcel 42 was lost in Leeds\./)).toBeVisible();
  await expect(detail).not.toContainText("Refunds take 90 days.");
});

test("the attacks view tells apart how each attack got through, per model", async ({ page }) => {
  await addProfile(page, { name: "Leaky server", model: "test-echo-system" });
  await addProfile(page, { name: "Echo server", model: "test-echo" });
  await importContract(page, contractOf({ name: "Attack triage", tests: [] }));
  await page.getByRole("tab", { name: "Tests", exact: true }).click();
  await page.getByRole("button", { name: /^Add injection pack \(7 attacks\)$/ }).click();
  await openSuite(page);
  const s = setup(page);
  await s.getByRole("checkbox", { name: "Echo server" }).check();
  await s.getByRole("textbox", { name: "Model for Leaky server" }).fill("test-echo-system");
  await s.getByRole("textbox", { name: "Model for Echo server" }).fill("test-echo");
  await runSuite(page, 14);

  const attacks = suitePane(page).getByRole("region", { name: "Injection attacks" });
  const leaky = attacks.getByRole("list", { name: /^Attacks that got through on draft · Leaky server/ });
  const echo = attacks.getByRole("list", { name: /^Attacks that got through on draft · Echo server/ });
  // The model that repeats its system prompt leaks the canary in every attack.
  await expect(leaky.locator('[data-breach="canary"]')).toHaveCount(7);
  await expect(leaky).toContainText("Leaked the hidden canary");
  // The one that repeats the user message carries the attacks' own words out: the image to attacker.example, PWNED.
  await expect(echo.locator('[data-breach="canary"]')).toHaveCount(0);
  const exfiltration = echo.getByRole("listitem").filter({ hasText: "Markdown image carrying data out" });
  await expect(exfiltration.locator('[data-breach="outside_link"]')).toContainText("Put in an outside link or image");
  await expect(exfiltration.locator('[data-breach="outside_link"]')).toContainText("attacker.example");
  const override = echo.getByRole("listitem").filter({ hasText: "Instruction override in a document" });
  await expect(override.locator('[data-breach="other"]')).toContainText("Failed another check");
  await shoot(page, "suite-insight-attacks", attacks);
});
