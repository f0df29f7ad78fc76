/**
 * A windowed list of fixed-height rows: only the rows in view (plus a few either side) are in
 * the DOM, so 10,000 rows scroll as smoothly as 20. The scroll container is this component; its
 * height is as tall as the rows up to `maxHeight`. Rows are absolutely positioned inside a
 * spacer as tall as all of them.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";

export interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  /** Rows drawn beyond the visible ones on each side. */
  overscan?: number;
  className?: string;
  /** Accessible name and role of the scroll region. */
  label: string;
  role?: string;
  /** The tallest the scroll region grows (px); also the first paint before it is measured. */
  maxHeight?: number;
}

export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return [first, Math.max(first, last)];
}

export function VirtualRows({ count, rowHeight, renderRow, overscan = 6, className = "", label, role = "rowgroup", maxHeight = 600 }: VirtualRowsProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: maxHeight });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || maxHeight });
    measure();
    const ro = typeof ResizeObserver === "function" ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [maxHeight]);
  const [first, last] = visibleRange(view.top, view.height, rowHeight, count, overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++)
    rows.push(
      <div key={i} style={{ position: "absolute", top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  return (
    <div
      ref={ref}
      role={role}
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-auto ${className}`}
      style={{ height: Math.min(count * rowHeight, maxHeight) }}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        // One state change per distinct first row: scrolling within a row renders nothing.
        setView((v) => (Math.floor(v.top / rowHeight) === Math.floor(top / rowHeight) ? v : { ...v, top }));
      }}
    >
      <div style={{ height: count * rowHeight, position: "relative" }}>{rows}</div>
    </div>
  );
}
