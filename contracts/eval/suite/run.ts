/**
 * runSuite: runs a plan's unfinished cells through runCase, each as its own run with its own
 * slot, and reports every finished cell as it lands.
 *
 * - Concurrency: at most `options.concurrency` requests in flight in all and `perEndpoint` per
 *   endpoint profile (limiter.ts). Cells wait in one queue per profile, so a throttled endpoint
 *   does not hold back the others.
 * - 429: the endpoint's limit halves and grows back one step per window of successes. runChat
 *   retries the request itself (so a retry is one cell with `attempts` > 1, never a second
 *   cell); while it waits out the Retry-After its slot is given back and taken again (under
 *   the new limit) before the retry is sent. That is why `io.sleep` is wrapped here.
 * - Cancel: the signal aborts every request in flight; cells that finished are kept, aborted
 *   ones are not stored (a resume runs them).
 * - Resume: a cell already in the store is not run again, unless it ended with an endpoint
 *   error (a suite cut short by a dropped connection should finish when resumed). A cell that
 *   could not be planned is stored: it would fail the same way again.
 * - Cache: see cache.ts; a hit still takes a slot for the few milliseconds runCase needs.
 * - A slot is held from sending to the end of the answer; checking the answer and storing the
 *   cell happen after it is freed, so a slow store does not slow the endpoint down.
 */
import { abortableSleep } from "../../client/retry.ts";
import type { FetchLike } from "../../client/run.ts";
import type { RunResult } from "../../run-case/result.ts";
import type { Contract } from "../../schema/contract.ts";
import { caseCanary } from "../canary.ts";
import { evaluateAssertions } from "../evaluate.ts";
import { cachingFetch } from "./cache.ts";
import { Limiter } from "./limiter.ts";
import { cellModel } from "./plan.ts";
import type {
  CellAssertionOutcome,
  CellParameters,
  CellResult,
  PlannedCase,
  PlannedEndpoint,
  PlannedTarget,
  RunSuite,
  RunSuiteOptions,
  SuiteCell,
  SuiteDeps,
  SuiteEvent,
  SuiteOutcome,
  SuitePlan,
  SuiteProgress,
} from "./types.ts";

/** Finished for resume: answered, or deterministically unsendable. Endpoint errors are tried again. */
export function isFinished(result: CellResult): boolean {
  return result.run === null || result.run.status === "ok";
}

function parametersOf(run: RunResult | null): CellParameters {
  const r = run?.request;
  return {
    enforcement: run?.enforcement ?? null,
    temperature: r?.temperature ?? null,
    top_p: r?.top_p ?? null,
    max_tokens: r?.max_tokens ?? null,
    seed: r?.seed ?? null,
  };
}

interface Waiter {
  /** Called with the slot already taken (the epoch it was taken in). */
  resolve: (epoch: number) => void;
  reject: (reason: unknown) => void;
}

