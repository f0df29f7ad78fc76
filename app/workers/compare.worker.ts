/** Compares two columns of a suite off the main thread (a bootstrap over 2,500 cases takes ~100 ms). */
import { compareTargets } from "../../contracts/eval/compare.ts";
import type { CompareRequest } from "./compare-client.ts";

self.onmessage = (e: MessageEvent<CompareRequest>) => {
  const { id, cells, before, after } = e.data;
  self.postMessage({ id, value: compareTargets(cells, before, after) });
};
