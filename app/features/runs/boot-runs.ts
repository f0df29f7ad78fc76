/**
 * Startup of the endpoints and runs concerns: load the saved profiles (and any remembered keys),
 * then persist changes; load the open contract's run history whenever the open contract changes.
 * Storage failures leave profiles in memory for this tab and say so.
 */
import type { StudioStore } from "../../store/index.ts";
import { idbEndpointStorages, loadEndpoints, startEndpointsPersistence } from "../../persistence/endpoints-persistence.ts";
import { startHistoryLoader } from "./run-controller.ts";

export async function bootRuns(store: StudioStore): Promise<void> {
  startHistoryLoader(store);
  try {
    const storages = idbEndpointStorages();
    store.getState().hydrateEndpoints(await loadEndpoints(storages));
    startEndpointsPersistence(store, storages);
  } catch {
    store.getState().notify({ message: "Could not open browser storage: endpoint profiles will not be saved." });
  }
}
