/** The contracts in this browser: search, open, and the actions on the open one. */
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { Button } from "../ui/button.tsx";
import { inputClass } from "../ui/field.tsx";
import { ConfirmDeleteDialog, type DeleteLosses } from "./confirm-delete-dialog.tsx";

export interface ContractListItem {
  key: string;
  name: string;
  id: string;
  errorCount: number;
}

export interface BrokenListItem {
  key: string;
  message: string;
}

export interface ContractListProps {
  items: readonly ContractListItem[];
  selectedKey: string | null;
  search: string;
  onSearch: (s: string) => void;
  onSelect: (key: string) => void;
  onNew: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onExport: () => void;
  /** The id of the hidden file input the Import button opens (also the drop target's input). */
  importInputId: string;
  onImportFile: (file: File) => void;
  renaming: boolean;
  onStartRename: () => void;
  onRename: (name: string | null) => void;
  broken: readonly BrokenListItem[];
  onDismissBroken: (key: string) => void;
  /** Set while a deletion that loses versions or labels waits for an answer. */
  deleteConfirm?: DeleteLosses | null;
  onConfirmDelete?: () => void;
  onCancelDelete?: () => void;
}

export function ContractList(p: ContractListProps) {
  const q = p.search.trim().toLowerCase();
  const shown = q ? p.items.filter((i) => `${i.name} ${i.id}`.toLowerCase().includes(q)) : p.items;
  const selected = p.items.find((i) => i.key === p.selectedKey) ?? null;
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) p.onImportFile(file);
    e.target.value = "";
  };
  return (
    <div className="flex h-full flex-col">
      <div className="space-y-2 border-b border-zinc-200 p-2 dark:border-zinc-800">
        <div className="flex items-center justify-between">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Contracts</h2>
          <Button size="xs" variant="primary" onClick={p.onNew}>
            <span aria-hidden>+</span> New contract
          </Button>
        </div>
        <label className="block">
          <span className="sr-only">Search contracts</span>
          <input type="search" className={inputClass} placeholder="Search contracts" value={p.search} onChange={(e) => p.onSearch(e.target.value)} />
        </label>
        <div className="flex gap-1">
          <Button size="xs" onClick={() => document.getElementById(p.importInputId)?.click()}>
            Import
          </Button>
          <input
            id={p.importInputId}
            type="file"
            accept=".json,application/json"
            className="sr-only"
            aria-label="Import contract file"
            tabIndex={-1}
            onChange={onFile}
          />
          <Button size="xs" onClick={p.onExport} disabled={!selected}>
            Export
          </Button>
        </div>
      </div>
      <nav aria-label="Contract list" className="min-h-0 flex-1 overflow-auto p-1">
        {p.items.length === 0 ? (
          <p className="p-3 text-sm text-zinc-500">No contracts yet. Create one with “New contract” or import a .contract.json file.</p>
        ) : shown.length === 0 ? (
          <p className="p-3 text-sm text-zinc-500">No contract matches “{p.search}”.</p>
        ) : (
          <ul className="space-y-px">
            {shown.map((i) => {
              const active = i.key === p.selectedKey;
              return (
                <li key={i.key}>
                  {active && p.renaming ? (
                    <RenameInput initial={i.name} onDone={p.onRename} />
                  ) : (
                    <button
                      type="button"
                      aria-current={active ? "true" : undefined}
                      onClick={() => p.onSelect(i.key)}
                      onDoubleClick={p.onStartRename}
                      className={`w-full rounded-md px-2 py-1.5 text-left ${active ? "bg-indigo-50 text-indigo-950 dark:bg-indigo-950/60 dark:text-indigo-100" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
                    >
                      <span className="flex items-center gap-1 truncate text-sm font-medium">
                        {i.name || "(unnamed)"}
                        {i.errorCount > 0 && (
                          <span className="ml-auto text-[11px] text-red-600" aria-label={`${i.errorCount} errors`}>
                            ●
                          </span>
                        )}
                      </span>
                      <span className="block truncate font-mono text-[11px] text-zinc-500">{i.id}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {p.broken.length > 0 && (
          <div
            role="alert"
            className="m-1 mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
          >
            <p className="font-medium">Some saved contracts could not be read:</p>
            <ul className="mt-1 space-y-1">
              {p.broken.map((b) => (
                <li key={b.key} className="flex items-start gap-1">
                  <span className="flex-1 font-mono">{b.message}</span>
                  <Button size="xs" variant="ghost" onClick={() => p.onDismissBroken(b.key)}>
                    Dismiss
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </nav>
      {selected && (
        <div className="flex flex-wrap gap-1 border-t border-zinc-200 p-2 dark:border-zinc-800" role="toolbar" aria-label="Open contract">
          <Button size="xs" onClick={p.onDuplicate}>
            Duplicate
          </Button>
          <Button size="xs" onClick={p.onStartRename}>
            Rename
          </Button>
          <Button size="xs" variant="danger" onClick={p.onDelete}>
            Delete
          </Button>
        </div>
      )}
      {p.deleteConfirm && p.onConfirmDelete && p.onCancelDelete && (
        <ConfirmDeleteDialog losses={p.deleteConfirm} onConfirm={p.onConfirmDelete} onCancel={p.onCancelDelete} />
      )}
    </div>
  );
}

function RenameInput({ initial, onDone }: { initial: string; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onDone(value.trim() || null);
      }}
      className="px-1 py-1"
    >
      <label className="sr-only" htmlFor="rename-contract">
        Contract name
      </label>
      <input
        ref={ref}
        id="rename-contract"
        className={inputClass}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => onDone(value.trim() || null)}
        onKeyDown={(e) => {
          if (e.key === "Escape") onDone(null);
        }}
      />
    </form>
  );
}
