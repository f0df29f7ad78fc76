import { sha256Hex } from "./sha256.ts";

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same content always
 * gives the same text whatever order its keys were written or built in. Undefined values are
 * left out (as JSON.stringify does) so an absent optional field and `undefined` hash alike.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * The content hash of a contract body: SHA-256 hex of its canonical JSON. `history` is never
 * part of the content (a version's hash must not change when later versions are published),
 * so it is dropped if present.
 */
export function contentHash(body: object): string {
  const { history: _history, ...rest } = body as Record<string, unknown>;
  return sha256Hex(canonicalJson(rest));
}
