/** Asks before deleting a contract that has published versions or labels, naming what goes. */
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";

export interface DeleteLosses {
  name: string;
  versions: readonly string[];
  labels: readonly { name: string; version: string }[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function ConfirmDeleteDialog({ losses, onConfirm, onCancel }: { losses: DeleteLosses; onConfirm: () => void; onCancel: () => void }) {
  const { name, versions, labels } = losses;
  return (
    <Dialog
      title={`Delete “${name}”?`}
      onClose={onCancel}
      footer={
        <>
          <Button data-autofocus onClick={onCancel}>
            Keep it
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            Delete contract and its versions
          </Button>
        </>
      }
    >
      <p>Deleting this contract also removes, from this browser:</p>
      <ul className="my-2 list-disc space-y-1 pl-5">
        {versions.length > 0 && (
          <li>
            {plural(versions.length, "published version", "published versions")}: <span className="font-mono">{versions.join(", ")}</span>
          </li>
        )}
        {labels.length > 0 && (
          <li>
            {plural(labels.length, "label", "labels")}:{" "}
            {labels.map((l, i) => (
              <span key={l.name}>
                {i > 0 && ", "}
                <span className="font-mono">{l.name}</span> → <span className="font-mono">{l.version}</span>
              </span>
            ))}
          </li>
        )}
      </ul>
      <p className="text-zinc-600 dark:text-zinc-400">
        Code that pins these versions will no longer find them here. Export the contract first to keep a copy; right after deleting, Undo (or Ctrl/Cmd+Z) brings
        it back.
      </p>
    </Dialog>
  );
}
