import { defineConfig } from "vitest/config";

const CI = !!process.env.CI;

export default defineConfig({
  test: {
    // Playwright specs live in e2e/ and must not be picked up here.
    include: [
      "contracts/**/*.test.ts",
      "app/**/*.test.{ts,tsx}",
      "components/**/*.test.{ts,tsx}",
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
      "e2e/server/**/*.test.ts",
      "e2e/pipeline/**/*.test.ts",
    ],
    environment: "node",
    // Builds dist-cli/ when stale: the CLI tests run the built bin, as users do.
    globalSetup: ["contracts/cli/test-setup.ts"],
    testTimeout: 20_000,
    reporters: CI ? ["default", "json"] : ["default"],
    outputFile: CI ? { json: "reports/vitest.json" } : undefined,
  },
});
