import type { Contract } from "../../contracts/index.ts";
import type { FieldIssue } from "../ui/issues.ts";

/** Unparsable text of a JSON field, kept with the draft until it parses (see the workspace slice). */
export interface PendingText {
  text: string;
  message: string;
}

/** What every editor panel receives: the draft, an edit function, and derived feedback. */
export interface PanelProps {
  contract: Contract;
  /** Applies an edit; return the same object for no change. */
  onChange: (recipe: (c: Contract) => Contract) => void;
  /**
   * Removes item `index` of the list at `listPath` (`policy.rules`, `tests`) and offers Undo;
   * `label` names it for people ("policy rule 2").
   */
  onRemove: (listPath: string, index: number, label: string) => void;
  /** Text of JSON fields that does not parse yet, by field path. */
  pending: Readonly<Record<string, PendingText>>;
  /** Keeps (or with null, drops) such text for the field at `path`. */
  onPending: (path: string, pending: PendingText | null) => void;
  issues: readonly FieldIssue[];
  /** Token counts per section (`policy`, `task`, `output`, `context.items[i]`), null while counting. */
  tokens: Record<string, number> | null;
  focusRequest: { path: string; nonce: number } | null;
}
