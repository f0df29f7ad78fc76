/**
 * compareTargets in a worker: the comparison of two grid columns (McNemar, a seeded bootstrap,
 * summaries) is the one heavy computation of the Suite tab, so it never blocks the grid. Only
 * the two sides' cells are posted. Without Worker (tests, jsdom) it runs in place.
 */
import { compareTargets } from "../../contracts/eval/compare.ts";
import type { CellResult } from "../../contracts/eval/suite/types.ts";

export type Comparison = ReturnType<typeof compareTargets>;
type Side = Parameters<typeof compareTargets>[1];

export interface CompareRequest {
  id: number;
  cells: CellResult[];
  before: Side;
  after: Side;
}

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, (c: Comparison) => void>();

export function compareInWorker(cells: readonly CellResult[], before: Side, after: Side): Promise<Comparison> {
  const mine = cells.filter(
    (c) => (c.targetId === before.targetId && c.endpointId === before.endpointId) || (c.targetId === after.targetId && c.endpointId === after.endpointId),
  );
  if (typeof Worker !== "function") return Promise.resolve(compareTargets(mine, before, after));
  if (!worker) {
    worker = new Worker(new URL("./compare.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<{ id: number; value: Comparison }>) => {
      waiting.get(e.data.id)?.(e.data.value);
      waiting.delete(e.data.id);
    };
  }
  const id = ++seq;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, cells: mine, before, after } satisfies CompareRequest);
  });
}
