/**
 * The review status of a published version: draft, in review or approved, with who and when as
 * free text. It is metadata beside the version, not part of its hashed body, so a published
 * version can take it without changing.
 */
import { useState } from "react";
import type { Review, ReviewStatus } from "../../contracts/index.ts";
import { Button } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";

const STATUSES: { value: ReviewStatus; label: string }[] = [
  { value: "draft", label: "draft" },
  { value: "in_review", label: "in review" },
  { value: "approved", label: "approved" },
];

export interface ReviewStatusFormProps {
  review: Review | undefined;
  /** Saves the status; returns the error sentence when it could not. */
  onSave: (review: Review) => string | null;
}

/** Key it by version and stored review, so it starts again from what is stored when either changes. */
export function ReviewStatusForm({ review, onSave }: ReviewStatusFormProps) {
  const [status, setStatus] = useState<ReviewStatus>(review?.status ?? "draft");
  const [by, setBy] = useState(review?.by ?? "");
  const [at, setAt] = useState(review?.at ?? "");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Review status"
      className="no-print flex flex-wrap items-end gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        setError(onSave({ status, by: by.trim(), at: at.trim() }));
      }}
    >
      <label className="block w-28">
        <span className={labelClass}>Status</span>
        <select className={inputClass} value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus)}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block w-40">
        <span className={labelClass}>Reviewed by</span>
        <input className={inputClass} value={by} placeholder="Ana, PM" onChange={(e) => setBy(e.target.value)} />
      </label>
      <label className="block w-40">
        <span className={labelClass}>Reviewed when</span>
        <input className={inputClass} value={at} placeholder="Tuesday standup" onChange={(e) => setAt(e.target.value)} />
      </label>
      <Button size="xs" type="submit">
        Save review status
      </Button>
      {error && (
        <p role="alert" className="w-full text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
