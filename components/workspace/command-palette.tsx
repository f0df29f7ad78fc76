/** Ctrl/Cmd+K: filter the commands (and the contracts to open) by name, run one with Enter or a click. */
import { useState } from "react";
import { Dialog } from "../ui/dialog.tsx";
import { inputClass } from "../ui/field.tsx";

export interface PaletteCommand {
  id: string;
  label: string;
  shortcut?: string;
  /** More text the query matches besides the label (a contract's id). */
  keywords?: string;
}

export function CommandPalette({ commands, onRun, onClose }: { commands: readonly PaletteCommand[]; onRun: (id: string) => void; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const q = query.trim().toLowerCase();
  const shown = commands.filter((c) => `${c.label} ${c.keywords ?? ""}`.toLowerCase().includes(q));
  const run = (id: string | undefined) => {
    if (!id) return;
    onClose();
    onRun(id);
  };
  return (
    <Dialog title="Commands" onClose={onClose}>
      <label className="sr-only" htmlFor="palette-input">
        Command
      </label>
      <input
        id="palette-input"
        data-autofocus
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[active] ? `palette-${shown[active].id}` : undefined}
        className={inputClass}
        placeholder="Type a command or a contract name"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(shown.length - 1, a + 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
          else if (e.key === "Enter") run(shown[active]?.id);
          else return;
          e.preventDefault();
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Commands" className="mt-2 max-h-72 overflow-auto">
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={`palette-${c.id}`}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(c.id)}
            className={`flex cursor-pointer items-center rounded px-2 py-1 ${i === active ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
          >
            {c.label}
            {c.shortcut && <kbd className="ml-auto font-mono text-[11px] text-zinc-500">{c.shortcut}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="px-2 py-1 text-zinc-500">No command matches.</li>}
      </ul>
    </Dialog>
  );
}
