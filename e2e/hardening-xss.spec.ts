/**
 * Issue 10 part 5: XSS and exfiltration payloads (e2e/server/payloads.ts) in a model's answer
 * (the test server's test-payload-all), in context items, names, variable values and policy
 * text of an imported file, and in a share link, shown in every editor tab, the preview and
 * the run view. A payload that runs calls __pwned(N) or alert(N); one that leaks asks for
 * evil.example. The test counts calls and dialogs; the fixture fails on any request off
 * 127.0.0.1 and on any CSP violation (a payload the sanitizer missed but the policy stopped).
 */
import type { Page } from "@playwright/test";
import { encodeShare } from "../contracts/share.ts";
import { parseContract } from "../contracts/parse.ts";
import { test, expect } from "./fixtures/test.ts";
import { addProfile, answer, runUntil } from "./helpers/runs.ts";
import { contractList, importInput, openEditorTab, openStudio, preview } from "./helpers/studio.ts";
import { PAYLOADS } from "./server/payloads.ts";
import { writeHardeningRows } from "./hardening-report.ts";
import type { Row } from "./hardening/figures.ts";
import meetingNotes from "../contracts/examples/meeting-notes.contract.json" with { type: "json" };

interface Seen {
  calls: number[];
  dialogs: string[];
}

async function watch(page: Page): Promise<Seen> {
  const seen: Seen = { calls: [], dialogs: [] };
  await page.context().exposeBinding("__pwned", (_s, n: number) => void seen.calls.push(n));
  page.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  return seen;
}

/** A contract carrying every payload in its names, policy, variables and context. */
function payloadContract(id: string) {
  const base = structuredClone(meetingNotes) as Record<string, unknown> & {
    policy: { rules: string[]; role: string };
    task: { instruction: string };
    variables: { name: string; description: string; testValue?: unknown; type: string }[];
    context: { items: unknown[] };
  };
  base.id = id;
  base.name = `Payloads ${PAYLOADS[1]}`;
  base.description = PAYLOADS.join("\n");
  base.policy.role = PAYLOADS[0]!;
  base.policy.rules = PAYLOADS.slice(0, 50);
  // Not the {{…}} ones: in an instruction they are placeholders, which must name a variable.
  base.task.instruction = `${base.task.instruction}\n\n${PAYLOADS.filter((p) => !p.includes("{{")).join("\n")}`;
  for (const v of base.variables) {
    v.description = PAYLOADS[2]!;
    if (v.type === "string") v.testValue = PAYLOADS.join("\n");
  }
  base.context.items = PAYLOADS.map((p, i) => ({
    id: `x-${i}`,
    label: p.slice(0, 200),
    kind: "document",
    source: p.slice(0, 200),
    content: p,
    trusted: i % 2 === 0,
  }));
  return base;
}

/** One row per test, in its own file: tests of this spec may run in different workers. */
const record = (name: string, tried: string, count: number, seen: Seen, t0: number) =>
  writeHardeningRows(`5-xss-${name}`, [
    {
      part: "5 output rendering",
      tried,
      count,
      failures: seen.calls.length + seen.dialogs.length,
      figure: `${seen.calls.length} scripts ran, ${seen.dialogs.length} dialogs (a request off 127.0.0.1 fails the test)`,
      ms: Date.now() - t0,
    } satisfies Row,
  ]);

test("the built app is served with an enforcing Content Security Policy", async ({ page }) => {
  const res = await page.goto("/");
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self'( 'unsafe-eval')?;/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).toMatch(/connect-src 'self' [^;]*https:/);
  expect(res?.headers()["content-security-policy-report-only"]).toBeUndefined();
});

