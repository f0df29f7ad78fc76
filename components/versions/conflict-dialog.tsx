/** Another tab saved a contract this tab has unsaved edits to: the user chooses what to keep. */
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";

export function ConflictDialog({
  name,
  onLoadTheirs,
  onKeepMine,
  onSaveCopy,
}: {
  name: string;
  onLoadTheirs: () => void;
  onKeepMine: () => void;
  onSaveCopy: () => void;
}) {
  return (
    <Dialog
      title="This contract was changed in another tab"
      // Closing without a choice would leave two diverging copies: Escape keeps the dialog.
      onClose={() => {}}
      footer={
        <>
          <Button onClick={onLoadTheirs}>Load theirs</Button>
          <Button onClick={onSaveCopy}>Save mine as a copy</Button>
          <Button variant="primary" onClick={onKeepMine}>
            Keep mine
          </Button>
        </>
      }
    >
      <p>“{name}” was saved in another tab after this tab last loaded it, and this tab has edits of its own. Nothing has been overwritten yet. Choose:</p>
      <ul className="ml-5 mt-2 list-disc space-y-1 text-sm">
        <li>
          <strong>Load theirs</strong>: show the other tab's version here and discard this tab's edits.
        </li>
        <li>
          <strong>Keep mine</strong>: save this tab's version over theirs.
        </li>
        <li>
          <strong>Save mine as a copy</strong>: keep both: this tab's edits become a new contract, the original takes theirs.
        </li>
      </ul>
    </Dialog>
  );
}
