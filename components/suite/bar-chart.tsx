/**
 * A small horizontal bar chart in plain SVG (no chart library: the dashboard needs bars with
 * an interval, which is a few rectangles). One bar per row, an optional 95% interval whisker,
 * the value written beside it; the figure's caption says in plain words what is measured.
 */
export interface Bar {
  label: string;
  value: number | null;
  lower?: number;
  upper?: number;
  /** The value as people read it: "82%", "1.2 s". */
  text: string;
}

const W = 320;
const LABEL_W = 110;
const ROW_H = 22;

export function BarChart({ title, help, bars, max }: { title: string; help?: string; bars: Bar[]; max: number }) {
  const scale = (v: number) => (max > 0 ? (Math.max(0, v) / max) * (W - LABEL_W - 60) : 0);
  const h = Math.max(1, bars.length) * ROW_H + 4;
  return (
    <figure className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
      <figcaption className="text-sm font-medium">
        {title}
        {help && <span className="block text-xs font-normal text-zinc-500">{help}</span>}
      </figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.text}`).join(", ")}`}
        viewBox={`0 0 ${W} ${h}`}
        width="100%"
        className="mt-1 overflow-visible text-zinc-700 dark:text-zinc-300"
      >
        {bars.map((b, i) => {
          const y = i * ROW_H + 2;
          const w = b.value === null ? 0 : scale(b.value);
          return (
            <g key={b.label} data-bar={b.label}>
              <text x={LABEL_W - 6} y={y + 14} textAnchor="end" fontSize="11" fill="currentColor">
                {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
              </text>
              <rect x={LABEL_W} y={y + 3} width={w} height={ROW_H - 8} rx="2" className="fill-indigo-500" />
              {b.lower !== undefined && b.upper !== undefined && (
                <line
                  x1={LABEL_W + scale(b.lower)}
                  x2={LABEL_W + scale(b.upper)}
                  y1={y + ROW_H / 2 - 1}
                  y2={y + ROW_H / 2 - 1}
                  stroke="currentColor"
                  strokeWidth="1.5"
                />
              )}
              <text x={LABEL_W + Math.max(w, b.upper !== undefined ? scale(b.upper) : 0) + 4} y={y + 14} fontSize="11" fill="currentColor">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
