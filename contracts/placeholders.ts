import { VARIABLE_NAME } from "./schema/task.ts";

export interface Placeholder {
  /** The text as written, braces included. */
  raw: string;
  name: string;
  start: number;
  end: number;
  malformed: boolean;
}

/**
 * Every `{{...}}` in a template, in order. Whitespace inside the braces is allowed
 * (`{{ name }}`); anything that is not a variable name is marked malformed, as is an
 * opening `{{` that never closes.
 */
export function findPlaceholders(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  let i = 0;
  while ((i = template.indexOf("{{", i)) !== -1) {
    const close = template.indexOf("}}", i + 2);
    const nextOpen = template.indexOf("{{", i + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const end = nextOpen === -1 ? Math.min(template.length, i + 20) : nextOpen;
      out.push({ raw: template.slice(i, end), name: "", start: i, end, malformed: true });
      i = i + 2;
      continue;
    }
    const raw = template.slice(i, close + 2);
    const name = raw.slice(2, -2).trim();
    out.push({ raw, name, start: i, end: close + 2, malformed: !VARIABLE_NAME.test(name) });
    i = close + 2;
  }
  return out;
}
