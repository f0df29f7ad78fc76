/**
 * Focus for a field that does not exist yet: "+ Add" asks for the new row's input, which
 * mounts on the next render. Without it focus stays on the button, so typing right after a
 * click presses it again (a space or Enter adds another empty row).
 *
 * `focusLater(path, selector?)` names the field by its `data-field` path (null: the root); the first input, textarea or
 * select inside it is focused after the render that mounts it. A path that never appears is
 * given up after a few renders.
 */
import { useLayoutEffect, useRef, type RefObject } from "react";

export function useFocusLater(root: RefObject<HTMLElement | null>): (path: string | null, selector?: string) => void {
  const pending = useRef<{ path: string | null; selector: string; tries: number } | null>(null);
  useLayoutEffect(() => {
    const p = pending.current;
    if (!p || !root.current) return;
    // No path: the selector is looked up in the whole root.
    const field = p.path === null ? root.current : root.current.querySelector<HTMLElement>(`[data-field="${p.path.replace(/["\\]/g, "\\$&")}"]`);
    const target = field?.matches(p.selector) ? field : field?.querySelector<HTMLElement>(p.selector);
    if (target) {
      pending.current = null;
      target.focus();
      target.scrollIntoView?.({ block: "nearest" });
    } else if (--p.tries <= 0) pending.current = null;
  });
  return (path, selector = "input:not([type=checkbox]), textarea, select") => {
    pending.current = { path, selector, tries: 3 };
  };
}
