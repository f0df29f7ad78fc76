/**
 * `contract traffic FILE --log LOG.jsonl [--json]`: the production-log import of the app
 * (contracts/traffic) from a command line, so CI can watch a contract's real traffic: the
 * log is streamed (never read whole), matched to the contract, and its behaviour figures
 * printed (a table, or the report as JSON with --json: figures and malformed lines, no text
 * of the log). Exit 0 when the log was read, 2 on usage errors or an unreadable file.
 */
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { parseArgs } from "node:util";
import { errorLine } from "../errors.ts";
import { formatMs, formatUsd } from "../format-figures.ts";
import { importTraffic, type RateFigure } from "../traffic/import.ts";
import { readContractFile } from "./read-contract.ts";
import { UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";

const USAGE = `usage: contract traffic FILE --log LOG.jsonl [--json]
  Reads a JSONL log of chat requests and responses ({request, response}, {body, response}, …),
  matches each record to the contract FILE and prints the behaviour figures: schema adherence,
  refusal and "I don't know" rates, latency, tokens and cost percentiles where logged.
  Malformed lines are listed by number. Nothing of the log's text is printed.
  --log LOG     the log file (JSON Lines, one record a line)
  --json        the report as JSON on stdout instead of a table
`;

const pct = (r: RateFigure | null) => (!r || r.rate === null ? "n/a" : `${(r.rate * 100).toFixed(1)}% (${r.count} of ${r.of})`);

export const trafficCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { log: { type: "string" }, json: { type: "boolean", default: false } } });
      if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one contract FILE" : "missing FILE");
      if (!parsed.values.log) throw new UsageError("missing --log LOG.jsonl");
    } catch (e) {
      process.stderr.write(usageMessage("traffic", e, USAGE));
      return EXIT.usage;
    }
    const read = await readContractFile(parsed.positionals[0]!);
    if (read.kind === "unreadable") {
      process.stderr.write(`${read.message}\n`);
      return EXIT.usage;
    }
    if (read.kind === "invalid") {
      for (const e of read.errors) process.stderr.write(`${errorLine(e)}\n`);
      return EXIT.usage;
    }
    const log = parsed.values.log;
    try {
      await access(log);
    } catch {
      process.stderr.write(`${log}: cannot read the log (no such file, or no permission)\n`);
      return EXIT.usage;
    }
    const report = await importTraffic(createReadStream(log, { encoding: "utf8", highWaterMark: 64 * 1024 }), read.contract, { keep: "metrics" });
    if (parsed.values.json) {
      const { kept: _none, ...rest } = report;
      process.stdout.write(JSON.stringify(rest, null, 2) + "\n");
      return EXIT.ok;
    }
    const f = report.figures;
    const rows: [string, string][] = [
      ["lines", String(f.lines)],
      ["records", String(f.records)],
      ["malformed lines", String(f.malformed)],
      ["matched (task and system)", `${f.matched.both} of ${f.records}`],
      ["task template only", String(f.matched.task - f.matched.both)],
      ["not matched", String(f.matched.none)],
      ["schema adherence", f.adherence ? pct(f.adherence) : "n/a (free-text output)"],
      ["refusal rate", pct(f.refusal)],
      [`"I don't know" rate`, pct(f.unknown)],
      ["latency p50/p95/p99", f.latencyMs ? `${formatMs(f.latencyMs.p50)} / ${formatMs(f.latencyMs.p95)} / ${formatMs(f.latencyMs.p99)}` : "not logged"],
      ["cost p50/p95/total", f.costUsd ? `${formatUsd(f.costUsd.p50)} / ${formatUsd(f.costUsd.p95)} / ${formatUsd(f.costUsd.total)}` : "not logged"],
      ["tokens p50/p95", f.tokens ? `${f.tokens.p50} / ${f.tokens.p95}` : "not logged"],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n");
    for (const e of report.errors) process.stderr.write(`${log}:${e.line}: ${e.message}\n`);
    if (f.malformed > report.errors.length) process.stderr.write(`… and ${f.malformed - report.errors.length} more malformed lines\n`);
    return EXIT.ok;
  },
};
