/**
 * The JSONPath subset the JSON path assertions take, small on purpose so every path means one
 * value and a mistake is reported, not silently matched to nothing:
 *
 *   $                 the whole answer
 *   .name             a key made of letters, digits, _ and $ (not starting with a digit)
 *   ['any key'] ["k"] any key, quoted (\' \" and \\ escape)
 *   [3]  [-1]         an array index; a negative one counts from the end
 *
 * Example: `$.items[0].id`, `$["first name"]`, `$.tags[-1]`. No wildcards, filters or `..`:
 * write one assertion per value instead.
 */
export type PathStep = { key: string } | { index: number };

export type ParsedPath = { ok: true; steps: PathStep[] } | { ok: false; message: string };

export function parseJsonPath(path: string): ParsedPath {
  if (!path.startsWith("$")) return { ok: false, message: `a path starts with $ (like $.items[0].id), not ${JSON.stringify(path.slice(0, 1))}` };
  const steps: PathStep[] = [];
  let i = 1;
  const fail = (what: string) => ({ ok: false as const, message: `${what} at character ${i} of ${path}` });
  while (i < path.length) {
    const c = path[i]!;
    if (c === ".") {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(path.slice(i + 1));
      if (!m) return fail("a name must follow '.' (quote other keys: ['my key'])");
      steps.push({ key: m[0] });
      i += 1 + m[0].length;
    } else if (c === "[") {
      const rest = path.slice(i + 1);
      const index = /^(-?\d+)\]/.exec(rest);
      if (index) {
        steps.push({ index: Number(index[1]) });
        i += 1 + index[0].length;
        continue;
      }
      const q = rest[0];
      if (q !== "'" && q !== '"') return fail("'[' takes an index ([0]) or a quoted key (['name'])");
      let key = "";
      let j = 1;
      for (; j < rest.length && rest[j] !== q; j++) {
        if (rest[j] === "\\" && j + 1 < rest.length) j++;
        key += rest[j];
      }
      if (rest[j] !== q || rest[j + 1] !== "]") return fail("a quoted key must end with its quote and ']'");
      steps.push({ key });
      i += 1 + j + 2;
    } else {
      return fail(`unexpected ${JSON.stringify(c)}`);
    }
  }
  return { ok: true, steps };
}

export type PathValue = { found: true; value: unknown } | { found: false; message: string };

/** The value at the path's steps, or where the walk stopped, as a sentence. */
export function valueAt(root: unknown, steps: readonly PathStep[]): PathValue {
  let v = root;
  let at = "$";
  for (const s of steps) {
    if ("index" in s) {
      if (!Array.isArray(v)) return { found: false, message: `${at} is not an array` };
      const i = s.index < 0 ? v.length + s.index : s.index;
      if (i < 0 || i >= v.length) return { found: false, message: `${at} has no item [${s.index}] (it has ${v.length})` };
      v = v[i];
      at += `[${s.index}]`;
    } else {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return { found: false, message: `${at} is not an object` };
      if (!Object.hasOwn(v, s.key)) return { found: false, message: `${at} has no key ${JSON.stringify(s.key)}` };
      v = (v as Record<string, unknown>)[s.key];
      at += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key)}]`;
    }
  }
  return { found: true, value: v };
}

/** The value at a path string: parse then walk. */
export function jsonPathValue(root: unknown, path: string): PathValue {
  const p = parseJsonPath(path);
  return p.ok ? valueAt(root, p.steps) : { found: false, message: p.message };
}