export const runSuite: RunSuite = async (plan: SuitePlan, deps: SuiteDeps, options: RunSuiteOptions = {}): Promise<SuiteOutcome> => {
  const now = deps.now ?? (() => performance.now());
  const clock = deps.clock ?? Date.now;
  const emit = (e: SuiteEvent) => options.onEvent?.(e);
  const targets = new Map<string, PlannedTarget>(plan.targets.map((t) => [t.id, t]));
  const endpoints = new Map<string, PlannedEndpoint>(plan.endpoints.map((e) => [e.id, e]));
  const cases = new Map<string, PlannedCase>(plan.cases.map((c) => [c.id, c]));
  const limiter = new Limiter(plan.options.concurrency, plan.options.perEndpoint ?? plan.options.concurrency);
  const startedAt = now();

  const progress: SuiteProgress = {
    total: plan.cells.length,
    done: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    cached: 0,
    resumed: 0,
    inFlight: 0,
    retries: 0,
    elapsedMs: 0,
    etaMs: null,
  };
  let finishedHere = 0;
  const snapshot = (): SuiteProgress => {
    const elapsedMs = now() - startedAt;
    const remaining = progress.total - progress.done;
    const etaMs = remaining === 0 ? 0 : finishedHere > 0 ? (elapsedMs / finishedHere) * remaining : null;
    return { ...progress, inFlight: limiter.inFlight, elapsedMs, etaMs };
  };
  const count = (r: CellResult) => {
    progress.done++;
    if (r.passed) progress.passed++;
    else if (r.run === null || r.run.status !== "ok") progress.errored++;
    else progress.failed++;
    if (r.cached) progress.cached++;
    // The suite's cost: the answers' and, apart, the rubric graders' (each outcome's costUsd).
    progress.costUsd = (progress.costUsd ?? 0) + (r.run?.cost?.totalUsd ?? 0);
    let grading = 0;
    for (const a of r.assertions) if (typeof a.costUsd === "number") grading += a.costUsd;
    progress.gradingCostUsd = (progress.gradingCostUsd ?? 0) + grading;
  };

  // Resume: what the store already holds.
  const keep = options.keepResults !== false;
  const results = new Map<string, CellResult>();
  const stored = await Promise.all(plan.cells.map((c) => deps.store.get(c.id)));
  const pending: SuiteCell[] = [];
  const resumed: [id: string, result: CellResult][] = [];
  plan.cells.forEach((cell, i) => {
    const r = stored[i];
    if (r && isFinished(r)) {
      resumed.push([cell.id, r]);
      count(r);
      progress.resumed++;
    } else pending.push(cell);
  });
  emit({ type: "start", suiteId: plan.id, progress: snapshot() });
  for (const [id, r] of resumed) {
    if (keep) results.set(id, r);
    emit({ type: "cell_done", result: r, resumed: true, progress: snapshot() });
  }
  resumed.length = 0;

  // One queue per endpoint profile; retries waiting for their slot go first.
  const keyOf = (cell: SuiteCell) => endpoints.get(cell.endpointId)!.profile.id;
  const queues = new Map<string, SuiteCell[]>();
  for (const cell of pending) {
    const q = queues.get(keyOf(cell));
    if (q) q.push(cell);
    else queues.set(keyOf(cell), [cell]);
  }
  const waiters = new Map<string, Waiter[]>();
  const controller = new AbortController();
  // Each cell has its own controller, aborted with the suite's: a listener per request in
  // flight on one shared signal set off Node's MaxListeners warning past 10 at a time.
  const live = new Set<AbortController>();
  controller.signal.addEventListener("abort", () => {
    for (const c of live) c.abort(controller.signal.reason);
  });
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  let running = 0;
  // A store or evaluator that throws ends the suite: its results could not be kept.
  let fatal: { error: unknown } | null = null;
  let settle: () => void = () => {};
  const allDone = new Promise<void>((r) => (settle = r));

  const pump = () => {
    if (controller.signal.aborted) {
      for (const list of waiters.values()) for (const w of list.splice(0)) w.reject(controller.signal.reason);
      if (running === 0) settle();
      return;
    }
    let progressed = true;
    while (progressed && limiter.inFlight < limiter.overall) {
      progressed = false;
      for (const [key, list] of waiters) {
        if (list.length && limiter.canStart(key)) {
          list.shift()!.resolve(limiter.start(key));
          progressed = true;
        }
      }
      for (const [key, q] of queues) {
        if (q.length && limiter.canStart(key)) {
          void runCell(q.shift()!);
          progressed = true;
        }
      }
    }
    if (running === 0 && [...queues.values()].every((q) => !q.length)) settle();
  };

  const runCell = async (cell: SuiteCell) => {
    running++;
    const key = keyOf(cell);
    const lease = { held: true, epoch: limiter.start(key) };
    const target = targets.get(cell.targetId)!;
    const endpoint = endpoints.get(cell.endpointId)!;
    const planned = cases.get(cell.caseId)!;
    const model = cellModel(target, endpoint);
    const onRateLimit = () => {
      const limit = limiter.rateLimited(key, lease.epoch);
      if (limit !== null) emit({ type: "rate_limited", profileId: key, limit, progress: snapshot() });
    };
    const baseSleep = deps.io?.sleep ?? abortableSleep;
    // runChat sleeps only between attempts: give the slot back meanwhile, take it again before the retry.
    const sleep = async (ms: number, signal?: AbortSignal) => {
      if (lease.held) {
        lease.held = false;
        limiter.finish(key);
        pump();
      }
      await baseSleep(ms, signal);
      if (signal?.aborted) throw signal.reason;
      lease.epoch = await new Promise<number>((resolve, reject) => {
        const list = waiters.get(key) ?? [];
        waiters.set(key, list);
        list.push({ resolve, reject });
        pump();
      });
      lease.held = true;
    };
    const baseFetch: FetchLike = deps.io?.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const cache = cachingFetch(baseFetch, deps.cache, plan.options.bypassCache, cell.repeat);
    emit({ type: "cell_start", cellId: cell.id, progress: snapshot() });
    const cellController = new AbortController();
    if (controller.signal.aborted) cellController.abort(controller.signal.reason);
    live.add(cellController);
    let result: CellResult;
    try {
      const outcome = await deps.send(
        {
          contract: target.body,
          // Hashed once per target by planSuite: hashing the body (every case in it) per cell made 10,000 cells quadratic.
          contractHash: target.contractHash,
          testCase: planned.testCase,
          // A case that checks canary_not_leaked runs with a canary in its system message (eval/canary.ts).
          canary: caseCanary(target.body.id, planned.testCase),
          profile: endpoint.profile,
          model,
          apiKey: deps.apiKeys?.[endpoint.profile.id],
          signal: cellController.signal,
          onEvent: (e) => {
            if (e.type !== "retry") return;
            progress.retries++;
            if (e.error.kind === "rate_limited") onRateLimit();
          },
        },
        { ...deps.io, fetch: cache.fetch, sleep },
      );
      // The request is over: free the slot now, not after the checks and the store's write.
      if (lease.held) {
        lease.held = false;
        limiter.finish(key);
        pump();
      }
      const base = {
        cellId: cell.id,
        suiteId: plan.id,
        caseId: cell.caseId,
        split: planned.split,
        targetId: cell.targetId,
        endpointId: cell.endpointId,
        repeat: cell.repeat,
        contractHash: target.contractHash,
        model,
      };
      if (!outcome.ok) {
        const { message, errors } = outcome.plan;
        result = {
          ...base,
          parameters: parametersOf(null),
          run: null,
          notSent: { message, errors: errors.map((e) => ({ path: e.path, message: e.message })) },
          assertions: [],
          passed: false,
          cached: false,
          attempts: 0,
          finishedAt: clock(),
        };
      } else {
        let run = outcome.result;
        if (run.status === "aborted") return; // not finished: a resume runs it
        if (run.error?.kind === "rate_limited") onRateLimit();
        else if (run.status === "ok") limiter.succeeded(key);
        const hit = cache.hit();
        if (hit) run = { ...run, timings: { ...run.timings, ...hit.timings } };
        else await cache.commit(run, clock);
        // Failed runs are judged too: the evaluator says, per assertion, that there was no answer.
        let assertions: CellAssertionOutcome[] = [];
        {
          try {
            const evaluate = deps.evaluate ?? evaluateAssertions;
            assertions = [...(await evaluate(target.body as Contract, planned.testCase, run, deps.evaluateOptions ?? {}))];
          } catch (e) {
            assertions = [{ pass: false, reason: `the assertions could not be evaluated: ${e instanceof Error ? e.message : String(e)}` }];
          }
        }
        result = {
          ...base,
          contractHash: run.contractHash,
          parameters: parametersOf(run),
          run,
          notSent: null,
          assertions,
          passed: run.status === "ok" && assertions.every((a) => a.pass),
          cached: hit !== null,
          attempts: run.attempts,
          finishedAt: clock(),
        };
      }
      // A cancel that lands while the answer is checked still keeps the finished cell.
      await deps.store.put(result);
      if (keep) results.set(cell.id, result);
      finishedHere++;
      count(result);
      emit({ type: "cell_done", result, resumed: false, progress: snapshot() });
    } catch (error) {
      fatal ??= { error };
      controller.abort(error);
    } finally {
      live.delete(cellController);
      if (lease.held) limiter.finish(key);
      running--;
      pump();
    }
  };

  pump();
  await allDone;
  options.signal?.removeEventListener("abort", onAbort);
  if (fatal) throw (fatal as { error: unknown }).error;
  const status = controller.signal.aborted && progress.done < progress.total ? "cancelled" : "completed";
  const final = snapshot();
  emit({ type: "finished", status, progress: final });
  return { status, progress: final, results: plan.cells.flatMap((c) => results.get(c.id) ?? []) };
};

/** runSuite as an async iterable of its events (the CLI's `for await`); the last event is "finished". */
export function suiteEvents(plan: SuitePlan, deps: SuiteDeps, options: Omit<RunSuiteOptions, "onEvent"> = {}): AsyncIterable<SuiteEvent> {
  return {
    [Symbol.asyncIterator]() {
      const queue: SuiteEvent[] = [];
      let wake: (() => void) | null = null;
      let ended = false;
      let failure: unknown = null;
      runSuite(plan, deps, {
        ...options,
        onEvent: (e) => {
          queue.push(e);
          wake?.();
        },
      }).then(
        () => {
          ended = true;
          wake?.();
        },
        (e: unknown) => {
          failure = e ?? new Error("the suite failed");
          ended = true;
          wake?.();
        },
      );
      return {
        async next(): Promise<IteratorResult<SuiteEvent>> {
          for (;;) {
            if (queue.length) return { value: queue.shift()!, done: false };
            if (failure) throw failure;
            if (ended) return { value: undefined, done: true };
            await new Promise<void>((r) => (wake = r));
            wake = null;
          }
        },
      };
    },
  };
}
