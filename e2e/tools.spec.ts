/**
 * Tools in the contract (issue 11 item 1): the request carries the contract's tools, the Run tab
 * shows the model's tool calls as they stream, and a suite case gives a mock result for one
 * follow-up turn and judges the calls with the tool assertions. The test server's test-tools-all
 * mode calls every declared tool (arguments from each tool's parameters), then, on the follow-up
 * turn, answers with the results it was sent: `lookup_order returned {"status":"shipped"}.`
 */
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { addProfile, run, runPane, runStatus } from "./helpers/runs.ts";
import { openStudio, selectContract } from "./helpers/studio.ts";

const NAME = "Order desk";

const TOOLS = [
  {
    name: "lookup_order",
    description: "Find an order by its id.",
    parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false },
  },
  {
    name: "refund_order",
    description: "Refund an order.",
    parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false },
    requiresConfirmation: true,
    confirmationAction: "issue a refund",
  },
];

const toolAssertions = [{ type: "tool_called", tool: "lookup_order" }, { type: "tool_arguments_valid" }, { type: "tool_confirmation_respected" }];

async function importToolContract(page: Page): Promise<void> {
  const contract = {
    format: "contract-studio/contract@2",
    id: "order-desk",
    name: NAME,
    policy: { role: "You help with orders.", humanConfirmation: ["issue a refund"] },
    task: { instruction: "Help with this request: {{request}}" },
    variables: [{ name: "request", type: "string", required: true, testValue: "Where is order A-1? Refund it if it is lost." }],
    output: { kind: "text" },
    model: { model: "test-tools-all", temperature: 0 },
    tools: TOOLS,
    tests: [
      {
        id: "confirmed",
        name: "Refund confirmed",
        variables: { request: "Refund order A-1." },
        tools: { results: { lookup_order: { status: "shipped" } }, confirmed: ["refund_order"] },
        assertions: [...toolAssertions, { type: "contains", value: "shipped" }],
      },
      {
        id: "unconfirmed",
        name: "Refund not confirmed",
        variables: { request: "Refund order A-2." },
        tools: { results: { lookup_order: { status: "lost" } }, confirmed: [] },
        assertions: toolAssertions,
      },
    ],
  };
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "order-desk.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await selectContract(page, NAME);
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-tools-all+stream-4tps-1" });
  await importToolContract(page);
});

test("a run shows the model's tool calls as they stream, then each call's arguments", async ({ page }) => {
  await run(page);
  const calls = runPane(page).getByRole("region", { name: "Tool calls" });
  // Four fragments a second: the heading says the calls are still arriving.
  await expect(calls.getByRole("heading", { name: /tool calls? \(streaming…\)$/ })).toBeVisible({ timeout: 10_000 });
  await expect(runStatus(page)).toHaveText("Completed", { timeout: 20_000 });
  await expect(calls.getByRole("heading", { name: "2 tool calls" })).toBeVisible();
  await expect(calls.getByRole("listitem", { name: "Tool call lookup_order" })).toBeVisible();
  await expect(calls.getByLabel("Arguments of lookup_order")).toContainText('"order_id": "A-1"');
  await expect(calls.getByLabel("Arguments of refund_order")).toContainText('"order_id"');
  await page.screenshot({ path: "test-results/tools-run.png", fullPage: true });

  // The Review tab, the product manager's spec, says which tools it may call and which need a person first.
  await page.getByRole("tab", { name: "Review", exact: true }).click();
  const tools = page.getByRole("table", { name: "Tools" });
  await expect(tools.getByRole("row", { name: /refund_order/ })).toContainText("yes: issue a refund");
  await expect(tools.getByRole("row", { name: /lookup_order/ })).toContainText("order_id");
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/tools-review-${width}.png` });
  }
});

test("a suite sends the cases' mock results in a follow-up turn and judges the calls", async ({ page }) => {
  const pane = page.getByRole("tabpanel", { name: "Suite" });
  await page.getByRole("tab", { name: "Suite", exact: true }).click();
  const setup = pane.getByRole("form", { name: "Suite setup" });
  await setup.getByRole("textbox", { name: "Model for Test server" }).fill("test-tools-all");
  await setup.getByRole("button", { name: "Run suite (2 cells)" }).click();
  const status = pane.getByRole("status");
  await expect(status).toContainText("2 of 2 cells · 1 passed · 1 failed", { timeout: 20_000 });

  const grid = pane.getByRole("table", { name: "Suite results" });
  await grid.getByRole("button", { name: "Refund confirmed on draft: passed" }).click();
  const passed = pane.getByRole("region", { name: "Result of Refund confirmed on draft" });
  // The answer judged is the follow-up turn's, which quotes the mock result it was sent.
  await passed.getByText("Raw output").click();
  await expect(passed.getByText('lookup_order returned {"status":"shipped"}', { exact: false })).toBeVisible();

  await grid.getByRole("button", { name: "Refund not confirmed on draft: failed" }).click();
  const failed = pane.getByRole("region", { name: "Result of Refund not confirmed on draft" });
  const assertions = failed.getByRole("list", { name: "Assertions" });
  await expect(assertions).toContainText(/Failed: .*refund_order/);
  await page.screenshot({ path: "test-results/tools-suite.png", fullPage: true });
});
