/**
 * Offline by construction: going through every panel, Monaco included, requests nothing but the
 * app's own origin. (The fixture already fails any test whose page leaves localhost; this one
 * makes sure the heavy paths were actually exercised and names the CDNs explicitly.)
 */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, editor, openEditorTab, openStudio, preview, selectContract } from "./helpers/studio.ts";

const CDN = /jsdelivr|unpkg|cdnjs|esm\.sh|skypack|googleapis|gstatic|cloudflare|fastly/i;

test("every panel, Monaco and the workers load from the app's own origin only", async ({ page, requests, baseURL }) => {
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await openStudio(page);
  for (const ex of EXAMPLES) {
    await selectContract(page, ex.name);
    for (const tab of ["Policy", "Task", "Context", "Output", "Tests", "Raw"] as const) await openEditorTab(page, tab);
  }
  await expect(editor(page).locator(".monaco-editor").first()).toBeVisible();
  for (const tab of ["Run", "Suite", "Review", "Diff", "Preview"]) await preview(page).getByRole("tab", { name: tab, exact: true }).click();
  await page.getByRole("button", { name: /^Commands/ }).click();
  await page.keyboard.press("Escape");

  const urls = requests.map((r) => r.url());
  expect(
    urls.some((u) => /load-monaco-[\w-]+\.js$/.test(u)),
    "Monaco was exercised",
  ).toBe(true);
  expect(
    urls.filter((u) => CDN.test(u)),
    "requests to a CDN",
  ).toEqual([]);
  const origin = new URL(baseURL!).origin;
  const hosts = new Set(urls.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).origin));
  expect([...hosts]).toEqual([origin]);
  // The assembly worker (and Monaco's, once opened) are module workers from the same origin.
  await expect.poll(() => workers.some((w) => /assemble\.worker-[\w-]+\.js$/.test(w))).toBe(true);
  expect(workers.filter((w) => !w.startsWith(origin) && !w.startsWith("blob:"))).toEqual([]);
});
