/**
 * Production as holdout (issue 11): a JSONL log of the grounded-answer example's traffic is
 * imported through the Suite tab's "Production log" view (read in a worker), its figures and
 * malformed lines shown, and a picked record added to the draft as a holdout case whose
 * variables and context came from the log and whose answer is kept as the reference.
 * The log is made with the contracts library: the requests the contract itself assembles.
 */
import type { Page } from "@playwright/test";
import { assemble, contractForTest } from "../contracts/assemble.ts";
import { readFileSync } from "node:fs";
import { parseContract } from "../contracts/parse.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { test, expect } from "./fixtures/test.ts";
import { expectSaved, openEditorTab, openStudio, selectContract, editor } from "./helpers/studio.ts";

function example(file: string): Contract {
  const r = parseContract(readFileSync(new URL(`../contracts/examples/${file}`, import.meta.url), "utf8"));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
const grounded = example("grounded-answer.contract.json");

function log(): string {
  const request = (i: number) => {
    const { contract, inputs } = contractForTest(grounded, grounded.tests[i]!);
    return assemble(contract, inputs, { countTokens: false }).request;
  };
  const reply = (content: string) => ({ model: "gpt-prod", choices: [{ message: { role: "assistant", content }, finish_reason: "stop" }] });
  return [
    JSON.stringify({
      request: request(0),
      response: reply("Files stay 30 days after the period ends [kb-retention-2].\n\nSources: kb-retention-2"),
      latency_ms: 800,
      cost_usd: 0.001,
    }),
    JSON.stringify({ body: request(1), response: { body: reply("I don't know based on the help-centre articles I have.") }, latency_ms: 600 }),
    '{"request": {"messages": [cut off by the logger',
    JSON.stringify({
      request: request(3),
      response: reply("I can't give tax advice, but I can explain how Lumen Cloud shows VAT on your invoices."),
      latency_ms: 400,
    }),
    JSON.stringify({
      request: { model: "gpt-prod", messages: [{ role: "user", content: "hello?" }] },
      response: reply("Hi! How can I help?"),
      latency_ms: 200,
    }),
    "",
  ].join("\n");
}

const suitePane = (page: Page) => page.getByRole("tabpanel", { name: "Suite" });
const logFile = () => ({ name: "prod.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(log()) });

async function openProductionLog(page: Page): Promise<void> {
  await openStudio(page);
  await selectContract(page, "Help-centre answer with citations");
  await page.getByRole("tab", { name: "Suite", exact: true }).click();
  await suitePane(page).getByRole("button", { name: "Production log" }).click();
}

const figure = (page: Page, name: string) =>
  suitePane(page)
    .getByRole("table", { name: "Behaviour figures" })
    .getByRole("row", { name: new RegExp(`^${name}`) });

test("a production log's figures, its malformed line by number, and a record turned into a holdout case", async ({ page }) => {
  await openProductionLog(page);
  await suitePane(page).getByLabel("Import production log").setInputFiles(logFile());
  const report = suitePane(page).getByRole("region", { name: "Production log report" });
  await expect(report.getByRole("heading")).toHaveText("prod.jsonl: 4 records");
  await expect(figure(page, "Malformed lines")).toContainText("1");
  await expect(figure(page, "Matched to this contract")).toContainText("3 of 4");
  await expect(figure(page, "Not matched")).toContainText("1");
  await expect(figure(page, "Refusal rate")).toContainText("25.0% (1 of 4");
  await expect(figure(page, `"I don't know" rate`)).toContainText("25.0% (1 of 4");
  await expect(figure(page, "Latency p50")).toContainText("500 ms / 770 ms / 794 ms (4 recorded)");
  await expect(report.getByRole("list", { name: "Malformed lines" })).toHaveText(/^Line 3: not valid JSON/);

  // The pick list: the matched records, one verified byte for byte against the contract.
  const records = report.getByRole("list", { name: "Records" }).getByRole("listitem");
  await expect(records).toHaveCount(3);
  await expect(records.first()).toContainText("Line 1this contract (verified) · gpt-prod · 800 ms");
  await report.getByRole("checkbox", { name: "Pick line 1" }).check();
  await report.getByRole("button", { name: "Add 1 as holdout case" }).click();
  await expect(page.getByText("Added 1 holdout case from the log.")).toBeVisible();
  await expectSaved(page);

  // The new case, in the Tests tab; approved (its logged answer is the reference) but holdout, so never training data.
  await openEditorTab(page, "Tests");
  await expect(
    editor(page)
      .getByRole("textbox", { name: /^Test \d+ name$/ })
      .last(),
  ).toHaveValue("Production log line 1");
  await suitePane(page).getByRole("button", { name: "Dataset" }).click();
  const approved = suitePane(page).getByRole("list", { name: "Approved cases" }).getByRole("listitem");
  await expect(approved).toHaveCount(1);
  await expect(approved).toContainText("Production log line 1 (holdout) · from production log line 1, gpt-prod");
  await suitePane(page).getByText("Left out of the fine-tuning file (1)").click();
  await expect(suitePane(page).getByRole("list", { name: "Left out of training" })).toHaveText(/^prod-line-1: holdout case/);
});

test("reduced to metrics, the report keeps no text to pick from", async ({ page }) => {
  await openProductionLog(page);
  await suitePane(page).getByRole("radio", { name: "Reduce to metrics (no text kept)" }).check();
  await suitePane(page).getByLabel("Import production log").setInputFiles(logFile());
  const report = suitePane(page).getByRole("region", { name: "Production log report" });
  await expect(report.getByRole("heading")).toHaveText("prod.jsonl: 4 records");
  await expect(report.getByText(/^Reduced to metrics: no request or answer text was kept/)).toBeVisible();
  await expect(report.getByRole("list", { name: "Records" })).toHaveCount(0);
  await expect(report).not.toContainText("Files stay 30 days");
});
