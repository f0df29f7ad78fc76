/**
 * `npm run contract -- validate FILE...`: is each file a valid contract? Exit 0 with a short
 * "valid" line per file; 1 with the errors, one a line, `path: sentence`; 2 on usage errors
 * or a file that cannot be read. Beyond the format, the output JSON Schema must compile
 * (an assembly error a run would hit); assembly warnings go to stderr and do not fail.
 *
 * Does not import commands.ts (which imports this module, and a cycle would follow): it only
 * has to fit the Command shape.
 */
import { parseArgs } from "node:util";
import { assemble } from "../assemble.ts";
import { errorLine } from "../errors.ts";
import { readContractFile } from "./read-contract.ts";

const USAGE = "usage: npm run contract -- validate FILE [FILE...]\n";

// Checked when the contract is used, not when it is written: a required variable is supplied
// at run time, and the model may come from the endpoint profile.
const RUN_TIME_ONLY = (path: string) => path.startsWith("variables") || path === "model.model" || path === "(tokens)";

export const validateCommand: { summary: string; run(args: string[]): Promise<number> } = {
  summary: "check contract files against the format; exit 1 with `path: sentence` lines",
  async run(args) {
    let files: string[];
    try {
      files = parseArgs({ args, allowPositionals: true, strict: true, options: {} }).positionals;
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
      return 2;
    }
    if (files.length === 0) {
      process.stderr.write(USAGE);
      return 2;
    }
    let worst = 0;
    for (const file of files) {
      const read = await readContractFile(file);
      if (read.kind === "unreadable") {
        process.stderr.write(`${read.message}\n`);
        worst = 2;
        continue;
      }
      const prefix = files.length > 1 ? `${file}: ` : "";
      if (read.kind === "invalid") {
        for (const e of read.errors) process.stdout.write(`${prefix}${errorLine(e)}\n`);
        worst = Math.max(worst, 1);
        continue;
      }
      const c = read.contract;
      const issues = assemble(c, {}, { countTokens: false }).issues.filter((i) => !RUN_TIME_ONLY(i.path));
      const errors = issues.filter((i) => i.severity === "error");
      for (const w of issues.filter((i) => i.severity === "warning")) process.stderr.write(`${prefix}warning: ${errorLine(w)}\n`);
      if (errors.length) {
        for (const e of errors) process.stdout.write(`${prefix}${errorLine(e)}\n`);
        worst = Math.max(worst, 1);
        continue;
      }
      const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
      process.stdout.write(`${file}: valid (${c.id}: ${n(c.variables.length, "variable")}, ${n(c.context.items.length, "context item")}, ${n(c.tests.length, "test")})\n`);
    }
    return worst;
  },
};
