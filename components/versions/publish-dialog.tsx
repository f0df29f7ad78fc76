/**
 * Publish the draft as an immutable version: the suggested semver (editable upward only), a
 * changelog message, a review status, and why the version is what it is (the verdict against
 * the latest version). Errors come back from publishVersion as sentences with a field path.
 */
import { useState, type FormEvent } from "react";
import { compareSemver, isSemver, type ContractError, type Review, type ReviewStatus, type Verdict } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { SelectField, TextAreaField, TextField } from "../ui/field.tsx";
import { VerdictView } from "./verdict-view.tsx";

export interface PublishDialogProps {
  contractName: string;
  suggested: string;
  latest?: string;
  verdict?: Verdict;
  /** Publishes; returns the errors when publishing was refused. */
  onPublish: (input: { version: string; message: string; review: Review }) => ContractError[] | null;
  onClose: () => void;
}

const STATUS: { value: ReviewStatus; label: string }[] = [
  { value: "draft", label: "Draft" },
  { value: "in_review", label: "In review" },
  { value: "approved", label: "Approved" },
];

/** The version field's own check, so a too-low version is flagged as it is typed. */
export function versionProblem(version: string, suggested: string, latest?: string): string | null {
  const v = version.trim();
  if (!isSemver(v)) return `'${v}' is not a version like 1.2.0 (MAJOR.MINOR.PATCH)`;
  if (latest && compareSemver(v, latest) <= 0) return `must be greater than the latest version, ${latest}`;
  if (compareSemver(v, suggested) < 0) return `must be at least ${suggested}: the changes below call for it`;
  return null;
}

export function PublishDialog({ contractName, suggested, latest, verdict, onPublish, onClose }: PublishDialogProps) {
  const [version, setVersion] = useState(suggested);
  const [message, setMessage] = useState("");
  const [status, setStatus] = useState<ReviewStatus>("draft");
  const [by, setBy] = useState("");
  const [at, setAt] = useState("");
  const [errors, setErrors] = useState<ContractError[]>([]);
  const [touched, setTouched] = useState(false);

  const live = versionProblem(version, suggested, latest);
  const errorsAt = (path: string) => errors.filter((e) => e.path === path).map((e) => ({ path, severity: "error" as const, message: e.message }));
  const versionIssues = touched && live ? [{ path: "version", severity: "error" as const, message: live }] : errorsAt("version");
  const other = errors.filter((e) => e.path !== "version" && e.path !== "message");

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    const local: ContractError[] = [];
    if (live) local.push({ path: "version", message: live });
    if (!message.trim()) local.push({ path: "message", message: "write a changelog message: say what changed and why" });
    if (local.length) {
      setErrors(local);
      return;
    }
    const refused = onPublish({ version: version.trim(), message, review: { status, by: by.trim(), at: at.trim() } });
    if (refused) setErrors(refused);
  };

  return (
    <Dialog
      title={`Publish a version of “${contractName}”`}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => submit()}>
            Publish {isSemver(version.trim()) ? version.trim() : ""}
          </Button>
        </>
      }
    >
      <form onSubmit={submit} className="space-y-3" aria-label="Publish version">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          A published version never changes. {latest ? `The latest is ${latest}; ` : "This is the first version; "}
          the suggestion is <strong>{suggested}</strong>. You may choose a higher version, never a lower one.
        </p>
        <div className="grid grid-cols-[10rem_1fr] gap-3">
          <TextField
            label="Version"
            mono
            value={version}
            onChange={(v) => {
              setVersion(v);
              setTouched(true);
            }}
            issues={versionIssues}
          />
          <TextAreaField
            label="Changelog message"
            rows={2}
            value={message}
            onChange={setMessage}
            issues={errorsAt("message")}
            placeholder="What changed and why"
          />
        </div>
        <fieldset className="grid grid-cols-3 gap-3">
          <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Review</legend>
          <SelectField label="Review status" value={status} onChange={setStatus} options={STATUS} />
          <TextField label="Reviewed by" value={by} onChange={setBy} placeholder="Ana, PM" />
          <TextField label="Reviewed when" value={at} onChange={setAt} placeholder="Tuesday standup" />
        </fieldset>
        {verdict && latest && (
          <section aria-label="Changes since the latest version" className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Since {latest}</h3>
            <VerdictView verdict={verdict} from={latest} />
          </section>
        )}
        {other.length > 0 && (
          <ul role="alert" aria-label="Publish errors" className="space-y-0.5 font-mono text-[12px] text-red-700 dark:text-red-300">
            {other.map((e, i) => (
              <li key={i}>
                {e.path}: {e.message}
              </li>
            ))}
          </ul>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
