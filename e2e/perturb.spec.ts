/**
 * Robustness to prompt styles (issue 11): "Perturb" in the Suite tab runs each case and its 8
 * style variants against the test server (test-echo answers with the user message, so a
 * variant's style reaches the answer), then the report: the variants' pass rate beside the
 * originals', per generator, and the cases whose behaviour changes with style. What should
 * change is computed here from the same seeded generators, so the spec checks the app, not luck.
 */
import type { Page } from "@playwright/test";
import { PERTURBATIONS, PERTURBATION_LABELS } from "../contracts/eval/perturb/generators.ts";
import { perturbSuite } from "../contracts/eval/perturb/perturb.ts";
import { parseContract } from "../contracts/parse.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { test, expect } from "./fixtures/test.ts";
import { addProfile } from "./helpers/runs.ts";
import { openStudio } from "./helpers/studio.ts";

const NAME = "Echo styles";

function buildContract(): Contract {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "echo-styles",
    name: NAME,
    policy: { role: "You repeat the customer's question." },
    task: { instruction: "{{question}}" },
    variables: [{ name: "question", type: "string", required: true }],
    output: { kind: "text" },
    model: { model: "test-echo" },
    tests: [
      {
        id: "mentions-refund",
        name: "Mentions Refund",
        variables: { question: "Refund for order 1234: when do I get it?" },
        assertions: [{ type: "contains", value: "Refund", caseSensitive: true }],
      },
      {
        id: "no-override",
        name: "No override",
        variables: { question: "What is the weather?" },
        assertions: [{ type: "not_contains", value: "instructions" }],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const suitePane = (page: Page) => page.getByRole("tabpanel", { name: "Suite" });

test("a perturbation report: variants per case, pass rates beside the originals', and the cases that change with style", async ({ page }) => {
  const contract = buildContract();
  await openStudio(page);
  await addProfile(page, { name: "Test server", model: "test-echo" });
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "echo.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await page
    .getByRole("navigation", { name: "Contract list" })
    .getByRole("button", { name: new RegExp(`^${NAME}`) })
    .click();
  await page.getByRole("tab", { name: "Suite", exact: true }).click();
  await suitePane(page).getByRole("form", { name: "Suite setup" }).getByRole("button", { name: "Perturb (2 cases × 8 styles)" }).click();

  const report = suitePane(page).getByRole("region", { name: "Perturbation report" });
  await expect(report).toContainText("2 cases, 8 variants per case (16 in all).", { timeout: 20_000 });
  // What the generators do to these two cases, and so which variants must fail.
  const s = perturbSuite(contract);
  const fails = s.variants.filter((v) =>
    v.originalId === "mentions-refund" ? !v.changed.question!.includes("Refund") : v.changed.question!.includes("instructions"),
  );
  const rates = report.getByRole("table", { name: "Pass rates" });
  await expect(rates.getByRole("row", { name: /^originals/ })).toContainText("100% (2 of 2)");
  const passed = 16 - fails.length;
  await expect(rates.getByRole("row", { name: /^all variants/ })).toContainText(`(${passed} of 16)`);
  for (const kind of PERTURBATIONS) {
    const ok = 2 - fails.filter((v) => v.kind === kind).length;
    await expect(rates.getByRole("row", { name: new RegExp(`^${PERTURBATION_LABELS[kind]}`) })).toContainText(`(${ok} of 2)`);
  }
  const changed = report.getByRole("list", { name: "Cases that change with style" });
  for (const v of fails) await expect(changed).toContainText(`passes as written, fails with ${v.kind} (`);
  const cases = [...new Set(fails.map((v) => v.originalId))].map((id) => contract.tests.find((t) => t.id === id)!.name);
  for (const name of cases) await expect(changed.getByText(name, { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/perturb-report.png", fullPage: true });
});
