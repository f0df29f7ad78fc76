/**
 * `contract assemble FILE [--var name=value]... [--model M] ...`: prints the exact request body
 * the contract makes (pretty JSON on stdout, so it pipes into curl or jq); warnings and the
 * token count go to stderr. Exit 1 when the inputs do not assemble (a missing or mistyped
 * variable), 2 on usage errors or an unreadable or invalid file (see exit-codes.ts).
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

const USAGE = `usage: contract assemble FILE [options]
  Prints the request body FILE assembles to (JSON on stdout); warnings and tokens on stderr.
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
      if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one FILE" : "missing FILE");
      vars = parseVars(parsed.values.var);
      enforcement = oneOf(parsed.values.enforcement, ENFORCEMENTS, "--enforcement");
      encoding = oneOf(parsed.values.encoding, TOKEN_ENCODINGS, "--encoding") ?? "o200k_base";
    } catch (e) {
      process.stderr.write(usageMessage("assemble", e, USAGE));
      return EXIT.usage;
    }
    const file = parsed.positionals[0]!;
    const read = await readContractFile(file);
    if (read.kind === "unreadable") {
      process.stderr.write(`${read.message}\n`);
      return EXIT.usage;
    }
    if (read.kind === "invalid") {
      for (const e of read.errors) process.stderr.write(`${errorLine(e)}\n`);
      return EXIT.usage;
    }
    let contract = read.contract;
    let inputs: Record<string, unknown> = {};
    if (parsed.values.test !== undefined) {
      const tc = contract.tests.find((t) => t.id === parsed.values.test);
      if (!tc) {
        process.stderr.write(`--test ${parsed.values.test}: no such test case (have: ${contract.tests.map((t) => t.id).join(", ") || "none"})\n`);
        return EXIT.usage;
      }
      ({ contract, inputs } = contractForTest(contract, tc));
    }
    await loadEncoding(encoding);
    const result = assemble(
      contract,
      { ...inputs, ...vars },
      {
        model: parsed.values.model,
        enforcement,
        stream: parsed.values.stream,
        canary: parsed.values.canary,
        encoding,
      },
    );
    const errors = result.issues.filter((i) => i.severity === "error");
    const warnings = result.issues.filter((i) => i.severity === "warning");
    for (const w of warnings) process.stderr.write(`warning: ${errorLine(w)}\n`);
    if (!result.ok) {
      for (const e of errors) process.stderr.write(`${errorLine(e)}\n`);
      // Only input-dependent errors: these inputs do not assemble (1); else the file is at fault (2).
      return errors.every((e) => dependsOnInputs(e.path)) ? EXIT.failed : EXIT.usage;
    }
    process.stdout.write(JSON.stringify(result.request, null, 2) + "\n");
    if (result.tokens) {
      const t = result.tokens;
      process.stderr.write(
        `tokens: ${t.total} prompt tokens (${t.encoding}; ${result.request.messages.map((m, i) => `${m.role} ${t.messages[i]}`).join(", ")})\n`,
      );
    }
    return EXIT.ok;
  },
};
