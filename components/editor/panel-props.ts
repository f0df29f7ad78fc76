import type { Contract } from "../../contracts/index.ts";
import type { FieldIssue } from "../ui/issues.ts";

/** What every editor panel receives: the draft, an edit function, and derived feedback. */
export interface PanelProps {
  contract: Contract;
  /** Applies an edit; return the same object for no change. */
  onChange: (recipe: (c: Contract) => Contract) => void;
  issues: readonly FieldIssue[];
  /** Token counts per section (`policy`, `task`, `output`, `context.items[i]`), null while counting. */
  tokens: Record<string, number> | null;
  focusRequest: { path: string; nonce: number } | null;
}
