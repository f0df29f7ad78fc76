/**
 * The persisted shape of the workspace, and reading it back.
 *
 *   ws:index            { version: 1, order: key[], selectedKey, editorTab, sideTab, encoding }
 *   ws:contract:<key>   { key, text (serializeContract of the draft), revision, updatedAt,
 *                         pending? { [field path]: { text, message } } }
 *
 * `pending` holds JSON fields' text that does not parse yet (the output schema, a test's
 * variables); the draft in `text` keeps their last valid value. Left out when there is none.
 *
 * Records load through parseContract, so a corrupt one is reported (BrokenRecord), not crashed
 * on. A draft the user left mid-edit (an empty role, say) fails a rule but keeps a contract's
 * shape: it loads as the draft, with its problems shown inline as before the reload.
 */
import { parseContract, parseJson, CONTRACT_FORMAT, serializeContract, type Contract } from "../../contracts/index.ts";
import type { TokenEncoding } from "../../contracts/tokens.ts";
import type { BrokenRecord, PendingText, WorkspaceEntry, WorkspaceSnapshot } from "../store/workspace-slice.ts";
import { isEditorTab, isSideTab, type EditorTab, type SideTab } from "../store/editor-slice.ts";
import { newKey } from "../store/workspace-slice.ts";
import type { KeyValueStorage } from "./storage.ts";

export const INDEX_KEY = "ws:index";
export const contractKey = (key: string) => `ws:contract:${key}`;

export interface IndexRecord {
  version: 1;
  order: string[];
  selectedKey: string | null;
  editorTab: EditorTab;
  sideTab: SideTab;
  encoding: TokenEncoding;
}

export interface ContractRecord {
  key: string;
  text: string;
  revision: number;
  updatedAt: number;
  pending?: Record<string, PendingText>;
}

export interface LoadedWorkspace {
  workspace: WorkspaceSnapshot;
  editorTab: EditorTab;
  sideTab: SideTab;
  encoding: TokenEncoding;
  /** True when the workspace was empty and the examples were added. */
  seeded: boolean;
}

export function toRecord(e: WorkspaceEntry): ContractRecord {
  const rec: ContractRecord = { key: e.key, text: serializeContract(e.contract), revision: e.revision, updatedAt: e.updatedAt };
  return e.pending && Object.keys(e.pending).length ? { ...rec, pending: { ...e.pending } } : rec;
}

/** A record's pending texts, keeping only well-formed ones (an old or odd record has none). */
function readPending(v: unknown): Record<string, PendingText> | undefined {
  if (!isObj(v)) return undefined;
  const out = Object.fromEntries(
    Object.entries(v).filter((kv): kv is [string, PendingText] => isObj(kv[1]) && typeof kv[1].text === "string" && typeof kv[1].message === "string"),
  );
  return Object.keys(out).length ? out : undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrArr = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === "string"));

/** The shape the editor needs to show a draft without crashing (the rules are checked live). */
function hasContractShape(v: unknown): v is Contract {
  if (!isObj(v) || v.format !== CONTRACT_FORMAT || typeof v.id !== "string" || typeof v.name !== "string") return false;
  const { policy, task, context, output } = v;
  if (!isObj(policy) || typeof policy.role !== "string" || !isStrArr(policy.rules)) return false;
  if (!isObj(task) || typeof task.instruction !== "string" || !isStrArr(task.constraints)) return false;
  if (!Array.isArray(v.variables) || !Array.isArray(v.tests) || !isObj(v.model)) return false;
  if (!isObj(context) || !Array.isArray(context.items) || !context.items.every(isObj)) return false;
  if (!isObj(output) || !["json_schema", "sections", "text"].includes(String(output.kind))) return false;
  return true;
}

function readRecord(rec: unknown, key: string): WorkspaceEntry | BrokenRecord {
  if (!isObj(rec) || typeof rec.text !== "string")
    return { key, text: JSON.stringify(rec) ?? "", errors: [{ path: "(file)", message: "is not a saved contract record" }] };
  const revision = typeof rec.revision === "number" ? rec.revision : 1;
  const updatedAt = typeof rec.updatedAt === "number" ? rec.updatedAt : 0;
  const pending = readPending(rec.pending);
  const extra = pending ? { pending } : {};
  const parsed = parseContract(rec.text);
  if (parsed.ok) return { key, contract: parsed.value, revision, updatedAt, ...extra };
  const json = parseJson(rec.text);
  if (json.ok && hasContractShape(json.value)) return { key, contract: json.value, revision, updatedAt, ...extra };
  return { key, text: rec.text, errors: parsed.errors };
}

/** Reads the workspace; seeds it with `examples` on first run (no index yet). */
export async function loadWorkspace(storage: KeyValueStorage, examples: () => readonly Contract[] | Promise<readonly Contract[]>): Promise<LoadedWorkspace> {
  const index = await storage.get<Partial<IndexRecord>>(INDEX_KEY);
  if (!index) {
    const entries: Record<string, WorkspaceEntry> = {};
    const order: string[] = [];
    for (const contract of await examples()) {
      const e: WorkspaceEntry = { key: newKey(), contract, revision: 1, updatedAt: Date.now() };
      entries[e.key] = e;
      order.push(e.key);
    }
    return {
      workspace: { entries, order, selectedKey: order[0] ?? null, broken: [] },
      editorTab: "policy",
      sideTab: "preview",
      encoding: "o200k_base",
      seeded: true,
    };
  }
  const storedKeys = (await storage.keys()).filter((k) => k.startsWith("ws:contract:")).map((k) => k.slice(12));
  const listed = Array.isArray(index.order) ? index.order.filter((k): k is string => typeof k === "string") : [];
  // Records not in the index (written just before a crash) are kept too, at the end.
  const order = [...new Set([...listed.filter((k) => storedKeys.includes(k)), ...storedKeys])];
  const entries: Record<string, WorkspaceEntry> = {};
  const broken: BrokenRecord[] = [];
  const loaded = await Promise.all(order.map(async (key) => readRecord(await storage.get(contractKey(key)), key)));
  for (const r of loaded) {
    if ("contract" in r) entries[r.key] = r;
    else broken.push(r);
  }
  const okOrder = order.filter((k) => entries[k]);
  const selectedKey = index.selectedKey && entries[index.selectedKey] ? index.selectedKey : (okOrder[0] ?? null);
  return {
    workspace: { entries, order: okOrder, selectedKey, broken },
    editorTab: isEditorTab(index.editorTab) ? index.editorTab : "policy",
    sideTab: isSideTab(index.sideTab) ? index.sideTab : "preview",
    encoding: index.encoding === "cl100k_base" ? "cl100k_base" : "o200k_base",
    seeded: false,
  };
}
