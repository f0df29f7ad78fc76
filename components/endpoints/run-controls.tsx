/** Top-bar run controls: endpoint profile and model pickers, the profiles button, Run and Stop. */
import { useId } from "react";
import { Button } from "../ui/button.tsx";

const selectClass =
  "h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-xs text-zinc-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

export interface RunControlsProps {
  profiles: readonly { id: string; name: string }[];
  selectedProfileId: string | null;
  model: string;
  models: readonly string[];
  running: boolean;
  canRun: boolean;
  onSelectProfile: (id: string | null) => void;
  onModel: (model: string) => void;
  onOpenProfiles: () => void;
  onRun: () => void;
  onStop: () => void;
}

export function RunControls(p: RunControlsProps) {
  const profileId = useId();
  const modelId = useId();
  const listId = useId();
  return (
    <>
      <label htmlFor={profileId} className="sr-only">
        Endpoint profile
      </label>
      <select
        id={profileId}
        className={`${selectClass} max-w-[7rem] xl:max-w-[10rem]`}
        value={p.selectedProfileId ?? ""}
        onChange={(e) => p.onSelectProfile(e.target.value || null)}
      >
        {p.profiles.length === 0 && <option value="">No endpoint</option>}
        {p.profiles.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      <label htmlFor={modelId} className="sr-only">
        Model
      </label>
      <input
        id={modelId}
        list={listId}
        className={`${selectClass} w-28 font-mono xl:w-36`}
        value={p.model}
        placeholder="model"
        spellCheck={false}
        disabled={!p.selectedProfileId}
        onChange={(e) => p.onModel(e.target.value)}
      />
      <datalist id={listId}>
        {p.models.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <Button size="xs" variant="ghost" onClick={p.onOpenProfiles}>
        Endpoints…
      </Button>
      <Button
        size="xs"
        variant="primary"
        onClick={p.onRun}
        disabled={!p.canRun || p.running}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        title="Run (Ctrl/Cmd+Enter)"
      >
        {p.running ? "Running…" : "Run"}
      </Button>
      <Button size="xs" variant="danger" onClick={p.onStop} disabled={!p.running}>
        Stop
      </Button>
    </>
  );
}
