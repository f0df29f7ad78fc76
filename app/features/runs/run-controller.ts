/**
 * Run, in the app: the thin shell around contracts/run-case. It picks the contract (the open
 * one, or the one a rerun's record belongs to), the top bar's profile and model, lets runCase's
 * plan decide the request (the same bytes the preview shows), sends it with sendRun, and files
 * the result under the contract's workspace key and content hash. Deltas are batched: the store
 * gets at most one append per animation frame, so a 500 tokens/s stream costs one render per
 * frame. Each finished run is recorded in the history (without the key; bodies dropped when
 * the profile is metrics-only).
 *
 * A controller per store holds the runs in flight, each with its own AbortController, keyed by
 * run id: several contracts can run at once; within one contract the Run tab shows one run, so
 * a second start waits for Stop or the end.
 */
import type { ChatRequest, OutputEnforcement } from "../../../contracts/assembly-types.ts";
import type { RunEvent } from "../../../contracts/client/run.ts";
import type { ToolCall } from "../../../contracts/client/tool-calls.ts";
import type { EndpointError } from "../../../contracts/client/errors.ts";
import { planRun, type RunPlan } from "../../../contracts/run-case/plan.ts";
import type { RunResult } from "../../../contracts/run-case/result.ts";
import { sendRun, type RunCaseIo } from "../../../contracts/run-case/run-case.ts";
import type { Contract } from "../../../contracts/schema/contract.ts";
import { findVersionByHash } from "../../../contracts/versions/publish.ts";
import { selectSelectedEntry, studioStore, type StudioStore } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import { idbRunHistory, makeRunRecord, type RunHistoryStore, type RunRecord } from "../../persistence/run-history.ts";

export function retryNotice(e: Extract<RunEvent, { type: "retry" }>, retries: number): string {
  const why = "status" in e.error ? String(e.error.status) : e.error.kind.replace(/_/g, " ");
  return `Retrying in ${(e.delayMs / 1000).toFixed(1)} s (${why}, attempt ${e.attempt} of ${retries})`;
}

/** The published version whose content hash this is, if any (also one frozen in an older format revision). */
function versionOf(contract: Contract, hash: string): string | null {
  return findVersionByHash(contract, hash)?.version ?? null;
}

export interface StartRunOptions {
  /** The contract to run (a workspace key); default the open one. */
  contractKey?: string;
  /** Ask for the output this way (a retry after "json_schema unsupported"). */
  enforcement?: OutputEnforcement;
  /** Run this record again: its request as sent, filed under its own contract and content hash. */
  rerun?: RunRecord;
}

export interface RunControllerDeps {
  history?: RunHistoryStore;
  /** fetch, clocks and sleep for runCase (tests inject a recorded stream). */
  io?: RunCaseIo;
  /** Resolves once the Run tab has painted (default: the next frame, then a task). */
  paint?: () => Promise<void>;
  /** Run ids (default time + random). */
  newId?: () => string;
}

const frame: (cb: () => void) => number =
  typeof requestAnimationFrame === "function" ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 16) as unknown as number;
const cancelFrame: (id: number) => void = typeof cancelAnimationFrame === "function" ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

// Let the Run tab render and paint before the request goes out: otherwise the first chunk of a
// fast endpoint waits behind that render, and the time to first token shown would include the
// app's own work instead of the endpoint's latency.
const afterPaint = () => new Promise<void>((resolve) => frame(() => setTimeout(resolve, 0)));

function endpointWords(e: EndpointError): { endpointMessage?: string } {
  return e.endpointMessage ? { endpointMessage: e.endpointMessage } : {};
}

export type RunController = ReturnType<typeof createRunController>;

