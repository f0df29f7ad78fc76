/**
 * Run: assemble the open contract for the selected profile and model (contracts/assemble, the
 * same request the preview shows, with the profile's model and streaming), send it with
 * runChat, and keep the answer, timings and validation. Deltas are batched: the store gets at
 * most one append per animation frame, so a 500 tokens/s stream costs one render per frame.
 * Each finished run is recorded in the history (without the key; bodies dropped when the
 * profile is metrics-only).
 */
import { assemble } from "../../../contracts/assemble.ts";
import type { ChatRequest, OutputEnforcement } from "../../../contracts/assembly-types.ts";
import { requestForProfile } from "../../../contracts/client/request.ts";
import { runChat, type RunEvent } from "../../../contracts/client/run.ts";
import type { EndpointError } from "../../../contracts/client/errors.ts";
import { contentHash } from "../../../contracts/versions/hash.ts";
import { draftBody } from "../../../contracts/versions/publish.ts";
import { validateOutput } from "../../../contracts/validate-output.ts";
import type { Contract } from "../../../contracts/schema/contract.ts";
import { selectSelectedEntry, type StudioStore } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import { idbRunHistory, makeRunRecord, type RunHistoryStore, type RunRecord } from "../../persistence/run-history.ts";

let active: AbortController | null = null;
let history: RunHistoryStore | null = null;

/** The history store (IndexedDB by default; tests and benchmarks may swap it). */
export function runHistory(): RunHistoryStore {
  history ??= idbRunHistory();
  return history;
}
export function setRunHistoryStore(store: RunHistoryStore): void {
  history = store;
}

export function retryNotice(e: Extract<RunEvent, { type: "retry" }>, retries: number): string {
  const why = "status" in e.error ? String(e.error.status) : e.error.kind.replace(/_/g, " ");
  return `Retrying in ${(e.delayMs / 1000).toFixed(1)} s (${why}, attempt ${e.attempt} of ${retries})`;
}

/** The published version whose content is the draft's, if any. */
function versionOf(contract: Contract, hash: string): string | null {
  return contract.history?.versions.find((v) => v.hash === hash)?.version ?? null;
}

export interface StartRunOptions {
  /** Ask for the output this way (a retry after "json_schema unsupported"). */
  enforcement?: OutputEnforcement;
  /** Send this request as is (a rerun from the history). */
  request?: ChatRequest;
}

function defaultEnforcement(contract: Contract, jsonSchemaCapable: boolean): OutputEnforcement {
  return contract.output.kind === "json_schema" && !jsonSchemaCapable ? "json_object" : "json_schema";
}

