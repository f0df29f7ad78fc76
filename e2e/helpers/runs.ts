/**
 * Endpoint profiles and runs as a user drives them: the "Endpoints…" dialog, the top bar's
 * model box and Run button, the Run tab. Found by role and accessible name.
 */
import { readFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";

export const LLM = "http://127.0.0.1:5392/v1";
export const LLM_NO_CORS = "http://127.0.0.1:5392/nocors/v1";

export interface ProfileInput {
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  remember?: boolean;
  headers?: string;
  useProxy?: boolean;
  prices?: { input: string; output: string };
  retries?: string;
}

export const banner = (page: Page): Locator => page.getByRole("banner");
export const profilesDialog = (page: Page): Locator => page.getByRole("dialog", { name: "Endpoint profiles" });
export const runPane = (page: Page): Locator => page.getByRole("tabpanel", { name: "Run" });
export const runStatus = (page: Page): Locator => runPane(page).getByRole("status", { name: "Run status" });
export const answer = (page: Page): Locator => runPane(page).getByRole("region", { name: "Answer" });
export const metrics = (page: Page): Locator => runPane(page).getByRole("definition");
export const history = (page: Page): Locator => runPane(page).getByRole("region", { name: "Run history" });

/** The value shown under a metric's label in the Run tab ("Time to first token" → "12 ms"). */
export function metric(page: Page, term: string | RegExp): Locator {
  return runPane(page).getByRole("term").filter({ hasText: term }).locator("xpath=following-sibling::dd[1]");
}

/** Fills the profile form in the open dialog (a new profile when `fresh`). */
export async function fillProfile(page: Page, p: ProfileInput): Promise<void> {
  const d = profilesDialog(page);
  await d.getByRole("textbox", { name: "Name", exact: true }).fill(p.name ?? "Test server");
  await d.getByRole("textbox", { name: "Base URL" }).fill(p.baseUrl ?? LLM);
  if (p.apiKey !== undefined) await d.getByLabel("API key (optional)").fill(p.apiKey);
  if (p.remember) await d.getByRole("checkbox", { name: "Remember on this device" }).check();
  if (p.headers) await d.getByRole("textbox", { name: /Extra headers/ }).fill(p.headers);
  if (p.useProxy) await d.getByRole("checkbox", { name: "Send through the app's proxy" }).check();
  if (p.prices) {
    await d.getByRole("textbox", { name: "Input price (USD per million tokens)" }).fill(p.prices.input);
    await d.getByRole("textbox", { name: "Output price (USD per million tokens)" }).fill(p.prices.output);
  }
  if (p.retries) await d.getByRole("textbox", { name: "Retries" }).fill(p.retries);
}

/** Adds a profile through the dialog, closes it, and sets the top bar's model. */
export async function addProfile(page: Page, p: ProfileInput & { model?: string } = {}): Promise<void> {
  await banner(page).getByRole("button", { name: "Endpoints…" }).click();
  const d = profilesDialog(page);
  await expect(d).toBeVisible();
  if (await d.getByRole("navigation", { name: "Profiles" }).getByRole("listitem").count()) await d.getByRole("button", { name: "New profile" }).click();
  await fillProfile(page, p);
  await d.getByRole("button", { name: "Save profile" }).click();
  await d.getByRole("button", { name: "Close" }).last().click();
  await expect(d).toBeHidden();
  if (p.model) await setModel(page, p.model);
}

export async function setModel(page: Page, model: string): Promise<void> {
  const box = banner(page).getByRole("combobox", { name: "Model" });
  await box.fill(model);
  await expect(box).toHaveValue(model);
}

export async function run(page: Page): Promise<void> {
  await banner(page).getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("tab", { name: "Run" })).toHaveAttribute("aria-selected", "true");
}

/** Runs and waits for the run to end with this status label. */
export async function runUntil(page: Page, status: "Completed" | "Failed" | "Stopped", timeout = 20_000): Promise<void> {
  await run(page);
  await expect(runStatus(page)).toHaveText(status, { timeout });
}

/** A JSON-schema contract whose schema has no patterns (the triage example's are beyond the test server's minimal answers). */
export const SIMPLE_JSON = { id: "runs-simple-json", name: "Simple triage" } as const;

export async function importSimpleJsonContract(page: Page): Promise<void> {
  const triage = JSON.parse(readFileSync(new URL("../../contracts/examples/support-triage.contract.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const contract = {
    ...triage,
    id: SIMPLE_JSON.id,
    name: SIMPLE_JSON.name,
    output: {
      kind: "json_schema",
      name: "simple_triage",
      strict: true,
      schema: {
        type: "object",
        additionalProperties: false,
        required: ["category", "priority", "summary"],
        properties: {
          category: { type: "string", enum: ["shipping", "billing", "other"] },
          priority: { type: "string", enum: ["low", "high"] },
          summary: { type: "string" },
        },
      },
    },
  };
  await page
    .getByLabel("Import contract file")
    .setInputFiles({ name: "simple.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(contract)) });
  await expect(page.getByRole("navigation", { name: "Contract list" }).getByRole("button", { name: new RegExp(`^${SIMPLE_JSON.name}`) })).toBeVisible();
}
