/** Share-link dialogs: the link to copy, and the offer to import a contract that arrived in one. */
import { useId } from "react";
import type { ContractError } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";
import { ErrorList } from "../ui/error-list.tsx";

export function ShareLinkDialog({
  link,
  copied,
  withHistory,
  onWithHistory,
  onCopy,
  onClose,
}: {
  link: string;
  /** null: not tried; true: on the clipboard; false: the browser refused (copy by hand). */
  copied: boolean | null;
  withHistory: boolean;
  onWithHistory: (v: boolean) => void;
  onCopy: () => void;
  onClose: () => void;
}) {
  const id = useId();
  return (
    <Dialog
      title="Share link"
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onCopy}>Copy again</Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
        The whole contract travels compressed in the link's fragment (after #), which browsers never send to a server. It carries no keys. Whoever opens it is
        offered to import it as a new contract.
      </p>
      <label htmlFor={id} className={labelClass}>
        Share link
      </label>
      <input id={id} readOnly className={`${inputClass} font-mono text-xs`} value={link} onFocus={(e) => e.currentTarget.select()} />
      <p className="mt-1 text-xs text-zinc-500">{link.length.toLocaleString("en-US")} characters</p>
      <label className="mt-2 flex items-center gap-1.5 text-sm">
        <input type="checkbox" className="accent-indigo-600" checked={withHistory} onChange={(e) => onWithHistory(e.target.checked)} />
        Include published versions and labels
      </label>
      <p role="status" className="mt-2 text-xs">
        {copied === true && <span className="text-emerald-700 dark:text-emerald-400">Copied to the clipboard.</span>}
        {copied === false && (
          <span className="text-amber-700 dark:text-amber-400">The browser did not allow copying: select the link above and copy it by hand.</span>
        )}
      </p>
    </Dialog>
  );
}

export type ShareOfferProps =
  | { kind: "contract"; name: string; id: string; idTaken: boolean; summary: string; onImport: () => void; onCancel: () => void }
  | { kind: "errors"; errors: readonly ContractError[]; onCancel: () => void };

export function ShareOfferDialog(p: ShareOfferProps) {
  if (p.kind === "errors")
    return (
      <Dialog
        title="This share link cannot be opened"
        onClose={p.onCancel}
        wide
        footer={
          <Button variant="primary" onClick={p.onCancel}>
            Close
          </Button>
        }
      >
        <p className="mb-2">Nothing was imported and your workspace did not change.</p>
        <ErrorList label="Share link errors" errors={p.errors} />
      </Dialog>
    );
  return (
    <Dialog
      title="Import a shared contract?"
      onClose={p.onCancel}
      footer={
        <>
          <Button onClick={p.onCancel}>Cancel</Button>
          <Button variant="primary" onClick={p.onImport}>
            Import as new contract
          </Button>
        </>
      }
    >
      <p>
        The link you opened carries the contract <strong>{p.name}</strong> (<code className="font-mono">{p.id}</code>). {p.summary}
      </p>
      {p.idTaken && (
        <p className="mt-2 text-amber-800 dark:text-amber-300">
          Your workspace already has a contract with this id: it will be imported as a copy with a new id. Nothing is overwritten.
        </p>
      )}
    </Dialog>
  );
}
