/**
 * Keeps the preview in step with the open contract: every change of its draft or of the
 * encoding asks the assembly client (worker, latest wins) and stores the answer.
 */
import type { StudioStore } from "../../store/index.ts";
import { selectSelectedEntry } from "../../store/index.ts";
import type { AssembleClient } from "../../workers/assemble-client.ts";

export function startAssemblyLoop(store: StudioStore, client: AssembleClient): () => void {
  let lastContract: unknown = null;
  let lastEncoding: unknown = null;
  const tick = () => {
    const s = store.getState();
    const entry = selectSelectedEntry(s);
    if (!entry || (entry.contract === lastContract && s.encoding === lastEncoding)) return;
    lastContract = entry.contract;
    lastEncoding = s.encoding;
    const { key, revision, contract } = entry;
    s.setAssembling(true);
    void client.request(contract, s.encoding).then((outcome) => {
      if (outcome) store.getState().setAssembly(key, revision, outcome);
    });
  };
  tick();
  const unsubscribe = store.subscribe(tick);
  return () => {
    unsubscribe();
    client.dispose();
  };
}
