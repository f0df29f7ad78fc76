/// <reference lib="webworker" />
/** The assembly worker: one job in, one reply out (the client keeps only the latest). */
import { runAssembleJob, type AssembleJob } from "./assemble-core.ts";

self.onmessage = async (event: MessageEvent<AssembleJob>) => {
  self.postMessage(await runAssembleJob(event.data));
};
