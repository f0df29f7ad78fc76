/**
 * Share links: a whole contract in a URL fragment, compressed (deflate, base64url), so no
 * server sees it and nothing is stored anywhere. The fragment never carries secrets:
 * contracts hold none, and anything that is not part of the format (an API key or a canary
 * a caller attached by mistake) is stripped before encoding.
 *
 * Payload: `c1.` + base64url(deflate(contract file JSON)). The prefix versions the payload.
 */
import { Inflate, deflateSync } from "fflate";
import { ContractSchema, type Contract } from "./schema/contract.ts";
import { parseContract, serializeContract } from "./parse.ts";
import type { Result } from "./errors.ts";

const PREFIX = "c1.";
/** A link larger than this decompressed is refused: a real contract is far smaller, a zip bomb is not. */
const MAX_BYTES = 20 * 1024 * 1024;

export interface ShareOptions {
  /** Carry the published versions and labels too (longer link). Default: the draft only. */
  history?: boolean;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (i + k < text.length ? B64.indexOf(text[i + k]!) : 0));
    const n = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    out[o++] = (n >> 16) & 255;
    if (i + 2 < text.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < text.length) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

/**
 * A copy holding only fields of the format: keys the schema does not know are removed,
 * wherever they are, by following the validator's own "unknown field" reports.
 */
export function stripUnknownFields(contract: Contract): Contract {
  let data = JSON.parse(JSON.stringify(contract)) as Record<string, unknown>;
  for (let round = 0; round < 50; round++) {
    const r = ContractSchema.safeParse(data);
    if (r.success) return r.data;
    const unknown = r.error.issues.filter((i) => i.code === "unrecognized_keys");
    if (!unknown.length) break;
    for (const issue of unknown) {
      let target: unknown = data;
      for (const seg of issue.path) target = (target as Record<PropertyKey, unknown>)?.[seg as string];
      if (target && typeof target === "object") for (const k of issue.keys) delete (target as Record<string, unknown>)[k];
    }
    data = { ...data };
  }
  return data as Contract;
}

export function encodeShare(contract: Contract, options: ShareOptions = {}): string {
  const clean = stripUnknownFields(contract);
  const { history, ...body } = clean;
  const payload = options.history && history ? { ...body, history } : body;
  const bytes = new TextEncoder().encode(serializeContract(payload as Contract));
  return PREFIX + toBase64Url(deflateSync(bytes, { level: 9 }));
}

function inflateLimited(data: Uint8Array): Uint8Array | "too-big" | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_BYTES) {
      tooBig = true;
      throw new Error("too big");
    }
    chunks.push(chunk);
  });
  try {
    inflater.push(data, true);
  } catch {
    return tooBig ? "too-big" : null;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const bad = (message: string): Result<Contract> => ({ ok: false, errors: [{ path: "(link)", message }] });

/**
 * Reads a share link, its fragment (`#c1.…`, `#share=c1.…`) or the bare payload. Every
 * failure is a sentence; the contract is validated like an imported file.
 */
export function decodeShare(link: string): Result<Contract> {
  let text = link.trim();
  const hash = text.indexOf("#");
  if (hash >= 0) text = text.slice(hash + 1);
  const kv = /(?:^|&)share=([^&]*)/.exec(text);
  if (kv) text = decodeURIComponent(kv[1]!);
  if (!text) return bad("the link carries no contract (nothing after #)");
  if (!text.startsWith(PREFIX)) return bad("this is not a Contract Studio share link (it should start with c1.)");
  const bytes = fromBase64Url(text.slice(PREFIX.length));
  if (!bytes) return bad("the link is damaged: it holds characters a share link never has, or was cut short");
  const inflated = inflateLimited(bytes);
  if (inflated === "too-big") return bad(`the link expands to more than ${MAX_BYTES / 1024 / 1024} MB, more than any contract; it was refused`);
  if (!inflated) return bad("the link is damaged: its compressed data cannot be read (was it cut short when copied?)");
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    return bad("the link is damaged: its content is not text");
  }
  const parsed = parseContract(json);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ path: e.path === "(file)" ? "(link)" : e.path, message: e.message })) };
  return parsed;
}
