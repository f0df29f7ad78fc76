/**
 * Argument helpers shared by the CLI's commands. A UsageError is a mistake in the command line
 * (exit 2); `usageMessage` turns one (or one of node:util parseArgs' errors) into the message
 * every command prints: what was wrong, the command's usage line, and where the help is.
 */
export class UsageError extends Error {}

/** `--var name=value` pairs as a map of raw strings (each command types them against the contract). */
export function parseVars(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--var ${pair}: expected name=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A flag whose value must be one of a few words. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} ${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

/** True when the command line asks for help: `--help` or `-h` before a `--` terminator. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

/** parseArgs' messages are long and talk about its own rules; say the same thing in a line. */
function plainMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as Error & { code?: string }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const m = /^Unknown option '([^']+)'/.exec(e.message);
    if (m) return `unknown option ${m[1]}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    let m = /^Option '(-[^' ]+)(?: <value>)?' argument missing/.exec(e.message);
    if (m) return `${m[1]} needs a value`;
    m = /^Option '(-[^']+)' argument is ambiguous/.exec(e.message);
    if (m) return `${m[1]} needs a value (to give one that starts with a dash, write ${m[1]}=-VALUE)`;
    m = /^Option '(-[^']+)' does not take an argument/.exec(e.message);
    if (m) return `${m[1]} takes no value`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return e.message.replace(/^Unexpected argument/, "unexpected argument");
  return e.message;
}

/**
 * The text a command prints on stderr for a usage error: `contract CMD: what`, the first line
 * of its usage, and a pointer to `contract CMD --help`. Ends with a newline.
 */
export function usageMessage(command: string, error: unknown, usage: string): string {
  const first = usage.split("\n")[0] ?? "";
  return `contract ${command}: ${plainMessage(error)}\n${first}\nRun 'contract ${command} --help' for all options.\n`;
}
