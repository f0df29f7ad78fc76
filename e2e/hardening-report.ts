/**
 * Where the browser parts of the hardening suite (issue 10) leave their figures: one JSON file
 * of table rows per part in reports/hardening/, read by e2e/hardening/run.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Row } from "./hardening/figures.ts";

export const HARDENING_REPORT_DIR = process.env.HARDENING_REPORT_DIR ?? join(import.meta.dirname, "../reports/hardening");

export function writeHardeningRows(name: string, rows: Row[]): void {
  mkdirSync(HARDENING_REPORT_DIR, { recursive: true });
  writeFileSync(join(HARDENING_REPORT_DIR, `${name}.json`), JSON.stringify(rows, null, 2));
}
