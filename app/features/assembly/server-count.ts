/**
 * The server's own prompt count for the preview and the top bar's meter. The assembly worker
 * counts with an OpenAI tokenizer (o200k_base or cl100k_base), which is exact only for OpenAI's
 * models; llama.cpp and vLLM can count with the model's own tokenizer and chat template
 * (contracts/client/tokenize.ts). So, after each assembly of the open contract:
 *
 * - the selected profile's server is probed once (the answer, a route or none, is kept per
 *   profile for the session: servers without one are never asked again);
 * - where it has a route, the request about to be sent is counted there, debounced (typing
 *   sends nothing until it pauses) and with the previous count aborted, never awaited by the
 *   editor or the assembly;
 * - requests go only to the profile's own endpoint (or the app's proxy when the profile uses it),
 *   with the profile's key, as a run does.
 *
 * selectPromptCount says what to show and how to label it: "exact" (the server's count of this
 * very body), "updating" (its count of the body before the latest edit, while the new one
 * runs), "estimate" (a local tokenizer count for a model that is not OpenAI's), or "openai"
 * (the local count of an OpenAI model, no label needed).
 */
import { countPromptTokens, isOpenAiModel, type TokenCountSource } from "../../../contracts/client/tokenize.ts";
import type { EndpointProfile } from "../../../contracts/client/profile.ts";
import type { FetchLike } from "../../../contracts/client/run.ts";
import type { AssembleResult } from "../../../contracts/assembly-types.ts";
import type { TokenEncoding } from "../../../contracts/tokens.ts";
import type { StudioState, StudioStore } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import { selectOutcome } from "./selectors.ts";

/** Pause after the last change before the server is asked. */
export const SERVER_COUNT_DEBOUNCE_MS = 350;

/**
 * What a probe's answer is kept under: the profile and everything about it that can change the
 * answer (address, proxy, whether a key is sent: a 401 without one says nothing about the
 * route). Never the key itself.
 */
export function probeKey(profile: EndpointProfile, apiKey: string | undefined): string {
  return JSON.stringify([profile.id, profile.baseUrl, profile.useProxy, Boolean(apiKey)]);
}

export interface ServerCountDeps {
  fetch?: FetchLike;
  proxyBase?: string;
  /** Runs `fn` after `ms`; returns a cancel (default setTimeout). Tests run it on demand. */
  schedule?: (fn: () => void, ms: number) => () => void;
  debounceMs?: number;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export function startServerTokenCount(store: StudioStore, deps: ServerCountDeps = {}): () => void {
  const schedule = deps.schedule ?? defaultSchedule;
  const debounceMs = deps.debounceMs ?? SERVER_COUNT_DEBOUNCE_MS;
  let last: { body: string; profileKey: string; contractKey: string } | null = null;
  let cancelScheduled: (() => void) | null = null;
  let inFlight: AbortController | null = null;
  // A first request to a profile is also its probe (which route answers, if any): it is never
  // aborted by a newer edit, or the probe would start again from its first route. Its answer is
  // kept and the newer body is counted after it.
  let probing: string | null = null;

  const stop = () => {
    cancelScheduled?.();
    cancelScheduled = null;
    if (!probing) inFlight?.abort();
    inFlight = null;
  };

  const tick = () => {
    const s = store.getState();
    const result = selectOutcome(s)?.result;
    const profile = selectSelectedProfile(s);
    const contractKey = s.assembledFor?.key;
    if (!profile || !result || !contractKey) {
      if (last) stop();
      last = null;
      return;
    }
    const apiKey = s.apiKeys[profile.id] || undefined;
    const profileKey = probeKey(profile, apiKey);
    const { body, request } = result;
    if (last && last.body === body && last.profileKey === profileKey && last.contractKey === contractKey) return;
    last = { body, profileKey, contractKey };
    stop();
    if (probing === profileKey) return; // counted when the probe has answered
    const support = s.tokenizeSupport[profileKey];
    if (support?.kind === "none") return;
    const done = s.serverCount;
    if (done && done.body === body && done.profileKey === profileKey && done.contractKey === contractKey) return;

    cancelScheduled = schedule(() => {
      cancelScheduled = null;
      const controller = new AbortController();
      inFlight = controller;
      const route = support?.kind === "route" ? support.route : undefined;
      if (!route) probing = profileKey;
      countPromptTokens(profile, request, apiKey, {
        signal: controller.signal,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.proxyBase ? { proxyBase: deps.proxyBase } : {}),
        ...(route ? { route } : {}),
      })
        .then((r) => {
          const st = store.getState();
          if (!route) {
            if (probing === profileKey) probing = null;
            st.setTokenizeSupport(profileKey, r.ok ? { kind: "route", route: r.source } : { kind: "none", reason: r.reason });
            if (last && (last.body !== body || last.profileKey !== profileKey || last.contractKey !== contractKey)) {
              // Edited while probing: count what is shown now, through the route just found.
              last = null;
              tick();
              return;
            }
          }
          if (controller.signal.aborted) return;
          if (inFlight === controller) inFlight = null;
          if (r.ok) {
            st.setServerCount({ contractKey, profileKey, body, tokens: r.tokens, source: r.source });
          } else if (route) {
            // The route answered before and not now (server stopped, model unloaded): show the
            // estimate for this body; the next edit asks again.
            st.setServerCount(null);
          }
        })
        .catch(() => {
          // Aborted by a newer edit: that one asks.
          if (probing === profileKey) probing = null;
        });
    }, debounceMs);
  };

