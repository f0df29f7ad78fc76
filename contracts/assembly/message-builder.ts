/**
 * Builds one message's text while recording which contract field produced each span: the
 * preview's hover/click links and the per-section token counts both come from these spans.
 */
import type { SourceSpan } from "../assembly-types.ts";
import { findTagLookalikes } from "./fold.ts";

export interface Piece {
  text: string;
  field: string;
}

export class MessageBuilder {
  private parts: string[] = [];
  /** Offsets of the real delimiters' `<`: the only tags escaping leaves alone. */
  private readonly markers = new Set<number>();
  private length = 0;
  readonly pieces: Piece[] = [];

  constructor(private readonly messageIndex: number) {}

  /** Appends `text` attributed to `field`; adjacent pieces of the same field merge. */
  add(text: string, field: string): this {
    if (text === "") return this;
    this.parts.push(text);
    this.length += text.length;
    const last = this.pieces[this.pieces.length - 1];
    if (last && last.field === field) last.text += text;
    else this.pieces.push({ text, field });
    return this;
  }

  /** Appends one of the packet's real delimiters (it starts with `<`), which escaping keeps. */
  addMarker(text: string, field: string): this {
    this.markers.add(this.length);
    return this.add(text, field);
  }

  /**
   * Defuses every context-tag look-alike in the message but the real delimiters: its `<` (or
   * the character read as one) becomes `&lt;`. Done once over the whole text, not per field,
   * because a look-alike can be made of two fields (a template's `<` and a variable's
   * `/context-...>`), or of a field and the framing around it. Returns the map from offsets
   * before to offsets after, for offsets recorded while writing.
   */
  escapeLookalikes(): (offset: number) => number {
    const found = findTagLookalikes(this.text()).filter((l) => !this.markers.has(l.at));
    if (!found.length) return (offset) => offset;
    const pieces = this.pieces.splice(0);
    let at = 0;
    let next = 0;
    for (const p of pieces) {
      const end = at + p.text.length;
      let text = "";
      let from = at;
      for (; next < found.length && found[next]!.at < end; next++) {
        const l = found[next]!;
        text += p.text.slice(from - at, l.at - at) + "&lt;";
        from = l.at + l.length;
      }
      text += p.text.slice(from - at);
      this.pieces.push({ text, field: p.field });
      at = end;
    }
    this.parts = this.pieces.map((p) => p.text);
    const before = found.map((l) => l.at);
    const grow = found.map((l) => 4 - l.length);
    this.length = this.parts.reduce((a, t) => a + t.length, 0);
    return (offset) => {
      let shift = 0;
      for (let i = 0; i < before.length && before[i]! < offset; i++) shift += grow[i]!;
      return offset + shift;
    };
  }

  /** Characters written so far: the offset the next piece starts at. */
  get size(): number {
    return this.length;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  text(): string {
    return this.parts.join("");
  }

  spans(): SourceSpan[] {
    const out: SourceSpan[] = [];
    let at = 0;
    for (const p of this.pieces) {
      out.push({ message: this.messageIndex, start: at, end: at + p.text.length, field: p.field });
      at += p.text.length;
    }
    return out;
  }
}
