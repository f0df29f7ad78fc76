/**
 * Startup: load (or seed) the workspace from storage, then start autosave and the assembly
 * loop. Separate from main.tsx so tests can boot against a Map-backed storage.
 */
import type { Contract } from "../contracts/index.ts";
import type { StudioStore } from "./store/index.ts";
import type { KeyValueStorage } from "./persistence/storage.ts";
import { loadWorkspace } from "./persistence/workspace-records.ts";
import { startAutosave, writeAll, type Autosave } from "./persistence/autosave.ts";
import { recoverUnsaved } from "./persistence/recover-unsaved.ts";
import type { UnloadJournal } from "./persistence/unload-journal.ts";
import { recordContract } from "./features/versions/tab-sync.ts";
import { uniqueContractId } from "./store/workspace-slice.ts";

export interface BootOptions {
  autosaveDelayMs?: number;
  /** The synchronous journal of the last edits before an unload (localStorage in the app). */
  journal?: UnloadJournal | null;
  /** The two-tab base revision per key (the synced storage's), recorded with journal entries. */
  baseOf?: (key: string) => number | undefined;
}

export async function bootWorkspace(
  store: StudioStore,
  storage: KeyValueStorage,
  examples: () => readonly Contract[] | Promise<readonly Contract[]>,
  options: BootOptions | number = {},
): Promise<Autosave> {
  const { autosaveDelayMs, journal = null, baseOf } = typeof options === "number" ? { autosaveDelayMs: options } : options;
  const recovery = journal ? await recoverUnsaved(storage, journal) : null;
  const loaded = await loadWorkspace(storage, examples);
  store.setState({ editorTab: loaded.editorTab, sideTab: loaded.sideTab, encoding: loaded.encoding });
  store.getState().hydrate(loaded.workspace);
  if (loaded.seeded) await writeAll(store, storage);
  const autosave = startAutosave(store, storage, {
    ...(autosaveDelayMs === undefined ? {} : { delayMs: autosaveDelayMs }),
    journal,
    ...(baseOf ? { baseOf } : {}),
  });
  if (recovery?.copies.length) keepCopies(store, recovery.copies);
  return autosave;
}

/** Edits another tab overwrote before this one's journal was restored: added beside, never dropped. */
function keepCopies(store: StudioStore, copies: readonly { text: string }[]): void {
  const s = store.getState();
  const selected = s.selectedKey;
  const names: string[] = [];
  for (const rec of copies) {
    const contract = recordContract({ key: "", text: rec.text, revision: 0, updatedAt: 0 });
    if (!contract) continue;
    const id = uniqueContractId(`${contract.id}-recovered`, store.getState().entries);
    store.getState().addContract({ ...contract, id, name: `${contract.name} (recovered)` });
    names.push(contract.name);
  }
  if (selected) store.getState().selectContract(selected);
  if (names.length)
    s.notify({
      message: `Unsaved edits to ${names.map((n) => `“${n}”`).join(", ")} were changed in another tab meanwhile: yours are kept as “(recovered)” copies.`,
    });
}
