/**
 * The command line as a user runs it: a real process, its exit code, stdout and stderr.
 * Sequential, with generous timeouts: each run starts Node with tsx, which is slow on a busy
 * two-core CI machine while other test files run in parallel.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cliCommand } from "./cli-process.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const EXAMPLES = join(ROOT, "contracts/examples");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const [cmd, argv] = cliCommand(args);
    execFile(cmd, argv, { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      // A killed process (timeout) has no numeric code; 99 keeps it apart from real exit codes.
      const code = error ? (typeof error.code === "number" ? error.code : 99) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), "contract-cli-"));
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

const minimal = {
  format: "contract-studio/contract@1",
  id: "mini",
  name: "Mini",
  policy: { role: "You answer." },
  task: { instruction: "Greet {{name}} in {{n}} words." },
  variables: [
    { name: "name", type: "string" },
    { name: "n", type: "number", default: 3 },
  ],
  output: { kind: "json_schema", name: "greeting", schema: { type: "object", additionalProperties: false, required: ["g"], properties: { g: { type: "string" } } } },
  model: { model: "gpt-4o-mini" },
};

describe("contract CLI", { timeout: 180_000 }, () => {
  it("validate: a valid file exits 0 with one 'valid' line", async () => {
    const r = await cli("validate", join(EXAMPLES, "support-triage.contract.json"));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/support-triage\.contract\.json: valid/);
  });

  it("validate: an invalid file exits 1 with one `path: sentence` line per error", async () => {
    const bad = file("bad.contract.json", { ...minimal, id: "Bad Id", policy: {}, variables: [{ name: "name", type: "date" }] });
    const r = await cli("validate", bad);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual(expect.arrayContaining(["id: must be a slug like support-triage (lowercase letters, digits, -)", "policy.role: is required"]));
    for (const line of lines) expect(line).toMatch(/^[\w.[\]"]+: \S/);
    expect(r.stdout + r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("validate: malformed JSON and an unknown format exit 1 with the reason", async () => {
    const a = await cli("validate", file("broken.json", '{"format": '));
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/^\(file\): is not valid JSON/);
    const b = await cli("validate", file("future.json", { ...minimal, format: "contract-studio/contract@7" }));
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/^format: unknown format/);
  });

  it("validate: an output schema that does not compile is an error", async () => {
    const r = await cli("validate", file("schema.json", { ...minimal, output: { kind: "json_schema", name: "x", schema: { type: "objekt" } } }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^output\.schema: is not a valid JSON Schema/);
  });

  it("validate: a missing file or no file is a usage error (exit 2)", async () => {
    const a = await cli("validate", join(tmp, "nope.json"));
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/nope\.json: no such file/);
    expect((await cli("validate")).code).toBe(2);
  });

  it("assemble: prints the request body as JSON, with --var typed and --model applied", async () => {
    const r = await cli("assemble", file("mini.contract.json", minimal), "--var", "name=Ada Lovelace", "--var", "n=5", "--model", "llama3.1");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.model).toBe("llama3.1");
    expect(body.messages[1].content).toMatch(/^Greet Ada Lovelace in 5 words\./);
    expect(body.response_format.type).toBe("json_schema");
    expect(r.stderr).toMatch(/tokens: \d+ prompt tokens/);
  });

  it("assemble: warnings go to stderr and do not fail", async () => {
    const r = await cli("assemble", file("mini2.contract.json", minimal), "--var", "name=Ada", "--var", "extra=1");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: variables: input 'extra'/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("assemble: a missing required variable or a mistyped one exits 1 with the errors", async () => {
    const path = file("mini3.contract.json", minimal);
    const a = await cli("assemble", path);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe("");
    expect(a.stderr).toMatch(/^variables\[0\]: required variable 'name' has no value/m);
    const b = await cli("assemble", path, "--var", "name=Ada", "--var", "n=many");
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^variables\[1\]: variable 'n' must be a number/m);
  });

  it("assemble: an example with --test uses that case's context", async () => {
    const r = await cli("assemble", join(EXAMPLES, "support-triage.contract.json"), "--test", "spam", "--stream");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.messages[1].content).toContain("growth-rocket.example");
  });

  it("assemble: bad arguments are usage errors (exit 2)", async () => {
    const path = join(EXAMPLES, "meeting-notes.contract.json");
    expect((await cli("assemble")).code).toBe(2);
    expect((await cli("assemble", path, "--var", "novalue")).code).toBe(2);
    expect((await cli("assemble", path, "--frobnicate")).code).toBe(2);
    expect((await cli("assemble", join(tmp, "missing.json"))).code).toBe(2);
  });
});
