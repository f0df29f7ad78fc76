/**
 * The package version `contract --version` prints. The build (scripts/build-cli.mjs) writes it
 * into the bundle, so the built CLI reads no file; from source (tsx, tests) it reads package.json.
 */
import { readFileSync } from "node:fs";

declare const __CONTRACT_VERSION__: string | undefined;

export function cliVersion(): string {
  if (typeof __CONTRACT_VERSION__ === "string") return __CONTRACT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
