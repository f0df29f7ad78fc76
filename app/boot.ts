/**
 * Startup: load (or seed) the workspace from storage, then start autosave and the assembly
 * loop. Separate from main.tsx so tests can boot against a Map-backed storage.
 */
import type { Contract } from "../contracts/index.ts";
import type { StudioStore } from "./store/index.ts";
import type { KeyValueStorage } from "./persistence/storage.ts";
import { loadWorkspace } from "./persistence/workspace-records.ts";
import { startAutosave, writeAll, type Autosave } from "./persistence/autosave.ts";

export async function bootWorkspace(store: StudioStore, storage: KeyValueStorage, examples: () => readonly Contract[] | Promise<readonly Contract[]>, autosaveDelayMs?: number): Promise<Autosave> {
  const loaded = await loadWorkspace(storage, examples);
  store.setState({ editorTab: loaded.editorTab, sideTab: loaded.sideTab, encoding: loaded.encoding });
  store.getState().hydrate(loaded.workspace);
  if (loaded.seeded) await writeAll(store, storage);
  return startAutosave(store, storage, autosaveDelayMs === undefined ? {} : { delayMs: autosaveDelayMs });
}
