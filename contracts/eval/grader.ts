/**
 * A rubric's grader over a real endpoint: the GraderSend that evaluateAssertions takes, built
 * on the endpoint client (runChat), so a grader call gets the same retries, timeouts, proxy
 * and cost accounting as any run. The suite runner and the CLI build one from the grader
 * endpoint and model the user picked; the key is given here and never stored.
 *
 * With the suite's response cache a grader call is cached like an answer (keyed by the exact
 * grader request, which holds the answer): rerunning a suite whose answers come from the cache
 * does not pay the grader again; an error is never cached.
 */
import type { ChatRequest } from "../assembly-types.ts";
import type { EndpointProfile } from "../client/profile.ts";
import { requestForProfile } from "../client/request.ts";
import { runChat, type FetchLike } from "../client/run.ts";
import type { GraderSend } from "./assertions/define.ts";
import type { EvaluateOptions } from "./evaluate.ts";
import { cachingFetch } from "./suite/cache.ts";
import type { ResponseCache, SuitePlan } from "./suite/types.ts";

export interface EndpointGraderInput {
  profile: EndpointProfile;
  /** The grader model; empty: the profile's default. */
  model?: string;
  apiKey?: string;
  signal?: AbortSignal;
  io?: { fetch?: FetchLike; now?: () => number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void>; proxyBase?: string; origin?: string };
  /** The suite's response cache (absent: every grading is sent). */
  cache?: ResponseCache;
  /** Epoch ms for what the cache stores (default Date.now). */
  clock?: () => number;
}

export function endpointGrader({ profile, model, apiKey, signal, io = {}, cache, clock = Date.now }: EndpointGraderInput): {
  send: GraderSend;
  model: string;
} {
  const chosen = model || profile.defaultModel;
  const send: GraderSend = async (request: ChatRequest) => {
    let fitted = requestForProfile({ ...request, model: chosen || request.model }, profile, chosen);
    // Without structured output the grader is asked for a JSON object; parseGrade checks the shape.
    if (!profile.capabilities.jsonSchema && fitted.response_format?.type === "json_schema") fitted = { ...fitted, response_format: { type: "json_object" } };
    const base: FetchLike = io.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const cached = cachingFetch(base, cache, false);
    const out = await runChat({ profile, apiKey, request: fitted, signal, ...io, fetch: cached.fetch });
    await cached.commit(out, clock).catch(() => {}); // a full cache costs a grading next time, nothing else
    const costUsd = out.cost?.totalUsd ?? null;
    if (out.status !== "ok") return { ok: false, text: out.output, message: out.error ? `${out.error.title}` : `the grader call was ${out.status}`, costUsd };
    if (out.refusal) return { ok: false, text: "", message: `the grader refused: ${out.refusal}`, costUsd };
    return { ok: true, text: out.output, costUsd };
  };
  return { send, model: chosen };
}

/**
 * The evaluator options of a suite: its plan's grader (with the key for that profile, from
 * memory), or none, so rubric assertions report "not graded". The grader's calls go through
 * `io` (the app's fetch, its proxy) like the suite's own requests.
 */
export function graderOptionsFor(
  plan: Pick<SuitePlan, "grader">,
  apiKeys: Record<string, string | undefined>,
  io: EndpointGraderInput["io"] = {},
  signal?: AbortSignal,
  /** The suite's response cache, unless the suite bypasses it. */
  cache?: ResponseCache,
): Pick<EvaluateOptions, "grader"> {
  const g = plan.grader;
  if (!g) return {};
  return {
    grader: endpointGrader({
      profile: g.profile,
      model: g.model,
      apiKey: apiKeys[g.profile.id],
      io,
      ...(signal ? { signal } : {}),
      ...(cache ? { cache } : {}),
    }),
  };
}
