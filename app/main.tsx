import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles.css";
import { App } from "./app.tsx";
import { studioStore } from "./store/index.ts";
import { idbStorage } from "./persistence/storage.ts";
import { bootWorkspace } from "./boot.ts";
import { createAssembleClient } from "./workers/assemble-client.ts";
import { startAssemblyLoop } from "./features/assembly/assembly-loop.ts";
import { startServerTokenCount } from "./features/assembly/server-count.ts";
import { startTabSync, syncedStorage } from "./features/versions/tab-sync.ts";
import { watchShareLinks } from "./features/versions/share-link.ts";
import { bootRuns } from "./features/runs/boot-runs.ts";
import { createUnloadJournal } from "./persistence/unload-journal.ts";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void bootRuns(studioStore);

// The examples are only needed on first run: they load as their own chunk.
const examples = () => import("../contracts/examples/index.ts").then((m) => m.exampleContracts());

// Contract writes check the stored revision first, so a second tab never overwrites silently.
const storage = syncedStorage(idbStorage());

// The last edits before an unload also go to localStorage, which is written synchronously.
const journal = (() => {
  try {
    return createUnloadJournal(window.localStorage);
  } catch {
    return null; // storage disabled: IndexedDB's unload write is all there is
  }
})();

bootWorkspace(studioStore, storage, examples, { journal, baseOf: (key) => storage.base.get(key) })
  .then(() => {
    startTabSync(studioStore, storage);
    watchShareLinks(studioStore);
    startAssemblyLoop(studioStore, createAssembleClient());
    startServerTokenCount(studioStore);
  })
  .catch((e: unknown) => {
    // IndexedDB unavailable (private mode, blocked): work in memory and say so.
    console.error(e);
    void examples().then((list) => {
      const s = studioStore.getState();
      const entries = Object.fromEntries(list.map((c, i) => [`mem${i}`, { key: `mem${i}`, contract: c, revision: 1, updatedAt: Date.now() }]));
      s.hydrate({ entries, order: Object.keys(entries), selectedKey: "mem0", broken: [] });
      s.notify({ message: "Could not open browser storage: changes will not be saved." });
      watchShareLinks(studioStore);
      startAssemblyLoop(studioStore, createAssembleClient());
      startServerTokenCount(studioStore);
    });
  });
