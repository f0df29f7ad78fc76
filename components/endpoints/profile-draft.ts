/**
 * The profile form's draft: strings as typed, turned into an EndpointProfile (or field errors)
 * by the contracts schema. Extra headers are typed one per line as `Name: value`.
 */
import { EndpointProfileSchema, type EndpointProfile } from "../../contracts/client/profile.ts";

export interface ProfileDraft {
  id: string;
  name: string;
  baseUrl: string;
  defaultModel: string;
  headers: string;
  jsonSchema: boolean;
  streaming: boolean;
  usageInStream: boolean;
  inputPrice: string;
  outputPrice: string;
  useProxy: boolean;
  metricsOnly: boolean;
  firstByteSec: string;
  idleSec: string;
  retries: string;
}

export function newProfileId(): string {
  return `ep-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function draftOf(p: EndpointProfile | null): ProfileDraft {
  if (!p)
    return {
      id: newProfileId(),
      name: "",
      baseUrl: "",
      defaultModel: "",
      headers: "",
      jsonSchema: true,
      streaming: true,
      usageInStream: true,
      inputPrice: "",
      outputPrice: "",
      useProxy: false,
      metricsOnly: false,
      firstByteSec: "60",
      idleSec: "30",
      retries: "2",
    };
  return {
    id: p.id,
    name: p.name,
    baseUrl: p.baseUrl,
    defaultModel: p.defaultModel,
    headers: Object.entries(p.extraHeaders)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
    jsonSchema: p.capabilities.jsonSchema,
    streaming: p.capabilities.streaming,
    usageInStream: p.capabilities.usageInStream,
    inputPrice: p.prices ? String(p.prices.inputPerMTok) : "",
    outputPrice: p.prices ? String(p.prices.outputPerMTok) : "",
    useProxy: p.useProxy,
    metricsOnly: p.metricsOnly,
    firstByteSec: String(p.timeouts.firstByteMs / 1000),
    idleSec: String(p.timeouts.idleMs / 1000),
    retries: String(p.retries),
  };
}

export type DraftErrors = Partial<Record<"name" | "baseUrl" | "headers" | "prices" | "timeouts" | "retries", string>>;

function parseHeaders(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const i = line.indexOf(":");
    if (i <= 0) return `"${line.trim()}" is not "Name: value"`;
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

const num = (s: string): number => (s.trim() === "" ? NaN : Number(s));

export function profileFromDraft(d: ProfileDraft): { ok: true; profile: EndpointProfile } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const headers = parseHeaders(d.headers);
  if (typeof headers === "string") errors.headers = headers;
  const inP = num(d.inputPrice);
  const outP = num(d.outputPrice);
  const noPrices = d.inputPrice.trim() === "" && d.outputPrice.trim() === "";
  if (!noPrices && !(inP >= 0 && outP >= 0)) errors.prices = "give both prices as numbers (USD per million tokens), or leave both empty";
  const parsed = EndpointProfileSchema.safeParse({
    id: d.id,
    name: d.name.trim(),
    baseUrl: d.baseUrl.trim(),
    defaultModel: d.defaultModel.trim(),
    extraHeaders: typeof headers === "string" ? {} : headers,
    capabilities: { jsonSchema: d.jsonSchema, streaming: d.streaming, usageInStream: d.usageInStream },
    ...(noPrices || errors.prices ? {} : { prices: { inputPerMTok: inP, outputPerMTok: outP } }),
    useProxy: d.useProxy,
    metricsOnly: d.metricsOnly,
    timeouts: { firstByteMs: Math.round(num(d.firstByteSec) * 1000), idleMs: Math.round(num(d.idleSec) * 1000) },
    retries: num(d.retries),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      const key: keyof DraftErrors | null =
        field === "name"
          ? "name"
          : field === "baseUrl"
            ? "baseUrl"
            : field === "extraHeaders"
              ? "headers"
              : field === "timeouts"
                ? "timeouts"
                : field === "retries"
                  ? "retries"
                  : field === "prices"
                    ? "prices"
                    : null;
      if (key && !errors[key])
        errors[key] =
          key === "timeouts"
            ? "timeouts must be positive numbers of seconds"
            : key === "retries"
              ? "retries must be a whole number from 0 to 10"
              : issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, profile: parsed.data };
}
