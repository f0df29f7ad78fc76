/**
 * Writes a large value as JSON to a file piece by piece: the same text as
 * `JSON.stringify(value, null, 2) + "\n"`, without building it as one string first. A report of
 * 10,000 cells is about 50 MB of JSON; stringified whole it sat in memory as one string (and
 * again as the buffer written), which was most of `contract test`'s peak memory at that size.
 * The top levels (the report, its suites, their result lists) are walked here; each element
 * below them is stringified on its own and indented to its depth.
 */
import { open } from "node:fs/promises";

/** How deep the walk goes before stringifying whole (report → suites → suite → results). */
const WALK_DEPTH = 4;
/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHARS = 1 << 20;

function* jsonPieces(value: unknown, pad: string, depth: number): Generator<string> {
  if (depth >= WALK_DEPTH || value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
    const text = JSON.stringify(value, null, 2);
    // JSON escapes newlines inside strings, so every newline here is layout.
    yield pad && text.includes("\n") ? text.replaceAll("\n", `\n${pad}`) : text;
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (!value.length) return yield "[]";
    yield "[\n";
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const v: unknown = value[i];
      // As JSON.stringify does: a hole, undefined or a function in an array is null.
      yield* jsonPieces(v === undefined || typeof v === "function" ? null : v, inner, depth + 1);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield `${pad}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol");
  if (!entries.length) return yield "{}";
  yield "{\n";
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonPieces(v, inner, depth + 1);
    yield i < entries.length - 1 ? ",\n" : "\n";
  }
  yield `${pad}}`;
}

/** The pieces of `JSON.stringify(value, null, 2)` in order (exported for the test). */
export function prettyJsonPieces(value: unknown): Iterable<string> {
  return jsonPieces(value, "", 0);
}

/** Writes `JSON.stringify(value, null, 2) + "\n"` to `path` (created or replaced). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const file = await open(path, "w");
  try {
    let buffer = "";
    for (const piece of jsonPieces(value, "", 0)) {
      buffer += piece;
      if (buffer.length >= WRITE_CHARS) {
        await file.write(buffer);
        buffer = "";
      }
    }
    await file.write(`${buffer}\n`);
  } finally {
    await file.close();
  }
}
