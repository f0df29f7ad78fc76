/**
 * `contract validate FILE...`: is each file a valid contract? Exit 0 with a short "valid" line
 * per file; 2 (an invalid file, per the exit-code table) with the errors on stdout, one a line,
 * `path: sentence`, or when a file cannot be read or the command line is wrong. Beyond the
 * format, the output JSON Schema must compile (an assembly error a run would hit); assembly
 * warnings go to stderr and do not fail.
 *
 * Does not import commands.ts (which loads this module lazily): it only has to fit its shape.
 */
import { parseArgs } from "node:util";
import { assemble } from "../assemble.ts";
import { errorLine } from "../errors.ts";
import { dependsOnInputs, readContractFile } from "./read-contract.ts";
import { UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";
import { expandFileArgs } from "./glob.ts";

const USAGE = `usage: contract validate FILE [FILE...]
  Checks each FILE against the contract format and compiles its output JSON Schema.
  A FILE may be a folder (every *.contract.json below it) or a glob ('contracts/**/*.contract.json').
  Prints "FILE: valid (...)" per valid file, else one \`path: sentence\` line per error.
  Exit 0 when every file is valid, 2 when one is invalid or cannot be read.
`;

export const validateCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let files: string[];
    try {
      files = parseArgs({ args, allowPositionals: true, strict: true, options: {} }).positionals;
      if (files.length === 0) throw new UsageError("missing FILE");
      const expanded = await expandFileArgs(files);
      if (!expanded.ok) throw new UsageError(expanded.message);
      files = expanded.files;
    } catch (e) {
      process.stderr.write(usageMessage("validate", e, USAGE));
      return EXIT.usage;
    }
    let worst: number = EXIT.ok;
    for (const file of files) {
      const read = await readContractFile(file);
      if (read.kind === "unreadable") {
        process.stderr.write(`${read.message}\n`);
        worst = EXIT.usage;
        continue;
      }
      const prefix = files.length > 1 ? `${file}: ` : "";
      if (read.kind === "invalid") {
        for (const e of read.errors) process.stdout.write(`${prefix}${errorLine(e)}\n`);
        worst = EXIT.usage;
        continue;
      }
      const c = read.contract;
      const issues = assemble(c, {}, { countTokens: false }).issues.filter((i) => !dependsOnInputs(i.path));
      const errors = issues.filter((i) => i.severity === "error");
      for (const w of issues.filter((i) => i.severity === "warning")) process.stderr.write(`${prefix}warning: ${errorLine(w)}\n`);
      if (errors.length) {
        for (const e of errors) process.stdout.write(`${prefix}${errorLine(e)}\n`);
        worst = EXIT.usage;
        continue;
      }
      const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
      process.stdout.write(
        `${file}: valid (${c.id}: ${n(c.variables.length, "variable")}, ${n(c.context.items.length, "context item")}, ${n(c.tests.length, "test")})\n`,
      );
    }
    return worst;
  },
};
