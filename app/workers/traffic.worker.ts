/// <reference lib="webworker" />
/**
 * The production-log import off the main thread: reads the picked File as a stream of text
 * chunks (never the whole file at once), feeds contracts/traffic's push parser and reports
 * progress about every 100 ms, then the report. Nothing is stored: the report lives in the
 * tab that asked for it.
 */
import { createTrafficImport } from "../../contracts/traffic/import.ts";
import type { TrafficReply, TrafficRequest } from "../features/traffic/traffic-client.ts";

self.onmessage = async (event: MessageEvent<TrafficRequest>) => {
  const { id, file, contract, keep, maxKept } = event.data;
  const post = (m: TrafficReply) => self.postMessage(m);
  try {
    const imp = createTrafficImport(contract, { keep, maxKept });
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    let bytes = 0;
    let last = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      imp.push(value);
      bytes += value.length;
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        post({ id, type: "progress", lines: imp.lines, fraction: Math.min(1, bytes / Math.max(1, file.size)) });
      }
    }
    post({ id, type: "done", report: imp.finish() });
  } catch (e) {
    post({ id, type: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
