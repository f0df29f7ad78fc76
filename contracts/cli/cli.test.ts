/**
 * The command line as a user runs it: the built bin (dist-cli/, built by the global setup) as a
 * real process, its exit code, stdout and stderr. Sequential, with generous timeouts: a busy
 * two-core CI machine runs other test files in parallel.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cliCommand } from "./cli-process.ts";
import { commands } from "./commands.ts";
import { EXIT, EXIT_CODE_ROWS, EXIT_SUMMARY } from "./exit-codes.ts";

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
  output: {
    kind: "json_schema",
    name: "greeting",
    schema: { type: "object", additionalProperties: false, required: ["g"], properties: { g: { type: "string" } } },
  },
  model: { model: "gpt-4o-mini" },
};

describe("contract CLI", { timeout: 180_000 }, () => {
  it("validate: a valid file exits 0 with one 'valid' line", async () => {
    const r = await cli("validate", join(EXAMPLES, "support-triage.contract.json"));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/support-triage\.contract\.json: valid/);
  });

  it("validate: an invalid file exits 2 with one `path: sentence` line per error", async () => {
    const bad = file("bad.contract.json", { ...minimal, id: "Bad Id", policy: {}, variables: [{ name: "name", type: "date" }] });
    const r = await cli("validate", bad);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual(expect.arrayContaining(["id: must be a slug like support-triage (lowercase letters, digits, -)", "policy.role: is required"]));
    for (const line of lines) expect(line).toMatch(/^[\w.[\]"]+: \S/);
    expect(r.stdout + r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("validate: malformed JSON and an unknown format exit 2 with the reason", async () => {
    const a = await cli("validate", file("broken.json", '{"format": '));
    expect(a.code).toBe(2);
    expect(a.stdout).toMatch(/^\(file\): is not valid JSON/);
    const b = await cli("validate", file("future.json", { ...minimal, format: "contract-studio/contract@7" }));
    expect(b.code).toBe(2);
    expect(b.stdout).toMatch(/^format: unknown format/);
  });

  it("validate: an output schema that does not compile is an error", async () => {
    const r = await cli("validate", file("schema.json", { ...minimal, output: { kind: "json_schema", name: "x", schema: { type: "objekt" } } }));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^output\.schema: is not a valid JSON Schema/);
  });

  it("validate: one invalid file among valid ones makes the whole command exit 2", async () => {
    const r = await cli("validate", join(EXAMPLES, "support-triage.contract.json"), file("bad2.json", { ...minimal, id: "Bad Id" }));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/support-triage\.contract\.json: valid/);
    expect(r.stdout).toMatch(/bad2\.json: id: must be a slug/);
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

  it("assemble: an invalid file is 2 (the file is at fault), not 1 (the inputs)", async () => {
    const a = await cli("assemble", file("inv.contract.json", { ...minimal, id: "Bad Id" }), "--var", "name=Ada");
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^id: must be a slug/m);
    const b = await cli(
      "assemble",
      file("schema2.contract.json", { ...minimal, output: { kind: "json_schema", name: "x", schema: { type: "objekt" } } }),
      "--var",
      "name=Ada",
    );
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^output\.schema: is not a valid JSON Schema/m);
  });
});

describe("contract CLI: help, version and the exit-code table", { timeout: 180_000 }, () => {
  const names = Object.keys(commands);

  it.each([["--help"], ["-h"], ["help"]])("`contract %s` prints the help on stdout, exit 0, with every command and exit code", async (flag) => {
    const r = await cli(flag);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^contract \d+\.\d+\.\d+: /);
    expect(r.stdout).toContain("usage: contract <command> [options]");
    for (const n of names) expect(r.stdout).toMatch(new RegExp(`^  ${n} +\\S`, "m"));
    for (const [code, text] of EXIT_CODE_ROWS) expect(r.stdout).toContain(`${String(code).padStart(2)}  ${text}`);
  });

  it("`contract --version` prints the package version, exit 0", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = await cli("--version");
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it.each(names)("`contract %s --help`, `-h` and `contract help <it>` print its usage on stdout, exit 0", async (name) => {
    for (const args of [
      [name, "--help"],
      [name, "-h"],
      ["help", name],
      [name, "x.json", "--frobnicate", "--help"],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(new RegExp(`^usage: contract ${name} `));
      expect(r.stdout).toContain(EXIT_SUMMARY);
    }
  });

  it.each(names)("`contract %s --frobnicate`, and the command without arguments, exit 2 with the reason and a hint on stderr", async (name) => {
    const unknown = await cli(name, "--frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain(`contract ${name}: unknown option --frobnicate`);
    expect(unknown.stderr).toContain(`Run 'contract ${name} --help' for all options.`);
    const bare = await cli(name);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toMatch(new RegExp(`^contract ${name}: (missing FILE|expected two contracts)`));
    expect(bare.stderr).toMatch(new RegExp(`^usage: contract ${name} `, "m"));
  });

  it("an option without its value says so (exit 2)", async () => {
    const r = await cli("assemble", join(EXAMPLES, "meeting-notes.contract.json"), "--model");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("contract assemble: --model needs a value");
  });

  it("no command, an unknown command or an unknown top-level option exit 2 on stderr", async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/^contract: missing command/);
    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`contract: unknown command 'frobnicate' (commands: ${Object.keys(commands).join(", ")})`);
    expect(unknown.stderr).toContain("Run 'contract --help' for the commands.");
    expect((await cli("--frobnicate")).code).toBe(2);
    expect((await cli("help", "frobnicate")).code).toBe(2);
  });
});

describe("the exit-code table", () => {
  it("has the four codes of issue 7 plus one for bugs, and the README lists exactly these", () => {
    expect(EXIT).toMatchObject({ ok: 0, failed: 1, usage: 2, endpoint: 3 });
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Command line"), readme.indexOf("\n## ", readme.indexOf("## Command line") + 1));
    const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(EXIT_CODE_ROWS.map(([code]) => code));
  });
});
