/**
 * `contract export` as a user runs it (the built bin as a process): every exit code, the
 * promptfoo configuration in promptfoo's shape, request bodies and JSONL, --out, and the key
 * in the environment never written anywhere.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PromptfooConfigSchema } from "../export/promptfoo-schema.ts";
import { CLI_ROOT, cliCommand } from "./cli-process.ts";

const EXAMPLE = join(CLI_ROOT, "contracts/examples/grounded-answer.contract.json");
const SECRET = "sk-export-test-7f3a9c";

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const [cmd, argv] = cliCommand(args);
    execFile(cmd, argv, { cwd: CLI_ROOT, timeout: 120_000, env: { ...process.env, OPENAI_API_KEY: SECRET, MY_KEY: SECRET } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 99) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), "contract-export-"));
const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as { tests: { id: string }[]; model: { model: string } };

describe("contract export", { timeout: 180_000 }, () => {
  it("--to promptfoo: a configuration promptfoo reads, on stdout, without the key", async () => {
    const r = await cli("export", EXAMPLE, "--to", "promptfoo", "--endpoint", "http://127.0.0.1:8788/v1", "--model", "test-model", "--api-key-env", "MY_KEY");
    expect(r.code).toBe(0);
    const config = PromptfooConfigSchema.parse(JSON.parse(r.stdout));
    expect(config.providers[0]).toEqual({ id: "openai:chat:test-model", config: { apiBaseUrl: "http://127.0.0.1:8788/v1", apiKeyEnvar: "MY_KEY" } });
    expect(config.tests.map((t) => t.metadata?.caseId)).toEqual(example.tests.map((t) => t.id));
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it("--to openai: the contract's body; --case ID: that case's; --cases: JSONL, one body a line", async () => {
    const own = await cli("export", EXAMPLE, "--to", "openai");
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ model: example.model.model, stream: true, stream_options: { include_usage: true } });
    const one = await cli("export", EXAMPLE, "--to", "openai", "--case", example.tests[1]!.id, "--model", "m2");
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).model).toBe("m2");
    const all = await cli("export", EXAMPLE, "--to", "openai", "--cases");
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(example.tests.length);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty("messages");
    expect(own.stdout + one.stdout + all.stdout + all.stderr).not.toContain(SECRET);
  });

  it("--out writes the file and says so on stderr", async () => {
    const out = join(tmp, "promptfooconfig.json");
    const r = await cli("export", EXAMPLE, "--to", "promptfoo", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`wrote ${out}\n`);
    PromptfooConfigSchema.parse(JSON.parse(readFileSync(out, "utf8")));
  });

  it("help on stdout, exit 0", async () => {
    const r = await cli("export", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: contract export FILE --to promptfoo\|openai/);
  });

  it.each([
    ["no --to", [EXAMPLE], /missing --to promptfoo or --to openai/],
    ["an unknown --to", [EXAMPLE, "--to", "yaml"], /--to yaml: expected one of promptfoo, openai/],
    ["--case with promptfoo", [EXAMPLE, "--to", "promptfoo", "--case", "x"], /--case and --cases go with --to openai/],
    ["an unknown case", [EXAMPLE, "--to", "openai", "--case", "nope"], /--case nope: no such test case \(have: /],
    ["a key on the command line", [EXAMPLE, "--to", "promptfoo", "--api-key", SECRET], /--api-key is not accepted/],
    ["a bad endpoint", [EXAMPLE, "--to", "promptfoo", "--endpoint", "ftp://x"], /--endpoint ftp:\/\/x: must be an http/],
    ["a missing file", [join(tmp, "nope.json"), "--to", "openai"], /nope\.json: no such file/],
    ["an invalid file", [join(tmp, "bad.json"), "--to", "openai"], /^id: /m],
  ])("exit 2 for %s", async (_name, args, message) => {
    writeFileSync(join(tmp, "bad.json"), JSON.stringify({ format: "contract-studio/contract@2", id: "Bad Id", policy: { role: "r" } }));
    const r = await cli("export", ...args);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(message);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it("exit 1 when a case does not assemble, naming the case", async () => {
    const data = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    data.variables.push({ name: "ticket_ref", type: "string", required: true });
    const f = join(tmp, "needs-var.contract.json");
    writeFileSync(f, JSON.stringify(data));
    const r = await cli("export", f, "--to", "promptfoo");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tests\[0\]: case retention-after-cancel does not assemble: .*ticket_ref/m);
    expect((await cli("export", f, "--to", "openai", "--cases")).code).toBe(1);
  });
});
