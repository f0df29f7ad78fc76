/** An error or warning attached to a contract field by its JSON path (`policy.rules[2]`). */
export interface FieldIssue {
  path: string;
  message: string;
  severity: "error" | "warning";
}

export const NO_ISSUES: readonly FieldIssue[] = Object.freeze([]);

/** The issues whose path is exactly `path`. */
export function issuesAt(issues: readonly FieldIssue[], path: string): readonly FieldIssue[] {
  const out = issues.filter((i) => i.path === path);
  return out.length ? out : NO_ISSUES;
}

/** The issues at `path` or inside it (`context.items[3]` holds `context.items[3].source`). */
export function issuesUnder(issues: readonly FieldIssue[], path: string): readonly FieldIssue[] {
  const out = issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  return out.length ? out : NO_ISSUES;
}
