/**
 * The preview's and the meter's prompt count (issue 7 item 8): where the profile's server has a
 * tokenize endpoint (llama.cpp's /tokenize, at the test server's /with-tokenize prefix), the
 * count is the server's own, labelled "exact, from the server", and follows edits; elsewhere a
 * non-OpenAI model's count is labelled "estimate", and an OpenAI model's is not labelled.
 * The count is asked of the configured endpoint only (or the app's proxy for it): the fixture
 * fails any request elsewhere, and the paths are checked here.
 */
import type { Page, Request } from "@playwright/test";
import { test, expect } from "./fixtures/test.ts";
import { editor, expectPreviewCurrent, openEditorTab, openStudio, parseCount, preview, totalTokens } from "./helpers/studio.ts";
import { addProfile, banner, setModel } from "./helpers/runs.ts";
import { chatPromptTokens } from "./server/tokenize-route.ts";

const WITH_TOKENIZE = "http://127.0.0.1:5392/with-tokenize/v1";
const label = (page: Page) => totalTokens(page).locator("[data-count-basis]");
const meterTokens = (page: Page) => banner(page).getByRole("status", { name: "Request meter" }).getByTestId("meter-tokens");

/** The server's count of the body the preview shows (its raw body, with this test server's tokenizer). */
async function expectedServerCount(page: Page): Promise<number> {
  await preview(page).getByRole("button", { name: "Raw body", exact: true }).click();
  const body = JSON.parse(await preview(page).getByTestId("raw-body").innerText()) as { messages: { role: string; content: string }[] };
  await preview(page).getByRole("button", { name: "Messages", exact: true }).click();
  return chatPromptTokens(body.messages);
}

const countingPaths = (requests: Request[]) =>
  requests
    .filter((r) => r.method() === "POST" && !r.url().endsWith("/chat/completions"))
    .map((r) => new URL(r.url()))
    .filter((u) => u.port === "5392" || u.pathname.startsWith("/api/proxy/"))
    .map((u) => `${u.host}${u.pathname}`);

test("a llama.cpp server with /tokenize: the preview and the meter show its exact count, and follow an edit", async ({ page, requests }) => {
  await openStudio(page);
  // No profile yet: the contract's gpt-4o-mini is counted with OpenAI's own tokenizer, no label.
  const local = parseCount(await totalTokens(page).innerText());
  await expect(label(page)).toHaveCount(0);

  await addProfile(page, { name: "llama.cpp with tokenize", baseUrl: WITH_TOKENIZE, model: "tiny-llama" });
  await expectPreviewCurrent(page);
  await expect(label(page)).toHaveText("exact, from the server");
  const exact = await expectedServerCount(page);
  expect(exact).not.toBe(local);
  await expect(totalTokens(page)).toContainText(`${exact.toLocaleString("en-US")} tokens`);
  await expect(meterTokens(page)).toHaveText(exact.toLocaleString("en-US"));
  await expect(banner(page).getByRole("status", { name: "Request meter" })).toContainText("exact");

  await openEditorTab(page, "Task");
  const instruction = editor(page).getByRole("textbox", { name: "Task instruction" });
  await instruction.click();
  await instruction.press("ControlOrMeta+End");
  await page.keyboard.insertText(" Also list every product the customer mentions, by SKU.");
  await expectPreviewCurrent(page);
  const after = await expectedServerCount(page);
  expect(after).toBeGreaterThan(exact);
  await expect(totalTokens(page)).toContainText(`${after.toLocaleString("en-US")} tokens`);
  await expect(label(page)).toHaveText("exact, from the server");
  await expect(meterTokens(page)).toHaveText(after.toLocaleString("en-US"));

  // Probed once (input_tokens is not there, /tokenize with messages answers []), then only the
  // template and /tokenize, all at the configured server's root.
  const paths = countingPaths(requests);
  expect(paths.slice(0, 4)).toEqual([
    "127.0.0.1:5392/with-tokenize/v1/chat/completions/input_tokens",
    "127.0.0.1:5392/with-tokenize/tokenize",
    "127.0.0.1:5392/with-tokenize/apply-template",
    "127.0.0.1:5392/with-tokenize/tokenize",
  ]);
  expect(paths.filter((p) => p.endsWith("/input_tokens"))).toHaveLength(1);
  expect(paths.every((p) => p.startsWith("127.0.0.1:5392/with-tokenize/"))).toBe(true);
});

test("a server without a tokenize endpoint: a non-OpenAI model's count is an estimate; an OpenAI model's is not labelled", async ({ page, requests }) => {
  await openStudio(page);
  const local = parseCount(await totalTokens(page).innerText());
  await addProfile(page, { name: "Test server", model: "llama-3.1-8b" });
  await expectPreviewCurrent(page);
  // The probe went to the configured server and found nothing there.
  await expect.poll(() => countingPaths(requests)).toEqual(["127.0.0.1:5392/v1/chat/completions/input_tokens", "127.0.0.1:5392/tokenize"]);
  await expect(label(page)).toHaveText("estimate");
  await expect(label(page)).toHaveAttribute("title", /o200k_base.*llama-3\.1-8b tokenizes differently \(the server offers no tokenize endpoint\)/);
  await expect(preview(page).getByRole("region", { name: "Token counts" })).toContainText("Tokens by section (o200k_base, estimate)");
  expect(parseCount(await totalTokens(page).innerText())).toBe(local);
  await expect(meterTokens(page)).toHaveText(local.toLocaleString("en-US"));
  await expect(banner(page).getByRole("status", { name: "Request meter" })).toContainText(`~${local.toLocaleString("en-US")}`);

  await setModel(page, "gpt-4o-mini");
  await expectPreviewCurrent(page);
  await expect(label(page)).toHaveCount(0);
  await expect(banner(page).getByRole("status", { name: "Request meter" })).not.toContainText("~");
});

test("through the app's proxy, the count goes to the proxy for the configured server and is exact", async ({ page, requests }) => {
  await openStudio(page);
  await addProfile(page, { name: "No CORS, via proxy", baseUrl: "http://127.0.0.1:5392/nocors/with-tokenize/v1", useProxy: true, model: "tiny-llama" });
  await expectPreviewCurrent(page);
  await expect(label(page)).toHaveText("exact, from the server");
  await expect(totalTokens(page)).toContainText(`${(await expectedServerCount(page)).toLocaleString("en-US")} tokens`);
  const paths = countingPaths(requests);
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.every((p) => p.startsWith("127.0.0.1:5391/api/proxy/"))).toBe(true);
});
