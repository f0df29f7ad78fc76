/**
 * The summary `contract test` and `contract merge-reports` print: per contract file, a table
 * with one row per target × model × split (summary.ts's rows, so the app shows the same
 * figures), the baseline verdicts, the failures with their reasons, and the gate's sentence.
 * Plain text, fixed-width columns, no colour (CI logs keep it readable).
 */
import { formatCount, formatMs, formatUsd } from "../format-figures.ts";
import type { Interval } from "../eval/stats.ts";
import { summarize, type SummaryRow } from "../eval/summary.ts";
import type { Gate } from "./gate.ts";
import { classifyForSuite, type TestReport } from "./report.ts";

const pct = (x: number) => `${Math.round(x * 100)}%`;
const rate = (i: Interval | null) => (i ? pct(i.estimate) : "—");
const rateWithInterval = (i: Interval | null) => (i ? `${pct(i.estimate)} [${pct(i.lower)}–${pct(i.upper)}]` : "—");

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function summaryRows(rows: readonly SummaryRow[], names: { target: (id: string) => string; endpoint: (id: string) => string }): string[] {
  const head = ["target · model", "split", "cases", "pass rate [95% CI]", "schema", "refusal", "idk", "errors", "p50", "p95", "tokens", "cost"];
  const body = rows.map((r) => [
    `${names.target(r.targetId)} · ${names.endpoint(r.endpointId)}`,
    r.split,
    String(r.cases),
    `${rateWithInterval(r.passRate)} (${r.passed}/${r.answered})`,
    rate(r.schemaAdherence),
    rate(r.refusalRate),
    rate(r.idkRate),
    String(r.errors),
    r.latencyMs.p50 === null ? "—" : formatMs(r.latencyMs.p50),
    r.latencyMs.p95 === null ? "—" : formatMs(r.latencyMs.p95),
    formatCount(r.tokens.total),
    r.costUsd ? formatUsd(r.costUsd.total) : "—",
  ]);
  return table([head, ...body]);
}

export interface SummaryTextOptions {
  /** Most failures listed per contract file (default 50); the JSON report has all of them. */
  maxFailures?: number;
}

export function summaryText(report: TestReport, gate: Gate, options: SummaryTextOptions = {}): string {
  const max = options.maxFailures ?? 50;
  const lines: string[] = [];
  report.suites.forEach((suite, i) => {
    const g = gate.suites[i]!;
    const targetName = (id: string) => suite.targets.find((t) => t.id === id)?.name ?? id;
    const endpointModel = (id: string) => suite.endpoints.find((e) => e.id === id)?.model ?? id;
    lines.push("", `${suite.file} (${suite.contractId})`);
    const rows = summarize(suite.results, { classify: classifyForSuite(suite) });
    // One split only: the "all" row says the same again.
    const splits = new Set(rows.map((r) => r.split));
    const shown = splits.size === 2 ? rows.filter((r) => r.split !== "all") : rows;
    lines.push(...summaryRows(shown, { target: targetName, endpoint: endpointModel }).map((l) => `  ${l}`));
    for (const { endpointId, comparison } of g.comparisons) {
      const all = comparison.splits.find((s) => s.split === "all");
      if (!all) continue;
      const model = suite.endpoints.length > 1 ? ` on ${endpointModel(endpointId)}` : "";
      lines.push(
        `  against ${targetName(suite.baseline!)}${model}: ${all.verdict.text}; ${all.regressions.length} regression${all.regressions.length === 1 ? "" : "s"}, ${all.fixes.length} fix${all.fixes.length === 1 ? "" : "es"} over ${all.pairedCases} paired case${all.pairedCases === 1 ? "" : "s"}`,
      );
      for (const s of comparison.splits) if (s.split !== "all" && s.verdict.kind === "worse") lines.push(`    ${s.split}: ${s.verdict.text}`);
      for (const r of all.regressions.slice(0, max)) lines.push(`    regression ${r.caseId}: ${r.reasons.join("; ") || "failed"}`);
    }
    if (g.missing) lines.push(`  ${g.missing} cell${g.missing === 1 ? "" : "s"} of the plan have no result (a shard's report is missing)`);
    if (g.failures.length) {
      lines.push(`  failures (${g.failures.length}):`);
      for (const f of g.failures.slice(0, max)) {
        const where = [suite.endpoints.length > 1 ? endpointModel(f.endpointId) : null, f.repeat ? `repeat ${f.repeat + 1}` : null].filter(Boolean).join(", ");
        lines.push(`    ${f.mustPass ? "[must-pass] " : ""}${f.caseId}${where ? ` (${where})` : ""}: ${f.reasons.join("; ")}`);
      }
      if (g.failures.length > max) lines.push(`    … and ${g.failures.length - max} more (all of them are in the JSON report)`);
    }
  });
  lines.push("", `${gate.exitCode === 0 ? "PASS" : "FAIL"}: ${gate.reason}`);
  return lines.join("\n") + "\n";
}
