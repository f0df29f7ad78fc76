/**
 * After a rename, when the id still is the old name's slug: offers the new name's slug. The
 * id is the file name and how code loads the contract, so with published versions it says what
 * changing it does before anything changes.
 */
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";

export interface RenameIdOffer {
  name: string;
  from: string;
  to: string;
  /** Published versions (oldest first); empty for a contract never published. */
  versions: readonly string[];
}

export function RenameIdDialog({ offer, onAccept, onKeep }: { offer: RenameIdOffer; onAccept: () => void; onKeep: () => void }) {
  const { from, to, versions } = offer;
  const code = (s: string) => <code className="font-mono">{s}</code>;
  return (
    <Dialog
      title="Change the id to match the new name?"
      onClose={onKeep}
      wide={versions.length > 0}
      footer={
        <>
          <Button data-autofocus onClick={onKeep}>
            Keep id {from}
          </Button>
          <Button variant={versions.length ? "danger" : "primary"} onClick={onAccept}>
            Change id to {to}
          </Button>
        </>
      }
    >
      <p>
        “{offer.name}” still has the id {code(from)}, made from its old name. Its file would become {code(`${to}.contract.json`)} instead of{" "}
        {code(`${from}.contract.json`)}.
      </p>
      {versions.length > 0 && (
        <ul aria-label="What changing the id does" className="mt-2 list-disc space-y-1 pl-5">
          <li>
            Code and CI that load {code(from)} (by id or by file name) must be changed to {code(to)}.
          </li>
          <li>
            {versions.length === 1
              ? `The published version ${versions[0]} stays as it was`
              : `The ${versions.length} published versions (${versions.join(", ")}) stay as they were`}
            , with the id {code(from)} in {versions.length === 1 ? "its frozen body" : "their frozen bodies"}; labels and runs stay with this contract.
          </li>
          <li>A changed id is a major change: the next version will be a new major version.</li>
        </ul>
      )}
    </Dialog>
  );
}
