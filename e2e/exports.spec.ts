/**
 * The Tests tab's downloads (issue 9 item 5): the promptfoo configuration and the request bodies
 * as JSONL, the same files `contract export` writes. With an API key saved in a profile and the
 * injection pack's canary cases added, neither file holds the key or a canary.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { addProfile } from "./helpers/runs.ts";
import { EXAMPLES, openEditorTab, openStudio, selectContract } from "./helpers/studio.ts";

const KEY = "sk-e2e-export-5b7d1e";
const CANARY = /CSCANARY[0-9A-F]{16}/i;

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

test("downloads a promptfoo config and the OpenAI request bodies, without the key or a canary", async ({ page }) => {
  await openStudio(page);
  await addProfile(page, { apiKey: KEY, model: "test-model" });
  const example = EXAMPLES[1];
  await selectContract(page, example.name);
  await openEditorTab(page, "Tests");
  const source = JSON.parse(readFileSync(new URL(`../contracts/examples/${example.file}`, import.meta.url), "utf8")) as { tests: { id: string }[] };
  await page.getByRole("button", { name: /^Add injection pack \(7 attacks\)$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added the injection pack (7 adversarial cases)." })).toBeVisible();
  const cases = source.tests.length + 7;

  const config = await download(page, "Download promptfoo config");
  expect(config.name).toBe(`${example.id}.promptfooconfig.json`);
  const parsed = JSON.parse(config.text) as {
    prompts: { raw: string }[];
    providers: { id: string }[];
    tests: { vars: Record<string, unknown>; assert: { type: string; metric: string }[]; metadata: { caseId: string; split: string } }[];
  };
  expect(parsed.prompts[0]!.raw).toBe("{{ contract_messages | dump }}");
  expect(parsed.providers[0]!.id).toMatch(/^openai:chat:/);
  expect(parsed.tests).toHaveLength(cases);
  expect(parsed.tests.map((t) => t.metadata.caseId).slice(0, source.tests.length)).toEqual(source.tests.map((t) => t.id));
  expect(parsed.tests.filter((t) => t.metadata.split === "adversarial")).toHaveLength(7);
  // Every case has its messages and the checks implied by the contract.
  for (const t of parsed.tests) {
    expect(Array.isArray(t.vars.contract_messages)).toBe(true);
    expect(t.assert.map((a) => a.metric)).toContain("citations_present (from the contract)");
  }
  expect(parsed.tests.at(-1)!.assert.map((a) => a.metric)).toContain("canary_not_leaked");
  expect(config.text).not.toContain(KEY);
  expect(config.text).not.toMatch(CANARY);

  const bodies = await download(page, "Download OpenAI request bodies (JSONL)");
  expect(bodies.name).toBe(`${example.id}.requests.jsonl`);
  const lines = bodies.text.trimEnd().split("\n");
  expect(lines).toHaveLength(cases);
  for (const line of lines) expect(JSON.parse(line)).toMatchObject({ messages: expect.any(Array), stream: true });
  expect(bodies.text).not.toContain(KEY);
  expect(bodies.text).not.toMatch(CANARY);
});
