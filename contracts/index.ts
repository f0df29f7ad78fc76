/** The contracts library's public surface: the one barrel (the app and the CLI import from here). */
export * from "./schema/policy.ts";
export * from "./schema/task.ts";
export * from "./schema/context.ts";
export * from "./schema/output.ts";
export * from "./schema/model.ts";
export * from "./schema/tests.ts";
export * from "./schema/contract.ts";
export * from "./schema/json-schema.ts";
export * from "./errors.ts";
export * from "./parse.ts";
export * from "./placeholders.ts";
