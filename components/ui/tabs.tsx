/**
 * A tab list with the ARIA tabs pattern: role=tab, aria-selected, aria-controls, roving
 * tabindex and arrow keys. Panels are rendered by the caller with `tabPanelProps`.
 */
import { useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** Shown after the label, hidden from the accessible name (counts, dots). */
  badge?: ReactNode;
  disabled?: boolean;
}

export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

export function tabPanelProps(prefix: string, id: string) {
  return { role: "tabpanel", id: panelId(prefix, id), "aria-labelledby": tabId(prefix, id), tabIndex: -1 } as const;
}

export function TabList<T extends string>({
  label,
  prefix,
  tabs,
  selected,
  onSelect,
  className = "",
}: {
  label: string;
  prefix: string;
  tabs: readonly TabSpec<T>[];
  selected: T;
  onSelect: (id: T) => void;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const enabled = tabs.filter((t) => !t.disabled);
    const i = enabled.findIndex((t) => t.id === selected);
    let next: TabSpec<T> | undefined;
    if (e.key === "ArrowRight") next = enabled[(i + 1) % enabled.length];
    else if (e.key === "ArrowLeft") next = enabled[(i - 1 + enabled.length) % enabled.length];
    else if (e.key === "Home") next = enabled[0];
    else if (e.key === "End") next = enabled[enabled.length - 1];
    if (!next) return;
    e.preventDefault();
    onSelect(next.id);
    ref.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(prefix, next.id))}`)?.focus();
  };
  return (
    <div ref={ref} role="tablist" aria-label={label} onKeyDown={onKeyDown} className={`flex flex-wrap items-end gap-0.5 ${className}`}>
      {tabs.map((t) => {
        const active = t.id === selected;
        return (
          <button
            key={t.id}
            id={tabId(prefix, t.id)}
            type="button"
            role="tab"
            aria-selected={active}
            aria-controls={panelId(prefix, t.id)}
            tabIndex={active ? 0 : -1}
            disabled={t.disabled}
            onClick={() => onSelect(t.id)}
            className={`-mb-px flex items-center gap-1.5 whitespace-nowrap border-b-2 px-2 py-2 xl:px-3 text-sm font-medium transition-colors disabled:opacity-40 ${
              active
                ? "border-indigo-600 text-zinc-900 dark:border-indigo-400 dark:text-zinc-50"
                : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
            }`}
          >
            {t.label}
            {t.badge != null && <span aria-hidden>{t.badge}</span>}
          </button>
        );
      })}
    </div>
  );
}
