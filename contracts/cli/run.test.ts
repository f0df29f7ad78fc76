/** `contract run` in-process against the test server (fast), plus one real process for the exit code. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import type { RunResult } from "../run-case/result.ts";
import { createRunCommand, summary } from "./run.ts";
import { cliCommand } from "./cli-process.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const tmp = mkdtempSync(join(tmpdir(), "contract-run-"));
function contractFile(name: string, output: unknown): string {
  const path = join(tmp, `${name}.contract.json`);
  const contract = {
    format: "contract-studio/contract@1",
    id: name,
    name,
    policy: { role: "You triage support tickets." },
    task: { instruction: "Triage this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string" }],
    output,
  };
  writeFileSync(path, JSON.stringify(contract, null, 2));
  return path;
}
const triage = () =>
  contractFile("triage", {
    kind: "json_schema",
    name: "triage",
    schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
  });

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const command = createRunCommand(() => ({ stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env }));
  const code = await command.run(args);
  return { code, stdout, stderr };
}
const base = () => ["--endpoint", `${server.url}/v1`, "--var", "ticket=App crashes"];

describe("contract run", () => {
  it("streams the answer, prints timings, usage, cost and a kept contract: exit 0", async () => {
    const r = await run([triage(), ...base(), "--model", "test-model", "--input-price", "2.5", "--output-price", "10"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {2}"priority": "low"\n\}/);
    expect(r.stdout).toMatch(/time to first token\s+(\d+ ms|\d+\.\d\d s)/);
    expect(r.stdout).toMatch(/usage\s+\d+ prompt \+ \d+ completion = \d+ tokens \(reported by the endpoint\)/);
    expect(r.stdout).toMatch(/cost\s+\$0\.000\d+/);
    expect(r.stdout).toMatch(/output contract\s+kept/);
  });

  it("exits 1 when the answer breaks the contract, naming the path", async () => {
    const r = await run([triage(), ...base(), "--model", "test-invalid"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN \(1 violation\)/);
    expect(r.stdout).toContain("$.priority: is required but missing");
  });

  it("exits 1 when the answer was cut off at max_tokens, saying so instead of a JSON syntax error", async () => {
    const r = await run([triage(), ...base(), "--model", "test-length"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/finish reason\s+length/);
    expect(r.stdout).toContain("$: cut off at max_tokens (finish_reason length)");
    const json = JSON.parse((await run([triage(), ...base(), "--model", "test-length", "--json"])).stdout);
    expect(json).toMatchObject({ ok: false, verdict: "broken", finishReason: "length" });
  });

  it("checks sections too", async () => {
    const file = contractFile("report", { kind: "sections", sections: [{ heading: "Summary" }, { heading: "Next steps" }] });
    expect((await run([file, ...base(), "--model", "test-model"])).code).toBe(0);
    expect((await run([file, ...base(), "--model", "test-invalid"])).code).toBe(1);
  });

  it("prints one JSON object with --json", async () => {
    const r = await run([triage(), ...base(), "--model", "test-no-usage", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, status: "ok", usageSource: "estimated", validation: { ok: true, violations: [] }, error: null });
    expect(out.timings.ttftMs).toBeTypeOf("number");
  });

  it("exits 3 (endpoint error) with the explained endpoint error on stderr", async () => {
    const r = await run([triage(), ...base(), "--model", "test-401"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/401 Unauthorized/);
    expect(r.stderr).toMatch(/Incorrect API key/);
  });

  it("reports retries on stderr and still succeeds", async () => {
    const r = await run([triage(), ...base(), "--model", "test-500-then-ok"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/retry 1: the endpoint had an error; trying again in 0\.\d s/);
  });

  it("reads the key from the environment, never from a flag", async () => {
    const needsKey = ["--endpoint", `${server.url}/needs-key/v1`, "--var", "ticket=x", "--model", "test-model"];
    expect((await run([triage(), ...needsKey])).code).toBe(3);
    expect((await run([triage(), ...needsKey], { OPENAI_API_KEY: "sk-test" })).code).toBe(0);
    expect((await run([triage(), ...needsKey, "--api-key-env", "MY_KEY"], { MY_KEY: "sk-test" })).code).toBe(0);
    const flag = await run([triage(), ...needsKey, "--api-key", "sk-test"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/not accepted/);
  });

  const lines = (text: string) => text.split("\n");
  const prices = ["--input-price", "2.5", "--output-price", "10"];

  it("a 401 without a key: says no key was sent and to set OPENAI_API_KEY or --api-key-env; prints no usage or cost", async () => {
    const r = await run([triage(), ...base(), "--model", "test-401", ...prices]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      "The endpoint needs an API key. The endpoint answered 401 Unauthorized: the API key is missing, wrong or expired. No key was sent: $OPENAI_API_KEY is not set.",
      "The endpoint said: Incorrect API key provided. You can find your API key in your account settings.",
      "- Set OPENAI_API_KEY to the endpoint's key (export OPENAI_API_KEY=…), or put it in another variable and pass --api-key-env NAME.",
      "- Keys are never taken as a command-line flag, so they stay out of shell history.",
      "",
    ]);
    expect(r.stderr).not.toMatch(/profile/);
    const summaryLines = lines(r.stdout);
    expect(summaryLines.slice(0, 2)).toEqual(["", "---"]);
    expect(summaryLines[2]).toMatch(/^latency {14}(\d+ ms|\d+\.\d\d s)$/);
    expect(summaryLines.slice(3)).toEqual(["finish reason        n/a", ""]);
  });

  it("a 401 with a key: says which variable's key was sent and rejected", async () => {
    const needsKey = ["--endpoint", `${server.url}/needs-key/v1`, "--var", "ticket=x", "--model", "test-model"];
    const r = await run([triage(), ...needsKey, "--api-key-env", "LLAMA_KEY"], { LLAMA_KEY: "sk-wrong" });
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      "The endpoint rejected the API key. The endpoint answered 401 Unauthorized: the API key is missing, wrong or expired. A key was sent (from $LLAMA_KEY).",
      "The endpoint said: Incorrect API key provided. You can find your API key in your account settings.",
      "- Check the key in $LLAMA_KEY: it is the one the endpoint rejected (a llama.cpp server takes the value given to its --api-key).",
      "- Set LLAMA_KEY to the endpoint's key, or pass --api-key-env NAME for another variable (the default is OPENAI_API_KEY).",
      "- Keys are never taken as a command-line flag, so they stay out of shell history.",
      "",
    ]);
    expect(r.stdout).not.toMatch(/usage|cost/);
    const json = JSON.parse((await run([triage(), ...needsKey, "--json"], { OPENAI_API_KEY: "sk-wrong" })).stdout);
    expect(json).toMatchObject({ ok: false, status: "failed", httpStatus: 401, error: { kind: "auth", keySent: true } });
  });

  it("with --no-stream there is no time to first token: no line, and null in --json", async () => {
    const r = await run([triage(), ...base(), "--model", "test-model", "--no-stream", ...prices]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/first token/);
    expect(lines(r.stdout)).toContain("usage                130 prompt + 5 completion = 135 tokens (reported by the endpoint)");
    const json = JSON.parse((await run([triage(), ...base(), "--model", "test-model", "--no-stream", "--json"])).stdout);
    expect(json.request.stream).toBeUndefined();
    expect(json.timings.ttftMs).toBeNull();
    expect(json.timings.outputTokensPerSec).toBeNull();
    // Streamed, the same run has one.
    expect(lines((await run([triage(), ...base(), "--model", "test-model"])).stdout).some((l) => /^time to first token {2}(\d+ ms|\d+\.\d\d s)$/.test(l))).toBe(
      true,
    );
  });

  it("prints the answering model when it differs from the one asked for, and only then", async () => {
    const renamed = await run([triage(), ...base(), "--model", "test-served-as-test-model-2026"]);
    expect(renamed.code).toBe(0);
    expect(lines(renamed.stdout)).toContain("answered by          test-model-2026 (asked for test-served-as-test-model-2026)");
    expect(JSON.parse((await run([triage(), ...base(), "--model", "test-served-as-test-model-2026", "--json"])).stdout).model).toBe("test-model-2026");
    expect((await run([triage(), ...base(), "--model", "test-model"])).stdout).not.toMatch(/answered by/);
  });

  it("prints money with the app's figures: two significant digits, no exponent", async () => {
    const r = await run([triage(), ...base(), "--model", "test-model", ...prices]);
    // 130 prompt tokens at $2.5/M + 5 completion tokens at $10/M = $0.000375, two significant digits
    expect(lines(r.stdout)).toContain("cost                 $0.00038");
  });

  it.each([
    [
      "a long stream: seconds, a grouped rate and count",
      { ttftMs: 850, latencyMs: 12_345, outputTokensPerSec: 1234.56 },
      { promptTokens: 12_000, completionTokens: 14_000, totalTokens: 26_000 },
      0.000099,
      [
        "time to first token  850 ms",
        "latency              12.35 s (1,234.6 tokens/s)",
        "usage                12,000 prompt + 14,000 completion = 26,000 tokens (reported by the endpoint)",
        "cost                 $0.000099",
      ],
    ],
    [
      "a stream too short for a rate: none printed",
      { ttftMs: 3, latencyMs: 5, outputTokensPerSec: 10_000 },
      { promptTokens: 10, completionTokens: 3, totalTokens: 13 },
      1.5,
      [
        "time to first token  3 ms",
        "latency              5 ms",
        "usage                10 prompt + 3 completion = 13 tokens (reported by the endpoint)",
        "cost                 $1.50",
      ],
    ],
  ])("formats figures as the app does: %s", (_name, timings, usage, totalUsd, expected) => {
    const result = {
      model: "m",
      request: { model: "m", messages: [] },
      status: "ok",
      verdict: "kept",
      attempts: 1,
      finishReason: "stop",
      refusal: null,
      timings: { startedAt: 0, totalMs: timings.latencyMs, ...timings },
      usage,
      usageSource: "endpoint",
      cost: { inputUsd: 0, outputUsd: totalUsd, totalUsd },
      validation: { ok: true, violations: [], warnings: [] },
    } as unknown as RunResult;
    expect(lines(summary(result))).toEqual(["", "---", ...expected, "finish reason        stop", "output contract      kept", ""]);
  });

  it.each([
    [["--endpoint", "http://127.0.0.1:1/v1"], /missing FILE/],
    [["x.json"], /missing --endpoint/],
    [["x.json", "--endpoint", "ftp://x"], /http/],
    [["x.json", "--endpoint", "http://127.0.0.1:1/v1", "--input-price", "1"], /both/],
    [["/no/such.contract.json", "--endpoint", "http://127.0.0.1:1/v1"], /no such file/],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("exits with the code as a real process: 1 for a broken contract, 3 when nothing listens", async () => {
    const ROOT = resolve(import.meta.dirname, "../..");
    const exitOf = (args: string[]) =>
      new Promise<number>((done) =>
        execFile(...cliCommand(["run", triage(), ...args]), { cwd: ROOT, timeout: 30_000 }, (error) =>
          done(error ? (typeof error.code === "number" ? error.code : 99) : 0),
        ),
      );
    expect(await exitOf([...base(), "--model", "test-invalid", "--json"])).toBe(1);
    // Port 1 on loopback: connection refused, an error of the network, not of the contract.
    expect(await exitOf(["--endpoint", "http://127.0.0.1:1/v1", "--var", "ticket=x", "--model", "m", "--retries", "0"])).toBe(3);
  });
});
