/**
 * `contract traffic` and `contract dataset` as a user runs them: the built bin as a real
 * process, a log written to a temporary folder, exit codes, stdout and stderr.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, contractForTest } from "../assemble.ts";
import { parseContract, serializeContract } from "../parse.ts";
import { cliCommand } from "./cli-process.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const GROUNDED = join(ROOT, "contracts/examples/grounded-answer.contract.json");

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const [cmd, argv] = cliCommand(args);
    execFile(cmd, argv, { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === "number" ? error.code : 99) : 0, stdout, stderr }),
    );
  });
}

const grounded = (() => {
  const r = parseContract(readFileSync(GROUNDED, "utf8"));
  if (!r.ok) throw new Error("example does not parse");
  return r.value;
})();

describe("contract traffic", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-traffic-"));
  const log = join(dir, "prod.jsonl");
  const { contract, inputs } = contractForTest(grounded, grounded.tests[0]!);
  const request = assemble(contract, inputs, { countTokens: false }).request;
  const line = (content: string, ms: number) => JSON.stringify({ request, response: { choices: [{ message: { content } }] }, latency_ms: ms });
  writeFileSync(
    log,
    [line("SECRET-LOG-TEXT 30 days [kb-retention-2].", 100), "not json", line("I don't know based on the help-centre articles I have.", 300)].join("\n") + "\n",
  );

  it("prints the figures, names the malformed line by number, and prints nothing of the log's text", async () => {
    const r = await cli("traffic", GROUNDED, "--log", log);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^records\s+2$/m);
    expect(r.stdout).toMatch(/^matched \(task and system\)\s+2 of 2$/m);
    expect(r.stdout).toMatch(/^"I don't know" rate\s+50\.0% \(1 of 2\)$/m);
    expect(r.stdout).toMatch(/^latency p50\/p95\/p99\s+200 ms \/ 290 ms \/ 298 ms$/m);
    expect(r.stderr).toMatch(/prod\.jsonl:2: not valid JSON/);
    expect(r.stdout + r.stderr).not.toContain("SECRET-LOG-TEXT");
  });

  it("gives the report as JSON with --json, and exit 2 for a missing log", async () => {
    const r = await cli("traffic", GROUNDED, "--log", log, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { figures: { records: number }; errors: { line: number }[]; kept?: unknown };
    expect([report.figures.records, report.errors.map((e) => e.line), report.kept]).toEqual([2, [2], undefined]);
    const missing = await cli("traffic", GROUNDED, "--log", join(dir, "nope.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.jsonl: cannot read the log");
    expect((await cli("traffic", GROUNDED)).code).toBe(2);
  });
});

describe("contract dataset", () => {
  it("writes only the approved dev cases and says which were left out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-dataset-"));
    const [a, b] = grounded.tests;
    const file = join(dir, "c.contract.json");
    const withRefs = {
      ...grounded,
      tests: [
        { ...a!, reference: { answer: "DEV-REF", source: "" } },
        { ...b!, split: "holdout" as const, reference: { answer: "HOLDOUT-REF", source: "" } },
      ],
    };
    writeFileSync(file, serializeContract(withRefs));
    const r = await cli("dataset", file);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).messages.at(-1)).toEqual({ role: "assistant", content: "DEV-REF" });
    expect(r.stdout).not.toContain("HOLDOUT-REF");
    expect(r.stderr).toContain(`left out: ${b!.id}: holdout case`);
    const out = await cli("dataset", file, "--out", dir);
    expect(out.code).toBe(0);
    expect(readFileSync(join(dir, "grounded-answer.fine-tuning.jsonl"), "utf8")).toBe(r.stdout);
  });
});
