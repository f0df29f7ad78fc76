/**
 * Builds one message's text while recording which contract field produced each span: the
 * preview's hover/click links and the per-section token counts both come from these spans.
 */
import type { SourceSpan } from "../assembly-types.ts";

export interface Piece {
  text: string;
  field: string;
}

export class MessageBuilder {
  private readonly parts: string[] = [];
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
