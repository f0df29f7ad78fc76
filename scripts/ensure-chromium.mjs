// Makes sure a Chromium for Playwright exists. Playwright cannot download its own browsers
// here, so the e2e tests use Debian's package. Installs it with apt when run as root.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (process.env.CHROMIUM_PATH || !isRoot || !existsSync("/usr/bin/apt-get")) {
  console.error(`No Chromium at ${path}. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) ` + `or set CHROMIUM_PATH to a Chromium/Chrome binary.`);
  process.exit(1);
}
console.log("Installing Debian's chromium for the browser tests (apt-get, about 30 s)...");
execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
