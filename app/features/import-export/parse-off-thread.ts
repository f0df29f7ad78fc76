/**
 * Parsing and validating a large contract file blocks for a while (a 10 MB file: JSON.parse,
 * the depth check and the zod schema), so above OFF_THREAD_CHARS it runs in a worker and the
 * page stays responsive. The result is plain data, so it crosses back by structured clone.
 * Each parse is measured as `contract-import-parse` (performance.measure) for the e2e figures.
 */
import { parseContract, type Contract, type Result } from "../../../contracts/index.ts";

export const OFF_THREAD_CHARS = 512 * 1024;

export function parseContractOffThread(text: string): Promise<Result<Contract>> {
  const started = performance.now();
  const done = (r: Result<Contract>) => {
    performance.measure("contract-import-parse", { start: started, detail: { chars: text.length, worker: true } });
    return r;
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL("../../workers/import.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return Promise.resolve(parseContract(text));
  }
  return new Promise((resolve) => {
    worker.onmessage = (e: MessageEvent<Result<Contract>>) => {
      worker.terminate();
      resolve(done(e.data));
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, errors: [{ path: "(file)", message: `could not be read: ${e.message || "the import worker failed"}` }] });
    };
    worker.postMessage(text);
  });
}