export function createRunController(store: StudioStore, deps: RunControllerDeps = {}) {
  const inFlight = new Map<string, { contractKey: string; controller: AbortController }>();
  let history = deps.history ?? null;
  const newId = deps.newId ?? (() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);

  const historyStore = (): RunHistoryStore =>
    (history ??= idbRunHistory({
      // Records from before contract keys name only the contract's id: file them under the
      // workspace contract with that id, as it is when the history is first opened.
      keyForContractId: (id) => Object.values(store.getState().entries).find((e) => e.contract.id === id)?.key ?? null,
    }));

  const keyOrOpen = (key?: string) => key ?? store.getState().selectedKey;

  /** The request Run would send now for the open contract, or why it cannot. Also "Copy as code". */
  const plan = (enforcement?: OutputEnforcement): RunPlan => {
    const s = store.getState();
    const entry = selectSelectedEntry(s);
    if (!entry) return { ok: false, errors: [], warnings: [], message: "Open a contract first." };
    return planRun({ contract: entry.contract }, { profile: selectSelectedProfile(s), model: s.selectedModel, enforcement });
  };

  const isRunning = (contractKey?: string): boolean => {
    const key = keyOrOpen(contractKey);
    return [...inFlight.values()].some((r) => r.contractKey === key);
  };

  const stop = (contractKey?: string): void => {
    const key = keyOrOpen(contractKey);
    for (const r of inFlight.values()) if (r.contractKey === key) r.controller.abort();
  };

  /** Starts a run; resolves with its result and the record shown (null when nothing was sent). */
  const start = async (options: StartRunOptions = {}): Promise<{ result: RunResult; record: RunRecord } | null> => {
    const s = store.getState();
    const contractKey = options.rerun?.contractKey ?? keyOrOpen(options.contractKey);
    const entry = contractKey ? s.entries[contractKey] : undefined;
    if (!contractKey || !entry) {
      if (options.rerun) s.notify({ message: "The contract of that run is no longer in the workspace." });
      return null;
    }
    if (isRunning(contractKey)) return null;
    const profile = selectSelectedProfile(s);
    if (!profile) {
      s.notify({ message: "Add an endpoint profile to run this contract." });
      s.setEndpointsDialogOpen(true);
      return null;
    }
    const { contract } = entry;
    const recorded = options.rerun?.request ?? null;
    const enforcement = options.enforcement ?? options.rerun?.parameters.enforcement;
    const planned: RunPlan = recorded
      ? { ok: true, request: recorded, enforcement: enforcement ?? "json_schema", caseId: options.rerun?.caseId ?? null, warnings: [] }
      : planRun({ contract }, { profile, model: s.selectedModel, enforcement });
    if (!planned.ok) {
      s.notify({ message: planned.message });
      return null;
    }
    const request: ChatRequest = planned.request;
    const controller = new AbortController();
    const id = newId();
    inFlight.set(id, { contractKey, controller });
    const events: string[] = [];
    if (s.selectedKey === contractKey) s.setSideTab("run");
    s.beginRun({
      id,
      contractKey,
      contractId: contract.id,
      profileName: profile.name,
      model: request.model,
      outputKind: contract.output.kind,
      enforcement: planned.enforcement,
      request,
      startedAt: Date.now(),
    });

    let pending = "";
    let scheduled: number | null = null;
    const flush = () => {
      scheduled = null;
      if (!pending) return;
      const text = pending;
      pending = "";
      store.getState().appendRunOutput(contractKey, id, text);
    };

    let toolCalls: readonly ToolCall[] | null = null;
    let toolFrame: number | null = null;
    try {
      await (deps.paint ?? afterPaint)();
      const result = await sendRun(
        {
          contract,
          profile,
          request,
          enforcement: planned.enforcement,
          caseId: planned.caseId,
          // A rerun repeats what that run sent: it stays filed under the content it was assembled from.
          ...(options.rerun ? { contractHash: options.rerun.contractHash } : {}),
          apiKey: s.apiKeys[profile.id] || undefined,
          signal: controller.signal,
          onDelta: (text) => {
            pending += text;
            scheduled ??= frame(flush);
          },
          // A copy per frame at most: the client grows one array in place as fragments arrive.
          onToolCalls: (calls) => {
            toolCalls = calls;
            toolFrame ??= frame(() => {
              toolFrame = null;
              if (toolCalls)
                store.getState().setRunToolCalls(
                  contractKey,
                  id,
                  toolCalls.map((c) => ({ ...c })),
                );
            });
          },
          onEvent: (e) => {
            if (e.type === "first_token") store.getState().setRunTtft(contractKey, id, e.ttftMs);
            else if (e.type === "retry") {
              const notice = retryNotice(e, profile.retries);
              events.push(notice);
              store.getState().addRunEvent(contractKey, id, notice);
            }
          },
        },
        deps.io,
      );
      if (scheduled !== null) cancelFrame(scheduled);
      if (toolFrame !== null) cancelFrame(toolFrame);
      flush();
      const latest = store.getState().entries[contractKey]?.contract ?? contract;
      const record = makeRunRecord({
        id,
        contractKey,
        contractId: contract.id,
        contractVersion: versionOf(latest, result.contractHash) ?? options.rerun?.contractVersion ?? null,
        profileName: profile.name,
        metricsOnly: profile.metricsOnly,
        result,
        events,
      });
      // What the Run tab shows keeps the bodies even when the stored record does not.
      const shown: RunRecord = profile.metricsOnly
        ? {
            ...record,
            request,
            response: result.output,
            refusal: result.refusal,
            validation: result.validation,
            ...(result.logprobs !== undefined ? { logprobs: result.logprobs } : {}),
            ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
            error: record.error && result.error ? { ...record.error, ...endpointWords(result.error) } : record.error,
          }
        : record;
      store.getState().finishRun(shown);
      historyStore()
        .save(record)
        .catch(() => store.getState().notify({ message: "The run could not be saved to the history (browser storage unavailable)." }));
      return { result, record: shown };
    } finally {
      inFlight.delete(id);
    }
  };

  /** Loads the open contract's history into the store whenever the open contract changes. */
  const startHistoryLoader = (): (() => void) => {
    let loadedFor: string | null = null;
    const tick = () => {
      const key = store.getState().selectedKey;
      if (key === loadedFor || (key && !store.getState().entries[key])) return;
      loadedFor = key;
      if (!key) return;
      void historyStore()
        .list(key)
        .then((listing) => {
          if (loadedFor === key) store.getState().setRunHistory(key, listing);
        })
        .catch(() => {});
    };
    tick();
    return store.subscribe(tick);
  };

  return { start, stop, isRunning, plan, history: historyStore, startHistoryLoader, inFlight: () => inFlight.size };
}

const controllers = new WeakMap<StudioStore, RunController>();

/** The store's run controller (created on first use; tests may install their own first). */
export function runControllerFor(store: StudioStore, deps?: RunControllerDeps): RunController {
  let c = controllers.get(store);
  if (!c || deps) {
    c = createRunController(store, deps);
    controllers.set(store, c);
  }
  return c;
}

export const startRun = (store: StudioStore, options?: StartRunOptions) => runControllerFor(store).start(options);
export const stopRun = (store: StudioStore = studioStore) => runControllerFor(store).stop();
export const isRunning = (store: StudioStore = studioStore) => runControllerFor(store).isRunning();
export const plannedRequest = (store: StudioStore, enforcement?: OutputEnforcement) => runControllerFor(store).plan(enforcement);
export const startHistoryLoader = (store: StudioStore) => runControllerFor(store).startHistoryLoader();
