/**
 * Defects a new user hit (issue 7, items 18, 20, 21, 22): the layout from 1024 px up, schema
 * errors in sentences, money and rates for people, and the smaller rough edges. Against the
 * real test server; elements by role and label; waits on visible state, never on time.
 */
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { editor, importInput, openEditorTab, openStudio, preview, selectContract } from "./helpers/studio.ts";
import { addProfile, banner, metric, runPane, runUntil, setModel } from "./helpers/runs.ts";
import { publish, pointLabel } from "./helpers/versions.ts";

async function importContract(page: Page, contract: object, fileName = "contract.contract.json"): Promise<void> {
  await importInput(page).setInputFiles({ name: fileName, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
}

/**
 * What is wrong with the top bar's geometry, in words: anything sticking out of the bar,
 * anything taller than one line (it wrapped), a badge narrower than its text (clipped), two
 * neighbours overlapping, or a contract name squeezed below 80 px. Empty when the bar holds.
 */
async function headerProblems(page: Page): Promise<string[]> {
  return banner(page).evaluate((header) => {
    const problems: string[] = [];
    const hb = header.getBoundingClientRect();
    const nameOf = (el: Element) => (el.getAttribute("aria-label") || el.textContent || el.tagName).trim().replace(/\s+/g, " ").slice(0, 40);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== "hidden";
    };
    // The bar's items: the children of its two groups (badges, name, meter, controls).
    const items = [...header.children].flatMap((g) => [...g.children]).filter(visible);
    for (const el of items) {
      const r = el.getBoundingClientRect();
      if (r.top < hb.top - 0.5 || r.bottom > hb.bottom + 0.5 || r.left < hb.left - 0.5 || r.right > hb.right + 0.5)
        problems.push(`"${nameOf(el)}" sticks out of the top bar`);
      if (r.height > 30) problems.push(`"${nameOf(el)}" is ${Math.round(r.height)} px tall: it wrapped`);
      if (el.tagName !== "H1" && el.scrollWidth > el.clientWidth + 1)
        problems.push(`"${nameOf(el)}" is clipped (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
    }
    for (const el of header.querySelectorAll("[data-slot=run-controls] > *")) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.height > 30) problems.push(`"${nameOf(el)}" is ${Math.round(r.height)} px tall: it wrapped`);
    }
    const boxes = items.map((el) => ({ el, r: el.getBoundingClientRect() })).sort((a, b) => a.r.left - b.r.left);
    for (let i = 1; i < boxes.length; i++)
      if (boxes[i]!.r.left < boxes[i - 1]!.r.right - 0.5) problems.push(`"${nameOf(boxes[i]!.el)}" overlaps "${nameOf(boxes[i - 1]!.el)}"`);
    const h1 = header.querySelector("h1");
    const w = h1 ? h1.getBoundingClientRect().width : 0;
    if (w < 80) problems.push(`the contract name is ${Math.round(w)} px wide`);
    return problems;
  });
}

/** Whether the element is on screen inside `pane` and is what is painted at its own centre. */
async function shownInside(target: Locator, pane: Locator): Promise<string> {
  const [t, p] = await Promise.all([target.boundingBox(), pane.boundingBox()]);
  if (!t || !p) return "not laid out";
  if (t.x < p.x - 0.5 || t.x + t.width > p.x + p.width + 0.5)
    return `spans x ${Math.round(t.x)}–${Math.round(t.x + t.width)} outside the pane's ${Math.round(p.x)}–${Math.round(p.x + p.width)}`;
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!hit && el.contains(hit);
  });
  return onTop ? "shown" : "covered by something else";
}

test.describe("layout from 1024 px up (item 18)", () => {
  test("the top bar stays on one line with a readable name and whole badges, and every editor tab is reachable", async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    await openStudio(page);
    // Everything the bar can hold at once: a named profile with a model, versions, two labels, an edited draft.
    await addProfile(page, { name: "Local llama.cpp server", model: "test-model" });
    await publish(page, "1.0.0", "First reviewed triage contract");
    await pointLabel(page, "production", "1.0.0");
    await pointLabel(page, "staging", "1.0.0");
    await expect(banner(page)).toContainText("staging 1.0.0");
    await editor(page).getByRole("textbox", { name: "Description" }).fill("Triage for the helpdesk: edited after 1.0.0.");
    await expect(page.getByTestId("version-indicator")).toHaveText("Draft · based on 1.0.0");
    await expect(banner(page).getByText("Saved", { exact: true })).toBeVisible();

    for (const size of [
      { width: 1024, height: 768 },
      { width: 1280, height: 800 },
      { width: 1440, height: 900 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await expect.poll(() => headerProblems(page), { message: `top bar at ${size.width} px` }).toEqual([]);
      await expect
        .poll(() => shownInside(editor(page).getByRole("tab", { name: "Raw" }), editor(page)), { message: `Raw tab at ${size.width} px` })
        .toBe("shown");
      await testInfo.attach(`layout-${size.width}.png`, { body: await page.screenshot(), contentType: "image/png" });
    }

    // Widened right pane at the narrowest width: the editor's tabs wrap instead of hiding.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole("button", { name: "Widen" }).click();
    await expect(page.getByRole("button", { name: "Narrow" })).toBeVisible();
    for (const tab of ["Policy", "Tests", "Raw"])
      await expect.poll(() => shownInside(editor(page).getByRole("tab", { name: tab }), editor(page)), { message: `${tab} tab, widened` }).toBe("shown");
    await openEditorTab(page, "Raw");
    await testInfo.attach("layout-1024-widened.png", { body: await page.screenshot(), contentType: "image/png" });
  });
});

const ELIGIBILITY = {
  format: "contract-studio/contract@1",
  id: "eligibility-check",
  name: "Eligibility check",
  policy: { role: "You decide whether a customer is eligible for a refund." },
  // With the test server's echo mode the answer is the user message: this JSON, whose value is the wrong type.
  task: { instruction: '{"eligible": "yes"}' },
  variables: [],
  context: { mode: "delimit", items: [] },
  output: {
    kind: "json_schema",
    name: "eligibility",
    strict: false,
    schema: { type: "object", properties: { eligible: { type: "boolean" } }, required: ["eligible"] },
  },
};

test.describe("schema errors in sentences (item 20)", () => {
  test("a misspelt type in the output schema is one sentence naming its path", async ({ page }) => {
    await openStudio(page);
    await importContract(page, {
      ...ELIGIBILITY,
      id: "eligibility-bad-schema",
      name: "Eligibility with a typo",
      output: { ...ELIGIBILITY.output, schema: { type: "object", properties: { eligible: { type: "bool" } } } },
    });
    await selectContract(page, "Eligibility with a typo");
    const issues = preview(page).getByRole("region", { name: "Issues" });
    await expect(issues).toContainText("1 error");
    await expect(issues.getByRole("listitem").filter({ hasText: "output.schema" })).toHaveText(
      /error: output\.schema: is not a valid JSON Schema: properties\.eligible\.type must be one of "array", "boolean", .* or "string", got "bool"$/,
    );
    await expect(issues).not.toContainText("data/properties");
    await expect(issues).not.toContainText("must match a schema in anyOf");
  });

  test("an answer with a value of the wrong type says so at its path", async ({ page }) => {
    await openStudio(page);
    await importContract(page, ELIGIBILITY);
    await selectContract(page, ELIGIBILITY.name);
    await addProfile(page, { name: "Test server", model: "test-echo" });
    await runUntil(page, "Completed");
    const violations = runPane(page).getByRole("region", { name: "Validation" }).getByRole("list", { name: "Violations" });
    await expect(violations.getByRole("listitem")).toHaveText(['$.eligible must be a boolean, got "yes"']);
  });
});

test.describe("money and rates for people (item 21)", () => {
  test("a fraction of a cent reads as dollars, and a stream too short to measure shows no rate", async ({ page }) => {
    test.setTimeout(60_000);
    await openStudio(page);
    // 0.03 USD per million tokens: a 2,407-token request costs $0.000072, which used to read "$7.2e-5" or "$0.0001".
    await addProfile(page, { name: "Cheap server", prices: { input: "0.03", output: "0.03" }, model: "test-model" });
    const meter = page.getByRole("status", { name: "Request meter" });
    await expect(meter).toContainText(/\$0\.0000\d\d\b/);
    await expect(meter).not.toContainText("e-");

    await runUntil(page, "Completed");
    await expect(metric(page, "Cost")).toHaveText(/^\$0\.0000\d\d$/);

    // Cut after three chunks a millisecond apart: no tokens-per-second figure can mean anything.
    await setModel(page, "test-cut");
    await runUntil(page, "Failed");
    await expect(runPane(page).getByRole("alert")).toContainText("The stream was cut off");
    await expect(metric(page, "Tokens/s")).toHaveText("—");

    // A paced stream over a second is a real measurement: it keeps its rate.
    await setModel(page, "test-stream-100tps-150");
    await runUntil(page, "Completed");
    await expect(metric(page, "Tokens/s")).toHaveText(/^\d+\.\d$/);
  });
});
