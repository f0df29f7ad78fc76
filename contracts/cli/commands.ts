/**
 * The CLI's commands, loaded lazily: each entry names its module through a literal dynamic
 * import, so the bundler puts every command (and what only it needs: zod, ajv, the HTTP
 * client) in its own chunk, and `contract --version` or `contract --help` load none of them.
 * The summaries live here for the same reason. Add one entry per command module.
 */
export interface Command {
  /** The command's help text (`contract CMD --help`), starting with its `usage:` line. */
  usage: string;
  /** Returns the process exit code (see exit-codes.ts). */
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  validate: {
    summary: "check contract files against the format; `path: sentence` lines for each error",
    load: () => import("./validate.ts").then((m) => m.validateCommand),
  },
  assemble: {
    summary: "print the request body a contract assembles to (--var name=value, --model M)",
    load: () => import("./assemble.ts").then((m) => m.assembleCommand),
  },
  diff: {
    summary: "semantic diff and breaking-change verdict of two contracts or versions",
    load: () => import("./diff.ts").then((m) => m.diffCommand),
  },
  run: {
    summary: "run a contract against an endpoint: streamed answer, timings, usage, cost, output check",
    load: () => import("./run.ts").then((m) => m.runCommand),
  },
  test: {
    summary: "run a contract's test cases: summary table, JSON and JUnit reports, --baseline gate, --shard i/n",
    load: () => import("./test-command.ts").then((m) => m.testCommand),
  },
  export: {
    summary: "write a contract as a promptfoo configuration (--to promptfoo) or its request bodies (--to openai)",
    load: () => import("./export.ts").then((m) => m.exportCommand),
  },
  traffic: {
    summary: "import a production log (JSONL): match it to the contract, print its behaviour figures",
    load: () => import("./traffic.ts").then((m) => m.trafficCommand),
  },
  dataset: {
    summary: "write the approved dev cases as chat fine-tuning JSONL (holdout and adversarial never)",
    load: () => import("./dataset.ts").then((m) => m.datasetCommand),
  },
  "merge-reports": {
    summary: "merge the JSON reports of `test --shard i/n` runs into one summary and exit code",
    load: () => import("./merge-reports.ts").then((m) => m.mergeReportsCommand),
  },
};
