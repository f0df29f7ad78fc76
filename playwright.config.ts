import { defineConfig } from "@playwright/test";

/**
 * e2e tests run the built app (vite preview) and a real OpenAI-compatible test server
 * (e2e/server), both on 127.0.0.1. Browsers come from Debian's chromium: Playwright cannot
 * download its own here. Ports are unusual on purpose: reuseExistingServer would silently
 * pick up anything already listening on a common one.
 */
export const APP_PORT = 5391;
export const LLM_PORT = 5392;
const CI = !!process.env.CI;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: CI,
  reporter: CI ? [["list"], ["json", { outputFile: "reports/playwright.json" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    // CI keeps only stdout, so a trace there would be recorded for nobody (and costs CPU per action).
    trace: CI ? "off" : "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
      env: { E2E_NO_COMPRESSION: "1" },
      url: `http://127.0.0.1:${APP_PORT}`,
      reuseExistingServer: !CI,
      timeout: 60_000,
    },
    {
      command: `npx tsx e2e/server/start.ts --port ${LLM_PORT}`,
      url: `http://127.0.0.1:${LLM_PORT}/v1/models`,
      reuseExistingServer: !CI,
      timeout: 60_000,
    },
  ],
});
