/**
 * An endpoint profile: where and how to send runs. It has no API key field on purpose: the key
 * is passed to each call separately (`runChat({ profile, apiKey })`), so persisting, exporting
 * or sharing a profile can never carry it. Extra headers may not hold credentials either.
 */
import { z } from "zod";

/** Header names that carry credentials: they belong in the (unsaved) API key, not the profile. */
const CREDENTIAL_HEADERS = new Set(["authorization", "api-key", "x-api-key", "proxy-authorization", "cookie"]);

export const EndpointCapabilitiesSchema = z.strictObject({
  /** Structured output with response_format json_schema. */
  jsonSchema: z.boolean().default(true),
  streaming: z.boolean().default(true),
  /** Reports usage in the stream when asked with stream_options.include_usage. */
  usageInStream: z.boolean().default(true),
});

export const EndpointPricesSchema = z.strictObject({
  /** USD per million tokens. */
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});
export type EndpointPrices = z.infer<typeof EndpointPricesSchema>;

export const EndpointTimeoutsSchema = z.strictObject({
  /** From sending the request to the first byte of the answer's body. */
  firstByteMs: z.int().positive().default(60_000),
  /** Longest silence allowed between stream chunks. */
  idleMs: z.int().positive().default(30_000),
});

export const EndpointProfileSchema = z.strictObject({
  id: z.string().min(1, "the profile needs an id"),
  name: z.string().min(1, "the profile needs a name"),
  /** Up to and including the version segment, e.g. http://127.0.0.1:11434/v1 */
  baseUrl: z.string().refine((v) => /^https?:\/\/[^/\s]+/i.test(v), "must be an http:// or https:// address, e.g. http://127.0.0.1:11434/v1"),
  defaultModel: z.string().default(""),
  extraHeaders: z
    .record(z.string(), z.string())
    .default({})
    .refine(
      (h) => Object.keys(h).every((k) => !CREDENTIAL_HEADERS.has(k.toLowerCase())),
      "must not hold credentials (Authorization, api-key, x-api-key, cookie): put the key in the API key field, which is not saved with the profile",
    ),
  capabilities: EndpointCapabilitiesSchema.default({ jsonSchema: true, streaming: true, usageInStream: true }),
  /** Absent: cost is not computed. */
  prices: EndpointPricesSchema.optional(),
  /** Send through the app's same-origin proxy (for endpoints that refuse browser origins). */
  useProxy: z.boolean().default(false),
  /** Privacy switch: runs keep metrics only, no request or response bodies. */
  metricsOnly: z.boolean().default(false),
  timeouts: EndpointTimeoutsSchema.default({ firstByteMs: 60_000, idleMs: 30_000 }),
  /** Retries of 408, 409, 429, 5xx and connection errors. */
  retries: z.int().min(0).max(10).default(2),
});
export type EndpointProfile = z.infer<typeof EndpointProfileSchema>;
export type EndpointProfileInput = z.input<typeof EndpointProfileSchema>;

/** A full profile from the few fields a user types; defaults fill the rest. Throws on invalid input. */
export function createEndpointProfile(input: EndpointProfileInput): EndpointProfile {
  return EndpointProfileSchema.parse(input);
}

/** The path of the app's same-origin proxy (served by server/proxy.ts). */
export const PROXY_PATH = "/api/proxy";
/** The header that tells the proxy where to forward. */
export const PROXY_TARGET_HEADER = "x-contract-studio-target";

export interface Target {
  url: string;
  headers: Record<string, string>;
}

/**
 * URL and headers for `path` (e.g. "/chat/completions") on the profile's endpoint, direct or via
 * the proxy. No Authorization header without a key: a bearer header makes browsers preflight, and
 * several local servers refuse that preflight.
 */
export function endpointTarget(profile: EndpointProfile, path: string, apiKey?: string, proxyBase = PROXY_PATH): Target {
  const headers: Record<string, string> = { ...profile.extraHeaders };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const base = profile.baseUrl.replace(/\/+$/, "");
  if (!profile.useProxy) return { url: base + path, headers };
  headers[PROXY_TARGET_HEADER] = base;
  return { url: proxyBase.replace(/\/+$/, "") + path, headers };
}
