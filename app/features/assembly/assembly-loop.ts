/**
 * Keeps the preview in step with the open contract: every change of its draft, of the
 * encoding, or of the top bar's endpoint profile or model (the request is shown as it will be
 * sent there) asks the assembly client (worker, latest wins) and stores the answer.
 */
import type { StudioStore } from "../../store/index.ts";
import { selectSelectedEntry } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import type { AssembleClient } from "../../workers/assemble-client.ts";

export function startAssemblyLoop(store: StudioStore, client: AssembleClient): () => void {
  let lastContract: unknown = null;
  let lastEncoding: unknown = null;
  let lastProfile: unknown = null;
  let lastModel: unknown = null;
  const tick = () => {
    const s = store.getState();
    const entry = selectSelectedEntry(s);
    const profile = selectSelectedProfile(s);
    if (!entry || (entry.contract === lastContract && s.encoding === lastEncoding && profile === lastProfile && s.selectedModel === lastModel)) return;
    lastContract = entry.contract;
    lastEncoding = s.encoding;
    lastProfile = profile;
    lastModel = s.selectedModel;
    const { key, revision, contract } = entry;
    s.setAssembling(true);
    void client.request(contract, s.encoding, { profile, model: s.selectedModel }).then((outcome) => {
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
