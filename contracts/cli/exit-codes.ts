/**
 * The one exit-code table of every `contract` command. Commands return these constants, the
 * top-level help prints `exitCodeTable()`, and the README copies the same rows: a script or CI
 * step can tell "the contract failed" from "I called it wrong" from "the server was down".
 *
 * Kept free of imports so `contract --version` and `--help` load nothing else.
 */
export const EXIT = {
  /** Done, and everything checked holds. */
  ok: 0,
  /** The contract or its checks failed: an answer broke the output contract, or the inputs given do not assemble. */
  failed: 1,
  /** A usage error (unknown option, missing argument) or an invalid file (unreadable, not a valid contract). */
  usage: 2,
  /** The endpoint or the network failed: connection refused, timeout, HTTP error, a broken stream. */
  endpoint: 3,
  /** A bug in the command line itself (an exception nobody expected); the message says what to report. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Rows of the table as people read them (the README has the same rows). */
export const EXIT_CODE_ROWS: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, "ok: done, and every check held"],
  [EXIT.failed, "the contract or its checks failed (an answer broke the output contract; the inputs do not assemble)"],
  [EXIT.usage, "usage error or invalid file (unknown option, missing argument, unreadable or invalid contract)"],
  [EXIT.endpoint, "endpoint or network error (connection, timeout, HTTP status, broken stream)"],
  [EXIT.internal, "internal error: a bug in the command line; please report the message"],
];

export function exitCodeTable(): string {
  return EXIT_CODE_ROWS.map(([code, text]) => `  ${String(code).padStart(2)}  ${text}`).join("\n");
}

/** One line for the end of each command's help; `contract --help` has the whole table. */
export const EXIT_SUMMARY = `exit codes: ${EXIT.ok} ok, ${EXIT.failed} the contract or its checks failed, ${EXIT.usage} usage error or invalid file, ${EXIT.endpoint} endpoint or network error (see contract --help)`;
