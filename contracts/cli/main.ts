/**
 * `npm run contract -- <command> ...`: the contracts library from a terminal.
 * Each command lives in its own module and returns an exit code.
 */
import { commands } from "./commands.ts";

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)
      .join("\n");
    process.stderr.write(`usage: npm run contract -- <command> [options]\n\ncommands:\n${list}\n`);
    return name ? 2 : 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`contract: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