/** The request Run would send now, or why it cannot. Also used by "Copy as code". */
export function plannedRequest(store: StudioStore, enforcement?: OutputEnforcement): { ok: true; request: ChatRequest; enforcement: OutputEnforcement } | { ok: false; message: string } {
  const s = store.getState();
  const entry = selectSelectedEntry(s);
  if (!entry) return { ok: false, message: "Open a contract first." };
  const profile = selectSelectedProfile(s);
  const model = s.selectedModel || profile?.defaultModel || entry.contract.model.model;
  const how = enforcement ?? defaultEnforcement(entry.contract, profile?.capabilities.jsonSchema ?? true);
  let result;
  try {
    result = assemble(entry.contract, {}, { model, enforcement: how, countTokens: false, stream: profile?.capabilities.streaming ?? true });
  } catch (e) {
    return { ok: false, message: `The contract could not be assembled: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!result.ok) return { ok: false, message: `Fix the contract's errors first: ${result.issues.filter((i) => i.severity === "error").map((i) => `${i.path}: ${i.message}`).join("; ")}` };
  const request = profile ? requestForProfile(result.request, profile, model) : result.request;
  if (!request.model) return { ok: false, message: "Choose a model in the top bar (or set one in the profile or the contract)." };
  return { ok: true, request, enforcement: how };
}

const frame: (cb: () => void) => number =
  typeof requestAnimationFrame === "function" ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 16) as unknown as number;
const cancelFrame: (id: number) => void = typeof cancelAnimationFrame === "function" ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

export async function startRun(store: StudioStore, options: StartRunOptions = {}): Promise<RunRecord | null> {
  const s = store.getState();
  if (active) return null;
  const entry = selectSelectedEntry(s);
  const profile = selectSelectedProfile(s);
  if (!entry) return null;
  if (!profile) {
    s.notify({ message: "Add an endpoint profile to run this contract." });
    s.setEndpointsDialogOpen(true);
    return null;
  }
  const planned = options.request
    ? { ok: true as const, request: options.request, enforcement: options.enforcement ?? defaultEnforcement(entry.contract, profile.capabilities.jsonSchema) }
    : plannedRequest(store, options.enforcement);
  if (!planned.ok) {
    s.notify({ message: planned.message });
    return null;
  }
  const { contract } = entry;
  const { request, enforcement } = planned;
  const controller = new AbortController();
  active = controller;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const events: string[] = [];
  s.setSideTab("run");
  s.beginRun({ id, contractId: contract.id, profileName: profile.name, model: request.model, outputKind: contract.output.kind, enforcement, request, startedAt: Date.now() });

  let pending = "";
  let scheduled: number | null = null;
  const flush = () => {
    scheduled = null;
    if (!pending) return;
    const text = pending;
    pending = "";
    store.getState().appendRunOutput(text);
  };

  try {
    // Let the Run tab render and paint before the request goes out: otherwise the first chunk
    // of a fast endpoint waits behind that render, and the time to first token shown would
    // include the app's own work instead of the endpoint's latency.
    await new Promise<void>((resolve) => frame(() => setTimeout(resolve, 0)));
    const outcome = await runChat({
      profile,
      apiKey: s.apiKeys[profile.id] || undefined,
      request,
      signal: controller.signal,
      onDelta: (text) => {
        pending += text;
        scheduled ??= frame(flush);
      },
      onEvent: (e) => {
        if (e.type === "first_token") store.getState().setRunTtft(e.ttftMs);
        else if (e.type === "retry") {
          const notice = retryNotice(e, profile.retries);
          events.push(notice);
          store.getState().addRunEvent(notice);
        }
      },
    });
    if (scheduled !== null) cancelFrame(scheduled);
    flush();
    const validation = outcome.status === "ok" && !outcome.refusal ? validateOutput(contract.output, outcome.output) : null;
    const hash = contentHash(draftBody(contract));
    const record = makeRunRecord({
      id,
      contractId: contract.id,
      contractHash: hash,
      contractVersion: versionOf(contract, hash),
      profileName: profile.name,
      metricsOnly: profile.metricsOnly,
      outputKind: contract.output.kind,
      enforcement,
      request,
      outcome,
      validation,
      events,
    });
    // What the Run tab shows keeps the bodies even when the stored record does not.
    const shown: RunRecord = profile.metricsOnly
      ? { ...record, request, response: outcome.output, refusal: outcome.refusal, validation, error: record.error && outcome.error ? { ...record.error, ...endpointWords(outcome.error) } : record.error }
      : record;
    store.getState().finishRun(shown);
    runHistory()
      .save(record)
      .catch(() => store.getState().notify({ message: "The run could not be saved to the history (browser storage unavailable)." }));
    return shown;
  } finally {
    active = null;
  }
}

function endpointWords(e: EndpointError): { endpointMessage?: string } {
  return e.endpointMessage ? { endpointMessage: e.endpointMessage } : {};
}

export function stopRun(): void {
  active?.abort();
}

export const isRunning = (): boolean => active !== null;

/** Loads the open contract's history into the store when the open contract changes. */
export function startHistoryLoader(store: StudioStore): () => void {
  let loadedFor: string | null = null;
  const tick = () => {
    const entry = selectSelectedEntry(store.getState());
    const id = entry?.contract.id ?? null;
    if (id === loadedFor) return;
    loadedFor = id;
    if (!id) return;
    void runHistory()
      .list(id)
      .then((records) => {
        if (loadedFor === id) store.getState().setRunHistory(id, records);
      })
      .catch(() => {});
  };
  tick();
  return store.subscribe(tick);
}
