/** The left pane: the contract list bound to the store and the commands. */
import { useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { ContractList, type ContractListItem } from "../../../components/workspace/contract-list.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import { deleteContractNow, runCommand } from "../../commands.ts";
import { deletionLosses, idForRename } from "../../store/workspace-slice.ts";
import { RenameIdDialog, type RenameIdOffer } from "../../../components/workspace/rename-id-dialog.tsx";
import { IMPORT_INPUT_ID, importFile } from "../import-export/import-export.ts";
import { selectErrorCount } from "../assembly/selectors.ts";
import { VersionsSection } from "../versions/versions-section.tsx";

export function LeftPane() {
  const { entries, order, selectedKey, search, renaming, broken } = useStudio(
    useShallow((s) => ({ entries: s.entries, order: s.order, selectedKey: s.selectedKey, search: s.search, renaming: s.renaming, broken: s.broken })),
  );
  const errors = useStudio(selectErrorCount);
  const deleteRequest = useStudio((st) => st.deleteRequest);
  const toDelete = deleteRequest ? entries[deleteRequest] : undefined;
  const losses = toDelete ? deletionLosses(toDelete.contract) : null;
  // The list changes only with names and ids, not with every keystroke in a panel.
  const signature = order.map((k) => `${k}\u0000${entries[k]?.contract.name}\u0000${entries[k]?.contract.id}`).join("\u0001");
  const items: ContractListItem[] = useMemo(
    () => order.flatMap((k) => (entries[k] ? [{ key: k, name: entries[k].contract.name, id: entries[k].contract.id, errorCount: 0 }] : [])),
    [signature], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const shown = useMemo(() => items.map((i) => (i.key === selectedKey ? { ...i, errorCount: errors } : i)), [items, selectedKey, errors]);
  const s = studioStore.getState;
  const [idOffer, setIdOffer] = useState<(RenameIdOffer & { key: string }) | null>(null);
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="min-h-0 flex-1">
        <ContractList
          items={shown}
          selectedKey={selectedKey}
          search={search}
          onSearch={(q) => s().setSearch(q)}
          onSelect={(k) => s().selectContract(k)}
          onNew={() => runCommand("contract.new")}
          onDuplicate={() => runCommand("contract.duplicate")}
          onDelete={() => runCommand("contract.delete")}
          onExport={() => runCommand("contract.export")}
          importInputId={IMPORT_INPUT_ID}
          onImportFile={(f) => void importFile(studioStore, f)}
          renaming={renaming}
          onStartRename={() => runCommand("contract.rename")}
          onRename={(name) => {
            const st = s();
            const key = st.selectedKey;
            const before = key ? st.entries[key]?.contract : undefined;
            if (name && key && before && name !== before.name) {
              // Asked before the rename changes anything else: the id is the file name and a version key.
              const to = idForRename(key, before.name, name, st.entries);
              st.renameContract(key, name);
              if (to) setIdOffer({ key, name, from: before.id, to, versions: before.history?.versions.map((v) => v.version) ?? [] });
            }
            st.setRenaming(false);
          }}
          broken={broken.map((b) => ({ key: b.key, message: b.errors.map((e) => `${e.path}: ${e.message}`).join("; ") }))}
          onDismissBroken={(k) => s().dismissBroken(k)}
          deleteConfirm={toDelete && losses ? { name: toDelete.contract.name, ...losses } : null}
          onConfirmDelete={() => deleteRequest && deleteContractNow(deleteRequest)}
          onCancelDelete={() => s().setDeleteRequest(null)}
        />
      </div>
      {idOffer && (
        <RenameIdDialog
          offer={idOffer}
          onKeep={() => setIdOffer(null)}
          onAccept={() => {
            const { key, from, to } = idOffer;
            s().updateContract(key, (c) => (c.id === from ? { ...c, id: to } : c));
            setIdOffer(null);
          }}
        />
      )}
      <div className="max-h-[55%] shrink-0 overflow-auto border-t border-zinc-200 dark:border-zinc-800">
        <VersionsSection />
      </div>
    </div>
  );
}
