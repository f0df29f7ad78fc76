#!/usr/bin/env node
/**
 * `contract <command> ...` (from the repository: `npm run contract -- <command> ...`): the
 * contracts library from a terminal. Built ahead of time into dist-cli/ (scripts/build-cli.mjs).
 *
 * This module is the whole startup path, so it imports only the command table and the exit
 * codes: `--version` and `--help` load nothing else, and each command's module (with zod, ajv,
 * the tokenizer tables) is imported only when that command runs.
 */
import { wantsHelp } from "./args.ts";
import { commands, type CommandEntry } from "./commands.ts";
import { EXIT, EXIT_SUMMARY, exitCodeTable } from "./exit-codes.ts";
import { cliVersion } from "./version.ts";

function help(): string {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(13)} ${c.summary}`)
    .join("\n");
  return `contract ${cliVersion()}: Contract Studio's contracts from a terminal

usage: contract <command> [options]     (in the repository: npm run contract -- <command> ...)
       contract <command> --help        the command's options
       contract help [<command>]
       contract --version

commands:
${list}

exit codes (the same for every command):
${exitCodeTable()}
`;
}

const commandHelp = (usage: string) => `${usage.endsWith("\n") ? usage : `${usage}\n`}\n${EXIT_SUMMARY}\n`;

const HINT = "Run 'contract --help' for the commands.\n";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (t: string) => void process.stdout.write(t);
  const err = (t: string) => void process.stderr.write(t);
  if (name === undefined) {
    err(`contract: missing command\n\n${help()}`);
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h") {
    out(help());
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    out(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  const lookup = (n: string): CommandEntry | undefined => (Object.hasOwn(commands, n) ? commands[n] : undefined);
  if (name === "help") {
    const [topic, ...extra] = rest;
    if (topic === undefined) {
      out(help());
      return EXIT.ok;
    }
    const entry = lookup(topic);
    if (!entry || extra.length) {
      err(`contract help: ${entry ? `unexpected argument '${extra[0]}'` : `unknown command '${topic}'`}\n${HINT}`);
      return EXIT.usage;
    }
    out(commandHelp((await entry.load()).usage));
    return EXIT.ok;
  }
  if (name.startsWith("-")) {
    err(`contract: unknown option ${name}\n${HINT}`);
    return EXIT.usage;
  }
  const entry = lookup(name);
  if (!entry) {
    err(`contract: unknown command '${name}' (commands: ${Object.keys(commands).join(", ")})\n${HINT}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (wantsHelp(rest)) {
    out(commandHelp(command.usage));
    return EXIT.ok;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  // Exit explicitly (an idle keep-alive socket must not hold the process), but only once what
  // was written has been flushed: on some systems a pipe (`contract assemble | jq`) is async.
  (code) => void process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(
      `contract: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug in the command line; please report it with the lines above.\n`,
    );
    process.stdout.write("", () => process.exit(EXIT.internal));
  },
);
