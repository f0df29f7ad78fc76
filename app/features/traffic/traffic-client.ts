/**
 * Imports a production log in a worker (app/workers/traffic.worker.ts). The File itself is
 * posted (a handle, not its bytes), so the main thread never reads the log. Without Worker
 * (jsdom) the same parser runs in place over the file's stream.
 */
import { createTrafficImport, type KeepMode, type TrafficReport } from "../../../contracts/traffic/import.ts";
import type { Contract } from "../../../contracts/schema/contract.ts";

export interface TrafficRequest {
  id: number;
  file: File;
  contract: Contract;
  keep: KeepMode;
  maxKept: number;
}

export type TrafficReply =
  | { id: number; type: "progress"; lines: number; fraction: number }
  | { id: number; type: "done"; report: TrafficReport }
  | { id: number; type: "error"; message: string };

let seq = 0;

export function importLogInWorker(
  file: File,
  contract: Contract,
  options: { keep: KeepMode; maxKept: number; onProgress?: (p: { lines: number; fraction: number }) => void; signal?: AbortSignal },
): Promise<TrafficReport> {
  if (typeof Worker !== "function") return inPlace(file, contract, options);
  const worker = new Worker(new URL("../../workers/traffic.worker.ts", import.meta.url), { type: "module" });
  const id = ++seq;
  return new Promise<TrafficReport>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      reject(new DOMException("The import was cancelled.", "AbortError"));
    };
    options.signal?.addEventListener("abort", stop, { once: true });
    worker.onmessage = (e: MessageEvent<TrafficReply>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === "progress") options.onProgress?.(m);
      else {
        options.signal?.removeEventListener("abort", stop);
        worker.terminate();
        if (m.type === "done") resolve(m.report);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || "the import worker failed"));
    };
    worker.postMessage({ id, file, contract, keep: options.keep, maxKept: options.maxKept } satisfies TrafficRequest);
  });
}

async function inPlace(file: File, contract: Contract, options: { keep: KeepMode; maxKept: number }): Promise<TrafficReport> {
  const imp = createTrafficImport(contract, options);
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    imp.push(value);
  }
  return imp.finish();
}
