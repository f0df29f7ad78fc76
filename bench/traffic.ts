/**
 * Importing a production log (issue 11's figure): 100,000 JSONL lines of the grounded-answer
 * example's requests (a different question on every line, its four cases' packets in turn) with
 * answers, latency, usage and cost, one malformed line in 1,000 and one free-form chat in 50.
 * The file is read as a stream (64 KB chunks, as the CLI and the worker do), never whole; the
 * peak RSS, sampled every 20 ms, is compared with the file's size to show it. Two passes: reduced
 * to metrics, and keeping the bodies of the first 1,000 records (the app's default).
 * BENCH_QUICK=1 imports 5,000 lines so CI can keep the bench from rotting without timing it.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { assemble, contractForTest } from "../contracts/assemble.ts";
import { exampleContracts } from "../contracts/examples/index.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { importTraffic, type KeepMode, type TrafficReport } from "../contracts/traffic/import.ts";

const ANSWERS = [
  "Files stay available for 30 days after the billing period ends [kb-retention-2].\n\nSources: kb-retention-2",
  "I can't give tax advice, but I can explain how Lumen Cloud shows VAT on your invoices.",
  "I don't know based on the help-centre articles I have.",
];

async function writeLog(path: string, contract: Contract, lines: number): Promise<void> {
  const bodies = contract.tests.map((t) => contractForTest(contract, t));
  const out = createWriteStream(path);
  for (let i = 1; i <= lines; i++) {
    let line: string;
    if (i % 1000 === 0) line = `{"request": {"messages": [truncated by the logger`;
    else if (i % 50 === 0)
      line = JSON.stringify({
        request: { model: "gpt-x", messages: [{ role: "user", content: `free chat ${i}` }] },
        response: { choices: [{ message: { content: "Hi" } }] },
      });
    else {
      const b = bodies[i % bodies.length]!;
      const request = assemble(b.contract, { ...b.inputs, question: `Question ${i}: how long do you keep my files?` }, { countTokens: false }).request;
      line = JSON.stringify({
        request,
        response: {
          model: "gpt-x",
          choices: [{ message: { role: "assistant", content: ANSWERS[i % ANSWERS.length] }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1500, completion_tokens: 40 + (i % 60) },
        },
        latency_ms: 300 + ((i * 7919) % 2000),
        cost_usd: 0.0004 + (i % 13) / 100000,
        timestamp: new Date(1764700000000 + i * 1000).toISOString(),
      });
    }
    if (!out.write(line + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function timed(path: string, contract: Contract, keep: KeepMode): Promise<{ report: TrafficReport; seconds: number; peakMb: number; growthMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const report = await importTraffic(createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 }), contract, { keep, maxKept: 1000 });
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { report, seconds, peakMb: peak / 1e6, growthMb: (peak - before) / 1e6 };
  } finally {
    clearInterval(sampler);
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export async function benchTraffic(): Promise<Record<string, number | string>> {
  const lines = process.env.BENCH_QUICK ? 5000 : 100_000;
  const contract = exampleContracts().find((c) => c.id === "grounded-answer")!;
  const dir = mkdtempSync(join(tmpdir(), "bench-traffic-"));
  try {
    const path = join(dir, "log.jsonl");
    await writeLog(path, contract, lines);
    const size = statSync(path).size;
    const metrics = await timed(path, contract, "metrics");
    const bodies = await timed(path, contract, "bodies");
    const f = metrics.report.figures;
    if (f.lines !== lines || f.malformed !== lines / 1000) throw new Error(`read ${f.lines} lines, ${f.malformed} malformed`);
    return {
      lines,
      "file, MB": r1(size / 1e6),
      "records / malformed": `${f.records} / ${f.malformed}`,
      "matched to the contract (task and system)": f.matched.both,
      "metrics only: time, s": Math.round(metrics.seconds * 100) / 100,
      "metrics only: lines per second": Math.round(lines / metrics.seconds),
      "metrics only: peak RSS, MB": Math.round(metrics.peakMb),
      "metrics only: RSS growth, MB": Math.round(metrics.growthMb),
      "bodies (first 1,000 kept): time, s": Math.round(bodies.seconds * 100) / 100,
      "bodies (first 1,000 kept): peak RSS, MB": Math.round(bodies.peakMb),
      "bodies (first 1,000 kept): RSS growth, MB": Math.round(bodies.growthMb),
      "verified byte for byte (of kept)": `${bodies.report.kept.filter((k) => k.verified).length} / ${bodies.report.kept.length}`,
      "refusal / unknown rate": `${r1((f.refusal.rate ?? 0) * 100)}% / ${r1((f.unknown.rate ?? 0) * 100)}%`,
      "latency p50 / p95 / p99, ms": [f.latencyMs?.p50, f.latencyMs?.p95, f.latencyMs?.p99].map((x) => Math.round(x ?? 0)).join(" / "),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run on its own: `npx tsx bench/traffic.ts`.
if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchTraffic());
