/** `contract run` in-process against the test server (fast), plus one real process for the exit code. */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { createRunCommand } from "./run.ts";
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
    expect(r.stdout).toMatch(/time to first token\s+\d+ ms/);
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