  tick();
  const unsubscribe = store.subscribe(tick);
  return () => {
    unsubscribe();
    probing = null;
    stop();
  };
}

export type PromptCountBasis = "exact" | "updating" | "estimate" | "openai";

export interface PromptCount {
  tokens: number;
  basis: PromptCountBasis;
  /** The server route for exact and updating counts. */
  source?: TokenCountSource;
  /** The local tokenizer (for estimate and openai). */
  encoding: TokenEncoding;
  /** The model the count is for (the request's). */
  model: string;
  /** For estimates: what is known of the server's own count (no profile; not in yet, or none offered). */
  server?: "no_profile" | "checking" | "none";
}

/** One sentence on what the count is, for a title or a screen reader. */
export function describePromptCount(c: PromptCount): string {
  const where =
    c.source === "vllm tokenize" ? "vLLM's /tokenize" : c.source === "llama.cpp input_tokens" ? "llama.cpp's input_tokens" : "llama.cpp's /tokenize";
  switch (c.basis) {
    case "exact":
      return `Exact: counted by the server (${where}) with the model's own tokenizer and chat template.`;
    case "updating":
      return `The server's count (${where}) of the request before the latest edit; the new count is on its way.`;
    case "estimate": {
      const why =
        c.server === "no_profile"
          ? "choose an endpoint profile whose server counts tokens (llama.cpp, vLLM) for an exact count"
          : c.server === "checking"
            ? "the server's own count is not in yet"
            : "the server offers no tokenize endpoint";
      return `Estimate: counted with ${c.encoding}, OpenAI's tokenizer; ${c.model || "this model"} tokenizes differently (${why}).`;
    }
    case "openai":
      return `Counted with ${c.encoding}, the tokenizer of OpenAI's models.`;
  }
}

let memo: { inputs: readonly unknown[]; value: PromptCount | null } | null = null;

/** The prompt count to show for the open contract, and its basis (memoized on its inputs). */
export function selectPromptCount(s: StudioState): PromptCount | null {
  const result = selectOutcome(s)?.result ?? null;
  const profile = selectSelectedProfile(s);
  const apiKey = profile ? s.apiKeys[profile.id] : undefined;
  const inputs = [result, profile, Boolean(apiKey), s.tokenizeSupport, s.serverCount, s.assembledFor?.key] as const;
  if (memo && memo.inputs.every((v, i) => v === inputs[i])) return memo.value;
  memo = { inputs, value: computePromptCount(s, result, profile, apiKey) };
  return memo.value;
}

function computePromptCount(s: StudioState, result: AssembleResult | null, profile: EndpointProfile | null, apiKey: string | undefined): PromptCount | null {
  if (!result) return null;
  const local = result.tokens;
  const model = result.request.model;
  const encoding = local?.encoding ?? s.encoding;
  let server: PromptCount["server"] = "no_profile";
  if (profile) {
    const key = probeKey(profile, apiKey || undefined);
    const c = s.serverCount;
    const support = s.tokenizeSupport[key];
    if (support?.kind === "route" && c && c.profileKey === key && c.contractKey === s.assembledFor?.key)
      return { tokens: c.tokens, basis: c.body === result.body ? "exact" : "updating", source: c.source, encoding, model };
    server = support?.kind === "none" ? "none" : "checking";
  }
  if (!local) return null;
  if (isOpenAiModel(model, profile?.baseUrl)) return { tokens: local.total, basis: "openai", encoding, model };
  return { tokens: local.total, basis: "estimate", encoding, model, server };
}
