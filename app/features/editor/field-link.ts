/**
 * The editor side of the field ↔ span link: hovering or focusing a field (`data-field`)
 * highlights its spans in the preview; a span highlighted from the preview marks its field
 * here (`data-linked`, styled in styles.css).
 */
import { useEffect, type RefObject } from "react";
import { findField } from "../../../components/editor/use-focus-request.ts";
import { useStudio, studioStore } from "../../store/index.ts";

function fieldOf(target: EventTarget | null): string | null {
  const el = target instanceof Element ? target.closest<HTMLElement>("[data-field]") : null;
  return el?.dataset.field ?? null;
}

export function useFieldLink(ref: RefObject<HTMLElement | null>) {
  const highlight = useStudio((s) => s.highlight);
  const source = useStudio((s) => s.highlightSource);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const set = (path: string | null) => studioStore.getState().setHighlight(path, "editor");
    const over = (e: Event) => set(fieldOf(e.target));
    const leave = () => set(null);
    const focusIn = (e: Event) => set(fieldOf(e.target));
    root.addEventListener("mouseover", over);
    root.addEventListener("mouseleave", leave);
    root.addEventListener("focusin", focusIn);
    return () => {
      root.removeEventListener("mouseover", over);
      root.removeEventListener("mouseleave", leave);
      root.removeEventListener("focusin", focusIn);
    };
  }, [ref]);

  useEffect(() => {
    const root = ref.current;
    if (!root || !highlight || source !== "preview") return;
    const el = findField(root, highlight);
    if (!el) return;
    el.setAttribute("data-linked", "");
    el.scrollIntoView?.({ block: "nearest" });
    return () => el.removeAttribute("data-linked");
  }, [ref, highlight, source]);
}
