/**
 * For tests: how to start the CLI as a real process, the way a user does: the built bundle
 * (dist-cli/contract.mjs, what the package's `contract` bin points at), not the TypeScript
 * source. Vitest's global setup (test-setup.ts) builds it once per test run when it is stale.
 */
import { resolve } from "node:path";

export const CLI_ROOT = resolve(import.meta.dirname, "../..");
export const CLI_BIN = resolve(CLI_ROOT, "dist-cli/contract.mjs");

/** The command and arguments that run `contract ...args`. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, [CLI_BIN, ...args]];
}
