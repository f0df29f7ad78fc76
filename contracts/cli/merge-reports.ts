/**
 * `contract merge-reports a.json b.json ... [--json all.json] [--junit all.xml]`: the shard
 * reports of one `contract test --shard i/n` matrix merged into the report, summary and exit
 * code one unsharded run gives (contracts/reports/merge.ts, gate.ts). A plan cell with no
 * result (a shard's report missing) is exit 2: the run is not complete, so it cannot pass.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { mergeReports } from "../reports/merge.ts";
import { parseReport, type TestReport } from "../reports/report.ts";
import { UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";
import { expandFileArgs } from "./glob.ts";
import { finishReport } from "./test.ts";
import { cliVersion } from "./version.ts";

const USAGE = `usage: contract merge-reports REPORT.json... [--json FILE] [--junit FILE]
  Merges the JSON reports of \`contract test --shard i/n\` runs (files or globs) and prints the
  summary and exit code one unsharded run would give.
  --json FILE     write the merged JSON report
  --junit FILE    write JUnit XML of the merged report
  Exit 2 when a cell of the plan has no result in any report (a shard is missing).
`;

export const mergeReportsCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const stdout = (t: string) => void process.stdout.write(t);
    const stderr = (t: string) => void process.stderr.write(t);
    let values;
    let files: string[];
    try {
      const parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: "string" }, junit: { type: "string" } } });
      values = parsed.values;
      if (!parsed.positionals.length) throw new UsageError("missing FILE (the shard reports, .json)");
      const expanded = await expandFileArgs(parsed.positionals);
      if (!expanded.ok) throw new UsageError(expanded.message);
      files = expanded.files;
    } catch (e) {
      stderr(usageMessage("merge-reports", e, USAGE));
      return EXIT.usage;
    }
    const reports: TestReport[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        stderr(`${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "cannot read"}\n`);
        return EXIT.usage;
      }
      const parsed = parseReport(text);
      if (!parsed.ok) {
        for (const e of parsed.errors) stderr(`${file}: ${e.path}: ${e.message}\n`);
        return EXIT.usage;
      }
      reports.push(parsed.report);
    }
    const merged = mergeReports(reports, { tool: cliVersion(), now: new Date().toISOString() });
    if (!merged.ok) {
      for (const e of merged.errors) stderr(`${e.path}: ${e.message}\n`);
      return EXIT.usage;
    }
    const code = await finishReport(merged.report, { json: values.json, junit: values.junit, stdout, stderr });
    const missing = merged.report.suites.reduce((n, s) => n + s.cells.length - s.results.length, 0);
    if (missing) {
      const counts = merged.report.shards?.[0]?.count;
      const have = merged.report.shards?.map((s) => s.index).join(", ");
      stderr(`${missing} cell${missing === 1 ? " has" : "s have"} no result${counts ? ` (shards ${have} of ${counts} given)` : ""}: the run is not complete\n`);
      return EXIT.usage;
    }
    return code;
  },
};
