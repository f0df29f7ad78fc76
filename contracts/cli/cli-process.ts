/**
 * For tests: how to start the CLI as a real process. Node with tsx's loader, not `npx tsx`:
 * npx costs most of a second per start, and the CLI tests start about thirty processes.
 */
import { resolve } from "node:path";

export const CLI_ROOT = resolve(import.meta.dirname, "../..");

/** The command and arguments that run `npm run contract -- ...args`. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, ["--import", "tsx", "contracts/cli/main.ts", ...args]];
}
