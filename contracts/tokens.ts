/** Token counting. Placeholder type until tokens.ts is implemented by the assembly work. */
export type TokenEncoding = "o200k_base" | "cl100k_base";
