/** What an import found: the errors of a refused file, or an id that already exists. */
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { ErrorList } from "../ui/error-list.tsx";

export type ImportDialogProps =
  | { kind: "errors"; fileName: string; errors: readonly { path: string; message: string }[]; onClose: () => void }
  | { kind: "conflict"; fileName: string; contractId: string; onImportCopy: () => void; onReplace: () => void; onClose: () => void };

export function ImportDialog(props: ImportDialogProps) {
  if (props.kind === "errors")
    return (
      <Dialog
        title={`Import refused: ${props.fileName}`}
        onClose={props.onClose}
        wide
        footer={
          <Button variant="primary" onClick={props.onClose}>
            Close
          </Button>
        }
      >
        <p className="mb-2">This file is not a valid contract, so nothing in your workspace changed. Fix these and import it again:</p>
        <ErrorList label="Import errors" errors={props.errors} />
      </Dialog>
    );
  return (
    <Dialog
      title="A contract with this id exists"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button onClick={props.onImportCopy}>Import as a copy</Button>
          <Button variant="primary" onClick={props.onReplace}>
            Replace (keep history)
          </Button>
        </>
      }
    >
      <p>
        Your workspace already has a contract with the id <code className="font-mono">{props.contractId}</code>.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>
          <strong>Replace (keep history)</strong>: <strong>{props.fileName}</strong> becomes that contract&apos;s draft. Its published versions and labels stay,
          with any versions the file adds, and so do its runs: the way back from a file edited in git.
        </li>
        <li>
          <strong>Import as a copy</strong>: a new contract with a new id; the existing one is not touched.
        </li>
      </ul>
    </Dialog>
  );
}
