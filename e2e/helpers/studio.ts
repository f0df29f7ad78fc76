/**
 * What the specs do as a user: open the studio, pick a contract, read the preview. Elements are
 * found by role and accessible name; the few test ids are for bare numbers with no label.
 */
import { expect, type Locator, type Page } from "@playwright/test";

export const EXAMPLES = [
  { id: "support-triage", name: "Support ticket triage", file: "support-triage.contract.json" },
  { id: "grounded-answer", name: "Help-centre answer with citations", file: "grounded-answer.contract.json" },
  { id: "meeting-notes", name: "Meeting notes summary", file: "meeting-notes.contract.json" },
] as const;

/** Opens the app and waits until the workspace is loaded and the first preview is assembled. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto("/");
  await expect(contractList(page).getByRole("button").first()).toBeVisible();
  await expect(totalTokens(page)).toHaveText(/^[\d,]+ tokens/);
}

export const contractList = (page: Page): Locator => page.getByRole("navigation", { name: "Contract list" });

/** The names and ids shown in the contract list, in order. */
export async function listedContracts(page: Page): Promise<string[]> {
  return contractList(page).getByRole("button").allInnerTexts();
}

export async function selectContract(page: Page, name: string): Promise<void> {
  await contractList(page)
    .getByRole("button", { name: new RegExp(`^${escapeRegExp(name)}\\b`) })
    .click();
  await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toHaveText(name);
}

export const editor = (page: Page): Locator => page.getByRole("main", { name: "Editor" });
export const preview = (page: Page): Locator => page.getByRole("region", { name: "Request preview" });
export const userMessage = (page: Page): Locator => preview(page).getByRole("article", { name: "user message" });
export const systemMessage = (page: Page): Locator => preview(page).getByRole("article", { name: "system message" });
/** The whole request's token count beside the preview ("2,407 tokens"). */
export const totalTokens = (page: Page): Locator => preview(page).getByTestId("preview-total-tokens");

export async function openEditorTab(page: Page, tab: "Policy" | "Task" | "Context" | "Output" | "Tests" | "Raw"): Promise<void> {
  await editor(page).getByRole("tab", { name: tab }).click();
  await expect(editor(page).getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
  // A tab loaded on demand (Tests) shows this until its chunk has arrived.
  await expect(editor(page).getByText("Loading the tab…")).toHaveCount(0);
}

/** A message's own token count, from the badge in its header. */
export async function messageTokens(message: Locator): Promise<number> {
  const text = await message.locator("header").innerText();
  const m = /([\d,]+) tokens/.exec(text);
  if (!m) throw new Error(`no token count in message header: ${text}`);
  return Number(m[1]!.replace(/,/g, ""));
}

export function parseCount(text: string): number {
  const m = /([\d,]+)/.exec(text);
  if (!m) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(m[1]!.replace(/,/g, ""));
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The import input the Import button opens (hidden, labelled). */
export const importInput = (page: Page): Locator => page.getByLabel("Import contract file");

/** Waits until every edit is written to storage (the header's save state says "Saved"). */
export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByRole("status", { name: "Save state" })).toHaveAttribute("data-saved", "true");
}

/** Waits until the preview shows the assembly of the draft's current revision (its own signal). */
export async function expectPreviewCurrent(page: Page): Promise<void> {
  await expect(preview(page).locator("[data-preview]")).toHaveAttribute("data-preview", "current");
}

/**
 * Makes the page's CPU this many times slower (Chromium's DevTools throttling), as on a busy
 * machine: timing bugs show up here instead of in CI. Returns a function that undoes it.
 */
export async function slowDown(page: Page, rate: number): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return async () => {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 }).catch(() => {});
    await cdp.detach().catch(() => {});
  };
}
