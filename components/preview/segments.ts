import type { SourceSpan } from "../../contracts/index.ts";

export interface Segment {
  start: number;
  end: number;
  /** The innermost field covering this run of text; null for framing text. */
  field: string | null;
}

/**
 * Splits a message into runs, each attributed to the innermost (shortest) span covering it.
 * Spans may nest (a variable inside the instruction); boundaries are every span edge.
 */
export function segmentMessage(length: number, spans: readonly SourceSpan[]): Segment[] {
  if (!spans.length) return [{ start: 0, end: length, field: null }];
  const edges = new Set<number>([0, length]);
  for (const s of spans) {
    edges.add(Math.max(0, Math.min(length, s.start)));
    edges.add(Math.max(0, Math.min(length, s.end)));
  }
  const points = [...edges].sort((a, b) => a - b);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  // Spans open at a point: advance through the start-sorted list, drop the ones that ended.
  let open: SourceSpan[] = [];
  let next = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (next < sorted.length && sorted[next]!.start <= start) open.push(sorted[next++]!);
    open = open.filter((s) => s.end > start);
    let best: SourceSpan | null = null;
    for (const s of open) if (s.start <= start && s.end >= end && (!best || s.end - s.start < best.end - best.start)) best = s;
    const field = best?.field ?? null;
    const last = out[out.length - 1];
    if (last && last.field === field && last.end === start) last.end = end;
    else out.push({ start, end, field });
  }
  return out;
}

const inside = (x: string, y: string) => x.startsWith(y) && (x[y.length] === "." || x[y.length] === "[");

/**
 * Whether a span of `field` belongs to the highlighted path: the field itself, a part of it
 * (`policy.rules` lights every rule), or the list item that holds it (`context.items[2].content`
 * lights `context.items[2]`). Section framing (`policy`) does not light up for one rule.
 */
export function spanMatches(highlight: string, field: string): boolean {
  if (field === highlight || inside(field, highlight)) return true;
  return inside(highlight, field) && field.endsWith("]");
}

/** A run of segments rendered as one block: a keystroke re-lays out only the block it touched. */
export interface Chunk {
  start: number;
  end: number;
  segments: Segment[];
}

/**
 * Groups segments into blocks of at least `minChars`, cutting only where the text before the
 * cut ends a line, so block boundaries add no visual break. A 1 MB message becomes many small
 * layout units instead of one paragraph the browser must re-break on every change.
 */
export function chunkSegments(text: string, segments: readonly Segment[], minChars = 2000): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  for (const seg of segments) {
    if (!current) current = { start: seg.start, end: seg.end, segments: [] };
    current.segments.push(seg);
    current.end = seg.end;
    if (current.end - current.start >= minChars && text[seg.end - 1] === "\n") {
      chunks.push(current);
      current = null;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
