/** `validate` and `assemble` take folders and globs, as the built bin (the shell does not expand a quoted glob). */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI_ROOT, cliCommand } from "./cli-process.ts";

function cli(...args: string[]) {
  const [cmd, argv] = cliCommand(args);
  const r = spawnSync(cmd, argv, { cwd: CLI_ROOT, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const EXAMPLES = [
  "contracts/examples/grounded-answer.contract.json",
  "contracts/examples/meeting-notes.contract.json",
  "contracts/examples/support-triage.contract.json",
];

describe("file arguments: folders and globs", () => {
  it("validate takes a ** glob and a folder, one line per file found", () => {
    for (const arg of ["contracts/**/examples/*.contract.json", "contracts/examples", "contracts/examples/"]) {
      const r = cli("validate", arg);
      expect(r.code, r.err).toBe(0);
      expect(
        r.out
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(":")[0]),
      ).toEqual(EXAMPLES);
    }
  });

  it("validate: a glob that matches nothing is a usage error", () => {
    const r = cli("validate", "contracts/**/*.nothing.json");
    expect(r.code).toBe(2);
    expect(r.err).toContain("contracts/**/*.nothing.json: no file matches");
  });

  it("assemble of a glob prints one JSON array of {file, request}; of one file, the request as before", () => {
    const many = cli("assemble", "contracts/examples/*.contract.json");
    expect(many.code, many.err).toBe(0);
    const out = JSON.parse(many.out) as { file: string; request: { model: string; messages: unknown[] } }[];
    expect(out.map((x) => x.file)).toEqual(EXAMPLES);
    expect(out.every((x) => x.request.messages.length >= 2)).toBe(true);
    expect(many.err).toMatch(/^contracts\/examples\/grounded-answer\.contract\.json: tokens: \d+ prompt tokens/m);
    const one = cli("assemble", "contracts/examples/meeting-notes*.json");
    expect(one.code, one.err).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ model: expect.any(String), messages: expect.any(Array) });
  });
});
