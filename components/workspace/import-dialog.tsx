/** What an import found: the errors of a refused file, or an id that already exists. */
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { ErrorList } from "../ui/error-list.tsx";

export type ImportDialogProps =
  | { kind: "errors"; fileName: string; errors: readonly { path: string; message: string }[]; onClose: () => void }
  | { kind: "conflict"; fileName: string; contractId: string; onImportCopy: () => void; onClose: () => void };

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
          <Button variant="primary" onClick={props.onImportCopy}>
            Import as a copy
          </Button>
        </>
      }
    >
      <p>
        Your workspace already has a contract with the id <code className="font-mono">{props.contractId}</code>. Import <strong>{props.fileName}</strong> as a
        copy with a new id? Nothing is overwritten.
      </p>
    </Dialog>
  );
}
