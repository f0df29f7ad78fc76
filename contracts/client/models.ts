/**
 * "Test connection": GET {base}/models, the cheapest call every OpenAI-compatible server offers.
 * No retries, so a wrong address or key is reported at once.
 */
import { classifyHttpError, fetchFailureCause, networkError, timeoutError, type EndpointError } from "./errors.ts";
import { endpointTarget, type EndpointProfile } from "./profile.ts";
import { pageOrigin, type FetchLike } from "./run.ts";

export type ListModelsResult = { ok: true; models: string[] } | { ok: false; error: EndpointError };

export interface ListModelsOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Default: the profile's first-byte timeout. */
  timeoutMs?: number;
  proxyBase?: string;
  origin?: string;
}

export async function listModels(profile: EndpointProfile, apiKey?: string, options: ListModelsOptions = {}): Promise<ListModelsResult> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const target = endpointTarget(profile, "/models", apiKey, options.proxyBase);
  const timeoutMs = options.timeoutMs ?? profile.timeouts.firstByteMs;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetchFn(target.url, { method: "GET", headers: target.headers, signal: controller.signal });
    const text = await res.text();
    if (!res.ok)
      return { ok: false, error: classifyHttpError({ status: res.status, body: text, retryAfter: res.headers.get("retry-after"), keySent: Boolean(apiKey) }) };
    let data: unknown;
    try {
      data = (JSON.parse(text) as { data?: unknown }).data;
    } catch {
      data = undefined;
    }
    if (!Array.isArray(data))
      return {
        ok: false,
        error: {
          ...classifyHttpError({ status: 404, body: "" }),
          title: "This does not look like an OpenAI-compatible endpoint",
          explanation: `GET ${profile.baseUrl.replace(/\/+$/, "")}/models answered, but not with a model list.`,
        },
      };
    const models = data
      .map((m) => (m && typeof m === "object" && typeof (m as { id?: unknown }).id === "string" ? (m as { id: string }).id : null))
      .filter((id): id is string => id !== null);
    return { ok: true, models: [...new Set(models)].sort() };
  } catch (e) {
    if (timedOut) return { ok: false, error: timeoutError("timeout_first_byte", timeoutMs) };
    if (controller.signal.aborted)
      return { ok: false, error: { kind: "aborted", retryable: false, title: "Stopped", explanation: "The connection test was cancelled.", advice: [] } };
    return {
      ok: false,
      error: networkError({
        baseUrl: profile.baseUrl,
        origin: options.origin ?? pageOrigin(),
        viaProxy: profile.useProxy,
        cause: fetchFailureCause(e),
        sentHeaders: Object.keys(target.headers),
      }),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
