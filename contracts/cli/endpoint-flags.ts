/**
 * The flags `run` and `test` share to reach an endpoint, parsed once with one set of messages:
 * the base URL, where the key comes from (an environment variable, never a flag: a key on the
 * command line ends up in shell history), prices, timeouts and retries.
 */
import { createEndpointProfile, type EndpointProfile } from "../client/profile.ts";
import { UsageError } from "./args.ts";

/** parseArgs options; `--api-key` is declared only to refuse it with the reason. */
export const ENDPOINT_FLAGS = {
  endpoint: { type: "string" },
  "api-key-env": { type: "string" },
  "api-key": { type: "string" },
  "input-price": { type: "string" },
  "output-price": { type: "string" },
  "first-byte-timeout": { type: "string" },
  "idle-timeout": { type: "string" },
  retries: { type: "string" },
} as const;

type FlagValues = { [K in keyof typeof ENDPOINT_FLAGS]?: string };

/** A whole number from `min` to `max`, or undefined when the flag is absent. */
export function wholeNumber(value: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} ${value}: expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}`);
  return n;
}

/** A non-negative amount (a price), or undefined when the flag is absent. */
export function amount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} ${value}: expected a number`);
  return n;
}

export interface EndpointFromFlags {
  profile: EndpointProfile;
  apiKey: string | undefined;
  /** The variable named by --api-key-env, when given (the 401 advice names it). */
  keyEnv: string | undefined;
}

/** The command line's one endpoint profile; throws UsageError naming the flag that is wrong. */
export function endpointFromFlags(values: FlagValues, env: Record<string, string | undefined>, streaming: boolean): EndpointFromFlags {
  if (values["api-key"] !== undefined)
    throw new UsageError("--api-key is not accepted: a key on the command line ends up in shell history; set OPENAI_API_KEY (or use --api-key-env NAME)");
  if (!values.endpoint) throw new UsageError("missing --endpoint URL");
  const inPrice = amount(values["input-price"], "--input-price");
  const outPrice = amount(values["output-price"], "--output-price");
  if ((inPrice === undefined) !== (outPrice === undefined)) throw new UsageError("give both --input-price and --output-price, or neither");
  const keyEnv = values["api-key-env"];
  if (keyEnv !== undefined && !env[keyEnv]) throw new UsageError(`--api-key-env ${keyEnv}: the environment variable ${keyEnv} is not set`);
  const apiKey = env[keyEnv ?? "OPENAI_API_KEY"] || undefined;
  const firstByteMs = wholeNumber(values["first-byte-timeout"], "--first-byte-timeout", 1);
  const idleMs = wholeNumber(values["idle-timeout"], "--idle-timeout", 1);
  const retries = wholeNumber(values.retries, "--retries", 0, 10);
  try {
    const profile = createEndpointProfile({
      id: "cli",
      name: "command line",
      baseUrl: values.endpoint,
      capabilities: { jsonSchema: true, streaming, usageInStream: true },
      ...(inPrice !== undefined && outPrice !== undefined ? { prices: { inputPerMTok: inPrice, outputPerMTok: outPrice } } : {}),
      timeouts: { firstByteMs: firstByteMs ?? 60_000, idleMs: idleMs ?? 30_000 },
      retries: retries ?? 2,
    });
    return { profile, apiKey, keyEnv };
  } catch {
    // Every other flag is checked above, so what the profile refuses is the address.
    throw new UsageError(`--endpoint ${values.endpoint}: must be an http:// or https:// address, e.g. http://127.0.0.1:11434/v1`);
  }
}
