/** Types of scripts/build-cli.mjs for the TypeScript that imports it (the CLI tests' setup, the bench). */
export declare const CLI_OUT: string;
export declare const CLI_BIN: string;
/** The first source newer than the build, or null when the build is up to date. */
export declare function staleBecause(): string | null;
/** Builds dist-cli/; resolves to the milliseconds it took. */
export declare function buildCli(): Promise<number>;
/** Builds when stale; resolves to a log line, or null when nothing was built. */
export declare function ensureCliBuilt(): Promise<string | null>;
