/**
 * Lists inside a contract named by their JSON path, as errors name them (`policy.rules`,
 * `variables[2].options`): read one, and replace one immutably. Deletions and their undo use
 * these so one action serves every list the panels edit.
 */

type Segment = string | number;

export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export function getAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const seg of parsePath(path)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** A copy of `root` with the value at `path` replaced; `root` itself is never changed. */
export function setAt<T>(root: T, path: string, value: unknown): T {
  const segs = parsePath(path);
  const go = (node: unknown, i: number): unknown => {
    if (i === segs.length) return value;
    const seg = segs[i]!;
    if (Array.isArray(node)) return node.map((x, j) => (j === seg ? go(x, i + 1) : x));
    const obj = (node ?? {}) as Record<string, unknown>;
    return { ...obj, [seg]: go(obj[seg as string], i + 1) };
  };
  return go(root, 0) as T;
}

/**
 * Keys of a path-keyed map after item `index` of the list at `listPath` was removed (`delta`
 * -1) or inserted (`delta` +1): the keys of later items shift so they keep naming their item.
 * Keys under the removed item are dropped.
 */
export function shiftKeys<V>(map: Readonly<Record<string, V>>, listPath: string, index: number, delta: 1 | -1): Record<string, V> {
  const prefix = `${listPath}[`;
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(map)) {
    if (!k.startsWith(prefix)) {
      out[k] = v;
      continue;
    }
    const m = /^(\d+)\]/.exec(k.slice(prefix.length));
    if (!m) {
      out[k] = v;
      continue;
    }
    const j = Number(m[1]);
    const rest = k.slice(prefix.length + m[0].length);
    if (delta === -1 && j === index) continue;
    const nj = j >= index ? j + delta : j;
    out[`${prefix}${nj}]${rest}`] = v;
  }
  return out;
}
