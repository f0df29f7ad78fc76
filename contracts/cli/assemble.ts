/**
 * `contract assemble FILE [--var name=value]... [--model M] ...`: prints the exact request body
 * the contract makes (pretty JSON on stdout, so it pipes into curl or jq); warnings and the
 * token count go to stderr. Exit 1 when the inputs do not assemble (a missing or mistyped
 * variable), 2 on usage errors or an unreadable or invalid file (see exit-codes.ts).
 * FILE may be a folder or a glob: with more than one file, stdout is one JSON array of
 * `{file, request}` (still one document for jq), stderr lines start with the file, and the exit
 * code is the worst of the files'.
 *
 * Does not import commands.ts (which loads this module lazily): it only has to fit its shape.
 */
import { parseArgs } from "node:util";
import { assemble, contractForTest } from "../assemble.ts";
import type { OutputEnforcement } from "../assembly-types.ts";
import { errorLine } from "../errors.ts";
import { loadEncoding, TOKEN_ENCODINGS, type TokenEncoding } from "../tokens.ts";
import { dependsOnInputs, readContractFile } from "./read-contract.ts";
import { UsageError, oneOf, parseVars, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";
import { expandFileArgs } from "./glob.ts";

const USAGE = `usage: contract assemble FILE [options]
  Prints the request body FILE assembles to (JSON on stdout); warnings and tokens on stderr.
  FILE may be a folder or glob: then a JSON array of {file, request}, one per contract.
  --var name=value     a variable's value (repeatable); text is converted to the declared type
  --model M            the model to request (overrides the contract's)
  --test ID            use test case ID's variables and context
  --enforcement E      json_schema (default) | json_object | prompt_only
  --stream             add stream and stream_options
  --canary TEXT        embed a canary marker in the system message
  --encoding E         tokenizer for the count on stderr: ${TOKEN_ENCODINGS.join(" | ")}
`;

const ENFORCEMENTS: readonly OutputEnforcement[] = ["json_schema", "json_object", "prompt_only"];

export const assembleCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let parsed;
    let vars: Record<string, string>;
    let enforcement: OutputEnforcement | undefined;
    let encoding: TokenEncoding;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          var: { type: "string", multiple: true, default: [] },
          model: { type: "string" },
          test: { type: "string" },
          enforcement: { type: "string" },
          stream: { type: "boolean", default: false },
          canary: { type: "string" },
          encoding: { type: "string" },
        },
      });
      if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one FILE (or one folder or glob)" : "missing FILE");
      vars = parseVars(parsed.values.var);
      enforcement = oneOf(parsed.values.enforcement, ENFORCEMENTS, "--enforcement");
      encoding = oneOf(parsed.values.encoding, TOKEN_ENCODINGS, "--encoding") ?? "o200k_base";
    } catch (e) {
      process.stderr.write(usageMessage("assemble", e, USAGE));
      return EXIT.usage;
    }
    const expanded = await expandFileArgs(parsed.positionals);
    if (!expanded.ok) {
      process.stderr.write(`${expanded.message}\n`);
      return EXIT.usage;
    }
    const files = expanded.files;
    const values = parsed.values;
    const many = files.length > 1;
    const one = async (file: string): Promise<{ code: number; request?: unknown }> => {
      const err = (t: string) => void process.stderr.write(many ? `${file}: ${t}` : t);
      const read = await readContractFile(file);
      if (read.kind === "unreadable") {
        process.stderr.write(`${read.message}\n`);
        return { code: EXIT.usage };
      }
      if (read.kind === "invalid") {
        for (const e of read.errors) err(`${errorLine(e)}\n`);
        return { code: EXIT.usage };
      }
      let contract = read.contract;
      let inputs: Record<string, unknown> = {};
      if (values.test !== undefined) {
        const tc = contract.tests.find((t) => t.id === values.test);
        if (!tc) {
          err(`--test ${values.test}: no such test case (have: ${contract.tests.map((t) => t.id).join(", ") || "none"})\n`);
          return { code: EXIT.usage };
        }
        ({ contract, inputs } = contractForTest(contract, tc));
      }
      await loadEncoding(encoding);
      const result = assemble(
        contract,
        { ...inputs, ...vars },
        {
          model: values.model,
          enforcement,
          stream: values.stream,
          canary: values.canary,
          encoding,
        },
      );
      const errors = result.issues.filter((i) => i.severity === "error");
      const warnings = result.issues.filter((i) => i.severity === "warning");
      for (const w of warnings) err(`warning: ${errorLine(w)}\n`);
      if (!result.ok) {
        for (const e of errors) err(`${errorLine(e)}\n`);
        // Only input-dependent errors: these inputs do not assemble (1); else the file is at fault (2).
        return { code: errors.every((e) => dependsOnInputs(e.path)) ? EXIT.failed : EXIT.usage };
      }
      if (result.tokens) {
        const t = result.tokens;
        err(`tokens: ${t.total} prompt tokens (${t.encoding}; ${result.request.messages.map((m, i) => `${m.role} ${t.messages[i]}`).join(", ")})\n`);
      }
      return { code: EXIT.ok, request: result.request };
    };
    let worst: number = EXIT.ok;
    const out: { file: string; request: unknown }[] = [];
    for (const file of files) {
      const r = await one(file);
      worst = Math.max(worst, r.code);
      if (r.request !== undefined) out.push({ file, request: r.request });
    }
    if (!many && out[0]) process.stdout.write(JSON.stringify(out[0].request, null, 2) + "\n");
    else if (many) process.stdout.write(JSON.stringify(out, null, 2) + "\n");
    return worst;
  },
};
