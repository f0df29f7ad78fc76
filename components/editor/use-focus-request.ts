/**
 * Focuses the field a focus request names (by `data-field`), falling back to the nearest
 * enclosing path that exists (`policy.rules[2].x` → `policy.rules[2]` → `policy.rules`).
 */
import { useEffect, type RefObject } from "react";

export function parentPath(path: string): string | null {
  const m = /^(.*)(\[\d+\]|\.[^.[\]]+|\["[^"]*"\])$/.exec(path);
  return m && m[1] ? m[1] : null;
}

export function findField(root: ParentNode, path: string): HTMLElement | null {
  for (let p: string | null = path; p; p = parentPath(p)) {
    const el = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(p)}"]`);
    if (el) return el;
  }
  return null;
}

export function focusField(root: ParentNode, path: string): boolean {
  const el = findField(root, path);
  if (!el) return false;
  el.scrollIntoView?.({ block: "center", behavior: "smooth" });
  const target = el.matches("input, textarea, select, button") ? el : el.querySelector<HTMLElement>("input, textarea, select, [contenteditable], button");
  target?.focus({ preventScroll: true });
  return true;
}

export function useFocusRequest(ref: RefObject<HTMLElement | null>, request: { path: string; nonce: number } | null) {
  useEffect(() => {
    if (!request) return;
    // Two frames: the panel may first expand a row or mount a tab.
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => {
        if (ref.current) focusField(ref.current, request.path);
      });
    });
    return () => cancelAnimationFrame(id);
  }, [request?.nonce]); // eslint-disable-line react-hooks/exhaustive-deps
}
