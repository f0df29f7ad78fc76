/** The CLI's commands. Add one line per command module; each exports a `Command`. */
import { diffCommand } from "./diff.ts";
import { validateCommand } from "./validate.ts";
import { assembleCommand } from "./assemble.ts";
import { runCommand } from "./run.ts";
export interface Command {
  summary: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {};
commands.diff = diffCommand;
commands.validate = validateCommand;
commands.assemble = assembleCommand;
commands.run = runCommand;
