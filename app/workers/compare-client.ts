/**
 * compareTargets in a worker: the comparison of two grid columns (McNemar, a seeded bootstrap,
 * summaries) is the one heavy computation of the Suite tab, so it never blocks the grid. The
 * grid holds only cell summaries, so the worker reads the suite's full cells from IndexedDB
 * itself (nothing large crosses to or from the main thread, nothing is parsed there).
 * Refusal and "I don't know" are judged in each target's own policy (as summary.ts classifyForPlan).
 * Without Worker (tests, jsdom), or when the worker cannot read the database, it runs in place
 * on the cells `load` gives.
 */
import { compareTargets } from "../../contracts/eval/compare.ts";
import { classifyForTargets, type PolicyStyle } from "../../contracts/eval/suite/cell-summary.ts";
import type { CellResult } from "../../contracts/eval/suite/types.ts";

export type Comparison = ReturnType<typeof compareTargets>;
export type Side = Parameters<typeof compareTargets>[1];

export interface CompareRequest {
  id: number;
  suiteId: string;
  /** The runs database (absent: the app's). */
  dbName?: string;
  before: Side;
  after: Side;
}
export type CompareReply = { id: number; value: Comparison } | { id: number; error: string };

/** The plan's targets with their policy texts. */
export interface PlanPolicies {
  targets: readonly { id: string; body: { policy: PolicyStyle } }[];
}

export interface CompareSource {
  suiteId: string;
  dbName?: string;
  plan: PlanPolicies;
  /** The suite's full cells, for the comparison in place. */
  load: () => Promise<readonly CellResult[]>;
}

const sameSide = (c: CellResult, s: Side) => c.targetId === s.targetId && c.endpointId === s.endpointId;

/** The comparison itself (the worker and the fallback): only the two sides' cells. */
export function compareSides(cells: readonly CellResult[], plan: PlanPolicies, before: Side, after: Side): Comparison {
  const mine = cells.filter((c) => sameSide(c, before) || sameSide(c, after));
  return compareTargets(mine, before, after, { classify: classifyForTargets(plan.targets) });
}

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, (r: CompareReply) => void>();

export async function compareInWorker(source: CompareSource, before: Side, after: Side): Promise<Comparison> {
  const inPlace = async () => compareSides(await source.load(), source.plan, before, after);
  if (typeof Worker !== "function") return inPlace();
  if (!worker) {
    worker = new Worker(new URL("./compare.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<CompareReply>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    };
  }
  const id = ++seq;
  const reply = await new Promise<CompareReply>((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, suiteId: source.suiteId, before, after, ...(source.dbName ? { dbName: source.dbName } : {}) } satisfies CompareRequest);
  });
  return "value" in reply ? reply.value : inPlace();
}
