/// <reference lib="webworker" />
/** The import worker: reads and validates one contract file's text off the main thread. */
import { parseContract } from "../../contracts/parse.ts";

self.onmessage = (event: MessageEvent<string>) => {
  self.postMessage(parseContract(event.data));
};
