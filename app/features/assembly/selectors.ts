/** Derived views of the latest assembly for the open contract (memoized on the outcome). */
import type { FieldIssue } from "../../../components/ui/issues.ts";
import { selectSelectedEntry, type StudioState } from "../../store/index.ts";
import type { WorkspaceEntry } from "../../store/workspace-slice.ts";
import type { AssemblyOutcome } from "../../store/preview-slice.ts";
import { tabForPath, type EditorTab } from "../../store/editor-slice.ts";

const EMPTY: readonly FieldIssue[] = Object.freeze([]);
let cacheKey: AssemblyOutcome | null = null;
let cachePending: WorkspaceEntry["pending"] = undefined;
let cacheValue: readonly FieldIssue[] = EMPTY;

/** The outcome for the open contract; null while its first assembly runs. */
export const selectOutcome = (s: StudioState): AssemblyOutcome | null => (s.assembly && s.assembledFor?.key === s.selectedKey ? s.assembly : null);

/** True when the latest assembly is of the open draft's current revision and none is running. */
export function selectPreviewCurrent(s: StudioState): boolean {
  const key = s.selectedKey;
  const entry = key ? s.entries[key] : undefined;
  return !!entry && !s.assembling && s.assembledFor?.key === key && s.assembledFor.revision === entry.revision;
}

/**
 * Format errors, assembly issues and the draft's unparsable JSON text (pending fields: the
 * contract still holds the last valid value, so only this says the draft is not what was typed)
 * as one list, each once.
 */
export function selectIssues(s: StudioState): readonly FieldIssue[] {
  const o = selectOutcome(s);
  const pending = selectSelectedEntry(s)?.pending;
  if (!o && !pending) return EMPTY;
  if (o === cacheKey && pending === cachePending) return cacheValue;
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  const add = (i: FieldIssue) => {
    const k = `${i.severity}|${i.path}|${i.message}`;
    if (seen.has(k)) return;
    out.push(i);
    seen.add(k);
  };
  for (const [path, p] of Object.entries(pending ?? {})) add({ path, message: p.message, severity: "error" });
  o?.validation.forEach((e) => add({ path: e.path, message: e.message, severity: "error" }));
  o?.result?.issues.forEach((i) => add({ path: i.path, message: i.message, severity: i.severity }));
  cacheKey = o;
  cachePending = pending;
  cacheValue = out.length ? out : EMPTY;
  return cacheValue;
}

export const selectTokens = (s: StudioState) => selectOutcome(s)?.result?.tokens ?? null;
export const selectSectionTokens = (s: StudioState) => selectTokens(s)?.sections ?? null;
export const selectTotalTokens = (s: StudioState) => selectTokens(s)?.total ?? null;
export const selectErrorCount = (s: StudioState) => selectIssues(s).filter((i) => i.severity === "error").length;

export function issuesByTab(issues: readonly FieldIssue[]): Record<EditorTab, number> {
  const out: Record<EditorTab, number> = { policy: 0, task: 0, context: 0, output: 0, tests: 0, raw: 0 };
  for (const i of issues) if (i.severity === "error") out[tabForPath(i.path)]++;
  return out;
}