test("payloads in an imported file: names, policy, task, variables and context items, in every tab and the preview", async ({ page }) => {
  const t0 = Date.now();
  const seen = await watch(page);
  await openStudio(page);
  const contract = payloadContract("xss-import");
  expect(parseContract(contract).ok, "the payload contract is a valid file").toBe(true);
  await importInput(page).setInputFiles({
    name: "xss-import.contract.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(contract, null, 2)),
  });
  await expect(contractList(page).getByRole("button", { name: /xss-import/ })).toBeVisible();
  for (const tab of ["Policy", "Task", "Context", "Output", "Tests", "Raw"] as const) {
    await openEditorTab(page, tab);
    await expect(page.getByRole("main", { name: "Editor" })).toBeVisible();
  }
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(preview(page))
    .toContainText("Payload", { timeout: 20_000 })
    .catch(() => {});
  await expect(preview(page)).toContainText("evil.example");
  for (const tab of ["Review", "Diff", "Suite"]) await page.getByRole("tab", { name: tab, exact: true }).click();
  record(
    "import",
    "imported file: name, description, policy, task, variable values, context items (content, label, source); every tab",
    PAYLOADS.length,
    seen,
    t0,
  );
  expect(seen.calls, "payloads that ran").toEqual([]);
  expect(seen.dialogs, "dialogs opened").toEqual([]);
});

test("payloads in a share link", async ({ page }) => {
  const t0 = Date.now();
  const seen = await watch(page);
  await openStudio(page);
  const parsed = parseContract(payloadContract("xss-share"));
  if (!parsed.ok) throw new Error("invalid payload contract");
  await page.goto(`/#share=${encodeShare(parsed.value)}`);
  const offer = page.getByRole("dialog", { name: "Import a shared contract?" });
  await expect(offer).toContainText("Payloads");
  await offer
    .getByRole("button", { name: /Import/ })
    .first()
    .click();
  await expect(contractList(page).getByRole("button", { name: /xss-share/ })).toBeVisible();
  await openEditorTab(page, "Context");
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(preview(page)).toContainText("evil.example");
  record("share", "share link (the offer dialog, then the imported contract)", PAYLOADS.length, seen, t0);
  expect(seen.calls).toEqual([]);
  expect(seen.dialogs).toEqual([]);
});

/*
 * Without the page's CSP: Chromium reports a script-src-attr violation whenever HTML with an
 * inline handler is merely parsed, even into an inert <template> or a DOMParser document where
 * nothing can run, and the sanitizer (markdown.ts, DOMPurify) has to parse the answer's raw HTML
 * to remove the handlers. So under the policy every such payload is a report, not a run. Here
 * the sanitizer alone must hold: nothing runs, and the rendered answer carries no handler.
 */
test.describe("without the CSP, so the sanitizer alone is tested", () => {
  test.use({ bypassCSP: true });
  test("payloads in a model's answer, rendered as Markdown in the run view", async ({ page }) => {
    const t0 = Date.now();
    const seen = await watch(page);
    await openStudio(page);
    // A text contract without max_tokens, so the whole answer (all payloads) arrives.
    const plain = {
      ...structuredClone(meetingNotes),
      id: "xss-answer",
      name: "Payload answers",
      output: { kind: "text" },
      model: { model: "test-payload-all" },
    };
    await importInput(page).setInputFiles({ name: "xss-answer.contract.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plain)) });
    await expect(contractList(page).getByRole("button", { name: /xss-answer/ })).toBeVisible();
    await addProfile(page, { model: "test-payload-all" });
    await runUntil(page, "Completed", 30_000);
    await expect(answer(page)).toContainText("Payload 0:");
    // Nothing in the rendered answer may carry an event handler or a script URL (CSP would stop it
    // here, but the sanitizer must not rely on that).
    const live = await answer(page).evaluate((root) =>
      [...root.querySelectorAll("*")]
        .filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value)))
        .map((el) => el.outerHTML.slice(0, 200)),
    );
    expect(live, "rendered elements with handlers or script URLs").toEqual([]);
    record(
      "answer",
      "model answer (test-payload-all: every payload in one answer), CSP bypassed so the sanitizer alone holds; no handler in the rendered DOM",
      PAYLOADS.length,
      seen,
      t0,
    );
    expect(seen.calls).toEqual([]);
    expect(seen.dialogs).toEqual([]);
  });
});
