/**
 * Writes a large value as JSON to a file piece by piece: the same text as
 * `JSON.stringify(value, null, 2) + "\n"`, without building it as one string first. A report of
 * 10,000 cells is about 50 MB of JSON; stringified whole it sat in memory as one string (and
 * again as the buffer written), which was most of `contract test`'s peak memory at that size.
 * The top levels (the report, its suites, their result lists) are walked here; each element
 * below them is stringified on its own and indented to its depth.
 */
import { open } from "node:fs/promises";

/**
 * Text already in JSON form, written where it stands in the value: `pieces(pad)` yields it, laid
 * out for the indentation `pad` of the line it starts on (report-spool.ts: results kept in a
 * file while the suite runs).
 */
export class RawJson {
  constructor(readonly pieces: (pad: string) => AsyncIterable<string>) {}
}

type Piece = string | { raw: RawJson; pad: string };

/** How deep the walk goes before stringifying whole (report → suites → suite → results). */
const WALK_DEPTH = 4;
/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHARS = 1 << 20;

function* jsonPieces(value: unknown, pad: string, depth: number): Generator<Piece> {
  if (value instanceof RawJson) return yield { raw: value, pad };
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
export function* prettyJsonPieces(value: unknown): Generator<string> {
  for (const piece of jsonPieces(value, "", 0)) {
    if (typeof piece !== "string") throw new Error("prettyJsonPieces: a RawJson needs writeJsonFile");
    yield piece;
  }
}

/** Writes `JSON.stringify(value, null, 2) + "\n"` to `path` (created or replaced). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const file = await open(path, "w");
  try {
    let buffer = "";
    const add = async (text: string) => {
      buffer += text;
      if (buffer.length >= WRITE_CHARS) {
        await file.write(buffer);
        buffer = "";
      }
    };
    for (const piece of jsonPieces(value, "", 0)) {
      if (typeof piece === "string") await add(piece);
      else for await (const text of piece.raw.pieces(piece.pad)) await add(text);
    }
    await file.write(`${buffer}\n`);
  } finally {
    await file.close();
  }
}
