/**
 * Vitest global setup: build the command line (dist-cli/) once, before any test file starts,
 * when a source is newer than the build. The CLI tests start the built bin as a process, so
 * they test what users run; building here, not in each file, keeps parallel files from
 * racing to build.
 */
import { ensureCliBuilt } from "../../scripts/build-cli.mjs";

export default async function setup(): Promise<void> {
  const line = await ensureCliBuilt();
  if (line) process.stderr.write(`contract CLI: ${line}\n`);
}
