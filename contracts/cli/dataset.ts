/**
 * `contract dataset FILE [--out DIR]`: the app's training-data export (contracts/dataset) from a
 * command line: the approved dev cases (with a reference answer) as chat fine-tuning JSONL, on
 * stdout or into DIR/ID.fine-tuning.jsonl; holdout and adversarial cases are never written, and
 * stderr says which cases were left out and why. (Preference pairs need stored answers: the app
 * makes them from a suite's results.) Exit 0 when written, 2 on usage errors or an invalid file.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { exportDataset } from "../dataset/export.ts";
import { errorLine } from "../errors.ts";
import { readContractFile } from "./read-contract.ts";
import { UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";

const USAGE = `usage: contract dataset FILE [--out DIR]
  Writes the contract's approved dev cases (those with a reference answer) as chat fine-tuning
  JSONL: the assembled messages plus the reference answer as the assistant message.
  Holdout and adversarial cases are never written; stderr lists what was left out.
  --out DIR     write DIR/ID.fine-tuning.jsonl instead of printing to stdout
`;

export const datasetCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { out: { type: "string" } } });
      if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one contract FILE" : "missing FILE");
    } catch (e) {
      process.stderr.write(usageMessage("dataset", e, USAGE));
      return EXIT.usage;
    }
    const read = await readContractFile(parsed.positionals[0]!);
    if (read.kind === "unreadable") {
      process.stderr.write(`${read.message}\n`);
      return EXIT.usage;
    }
    if (read.kind === "invalid") {
      for (const e of read.errors) process.stderr.write(`${errorLine(e)}\n`);
      return EXIT.usage;
    }
    const out = exportDataset(read.contract);
    for (const e of out.excluded.fineTuning) process.stderr.write(`left out: ${e.caseId}: ${e.reason}\n`);
    process.stderr.write(`${out.fineTuning.lines} of ${out.approved} approved cases written as fine-tuning lines\n`);
    if (parsed.values.out) {
      const path = join(parsed.values.out, out.fineTuning.name);
      try {
        await writeFile(path, out.fineTuning.text);
      } catch (e) {
        process.stderr.write(`${path}: cannot write (${e instanceof Error ? e.message : String(e)})\n`);
        return EXIT.usage;
      }
      process.stderr.write(`wrote ${path}\n`);
    } else process.stdout.write(out.fineTuning.text);
    return EXIT.ok;
  },
};
