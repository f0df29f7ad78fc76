/**
 * Where each value of a JSON answer lies in its text: a small scanner (JSON.parse gives no
 * offsets) that records, for every value, its JSON path (in eval/json-path.ts's syntax, so a
 * min_confidence assertion names fields the same way) and its character span. A string's span
 * is its content without the quotes, so the tokens that open it (often `": "`) and close it do
 * not count as the value's. The answer may be bare JSON or JSON in a ```json fence, as
 * extractJson accepts.
 */

export interface ValueSpan {
  path: string;
  start: number;
  end: number;
  kind: "object" | "array" | "string" | "number" | "boolean" | "null";
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
export const childPath = (parent: string, key: string | number): string =>
  typeof key === "number" ? `${parent}[${key}]` : IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;

class Scan {
  i: number;
  readonly out: ValueSpan[] = [];
  constructor(
    readonly s: string,
    start: number,
  ) {
    this.i = start;
  }
  ws() {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i]!)) this.i++;
  }
  fail(): never {
    throw new SyntaxError(`unexpected input at ${this.i}`);
  }
  string(): string {
    // at the opening quote
    const s = this.s;
    let j = this.i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
    if (j >= s.length) this.fail();
    const raw = s.slice(this.i, j + 1);
    this.i = j + 1;
    return JSON.parse(raw) as string;
  }
  value(path: string, depth: number): void {
    if (depth > 256) this.fail();
    this.ws();
    const s = this.s;
    const c = s[this.i];
    const start = this.i;
    if (c === "{") {
      const at = this.out.push({ path, start, end: start, kind: "object" }) - 1;
      this.i++;
      this.ws();
      if (s[this.i] === "}") this.i++;
      else
        for (;;) {
          this.ws();
          if (s[this.i] !== '"') this.fail();
          const key = this.string();
          this.ws();
          if (s[this.i++] !== ":") this.fail();
          this.value(childPath(path, key), depth + 1);
          this.ws();
          const d = s[this.i++];
          if (d === "}") break;
          if (d !== ",") this.fail();
        }
      this.out[at]!.end = this.i;
    } else if (c === "[") {
      const at = this.out.push({ path, start, end: start, kind: "array" }) - 1;
      this.i++;
      this.ws();
      if (s[this.i] === "]") this.i++;
      else
        for (let n = 0; ; n++) {
          this.value(childPath(path, n), depth + 1);
          this.ws();
          const d = s[this.i++];
          if (d === "]") break;
          if (d !== ",") this.fail();
        }
      this.out[at]!.end = this.i;
    } else if (c === '"') {
      this.string();
      // The content only; an empty string keeps its quotes so it still has tokens.
      const inner = this.i - start > 2;
      this.out.push({ path, start: inner ? start + 1 : start, end: inner ? this.i - 1 : this.i, kind: "string" });
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(this.i, this.i + 400));
      if (!m) this.fail();
      this.i += m[0].length;
      const kind = m[0] === "null" ? "null" : m[0] === "true" || m[0] === "false" ? "boolean" : "number";
      this.out.push({ path, start, end: this.i, kind });
    }
  }
}

function scanFrom(text: string, start: number, end: number): ValueSpan[] | null {
  try {
    const scan = new Scan(text, start);
    scan.value("$", 0);
    scan.ws();
    return scan.i >= end || text.slice(scan.i, end).trim() === "" ? scan.out : null;
  } catch {
    return null;
  }
}

/** Every value's span, outermost first (document order), or null when the text holds no JSON. */
export function jsonValueSpans(text: string): ValueSpan[] | null {
  const lead = text.length - text.trimStart().length;
  const bare = scanFrom(text, lead, text.length);
  if (bare) return bare;
  const fence = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/.exec(text);
  if (!fence) return null;
  const bodyStart = fence.index + fence[0].indexOf(fence[1]!, fence[0].indexOf("\n"));
  return scanFrom(text, bodyStart, bodyStart + fence[1]!.length);
}
