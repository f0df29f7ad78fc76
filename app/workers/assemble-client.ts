/**
 * Talks to the assembly worker, latest request wins: while a job runs, newer requests replace
 * each other in a one-slot queue, and a reply for anything but the newest request is dropped.
 * So a fast typist on a 1 MB contract costs one assembly at a time, never a backlog.
 * Without Worker (jsdom), jobs run on the main thread, still asynchronously.
 */
import type { Contract } from "../../contracts/index.ts";
import type { TokenEncoding } from "../../contracts/tokens.ts";
import type { AssemblyOutcome } from "../store/preview-slice.ts";
import { runAssembleJob, type AssembleJob, type AssembleReply, type AssembleTarget } from "./assemble-core.ts";

export interface AssembleClient {
  /** Resolves with the outcome, or null when a newer request superseded this one. */
  request(contract: Contract, encoding: TokenEncoding, target?: AssembleTarget): Promise<AssemblyOutcome | null>;
  dispose(): void;
}

interface Pending {
  job: AssembleJob;
  resolve: (o: AssemblyOutcome | null) => void;
}

export function createAssembleClient({ useWorker = typeof Worker !== "undefined" } = {}): AssembleClient {
  let nextId = 1;
  let latest = 0;
  let running: Pending | null = null;
  let queued: Pending | null = null;
  let worker: Worker | null = null;

  const finish = (reply: AssembleReply) => {
    const done = running;
    running = null;
    if (done && done.job.id === reply.id) done.resolve(reply.id === latest ? reply.outcome : null);
    if (queued) start(queued);
  };

  const start = (p: Pending) => {
    queued = null;
    running = p;
    if (worker) worker.postMessage(p.job);
    else void runAssembleJob(p.job).then(finish);
  };

  if (useWorker) {
    try {
      worker = new Worker(new URL("./assemble.worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = (e: MessageEvent<AssembleReply>) => finish(e.data);
      worker.onerror = (e) => {
        const p = running;
        if (p) finish({ id: p.job.id, outcome: { validation: [], result: null, failure: e.message || "the assembly worker failed", draftHash: null } });
      };
    } catch {
      worker = null;
    }
  }

  return {
    request: (contract, encoding, target) =>
      new Promise((resolve) => {
        const job: AssembleJob = { id: nextId++, contract, encoding, ...(target ? { target } : {}) };
        latest = job.id;
        queued?.resolve(null);
        const p = { job, resolve };
        if (running) queued = p;
        else start(p);
      }),
    dispose: () => {
      worker?.terminate();
      queued?.resolve(null);
      running?.resolve(null);
      queued = running = null;
    },
  };
}
