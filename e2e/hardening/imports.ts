/**
 * Part 1: malformed imports. Files mutated from the shipped examples go through the parser and
 * through the app's own import (importText against an in-memory store holding the examples).
 * A file counts as failed when parsing throws (a crash), takes over 2 s (a hang), changes the
 * workspace although it was refused (or adds more than the one contract it holds), leaves a
 * polluted Object.prototype, crashes the assembly of the contract it added, or is refused with an error that names no path.
 */
import { EXAMPLE_FILES } from "../../contracts/examples/index.ts";
import { parseContract, serializeContract } from "../../contracts/parse.ts";
import { createStudioStore, type StudioStore } from "../../app/store/index.ts";
import { importText } from "../../app/features/import-export/import-export.ts";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { assemble } from "../../contracts/assemble.ts";
import { pick, prng, since, type PartOptions, type Row } from "./figures.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const HANG_MS = 2000;

/** Every path to a value inside `v`, as key lists. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function parentOf(root: Json, path: (string | number)[]): { parent: Json; key: string | number } | null {
  if (path.length === 0) return null;
  let node: Json = root;
  for (const k of path.slice(0, -1)) node = (node as Record<string | number, Json>)[k]!;
  return { parent: node, key: path[path.length - 1]! };
}

const clone = (v: Json): Json => structuredClone(v);
const WRONG: Json[] = [null, 0, -1, 1.5, 1e308, true, false, "", "x", [], {}, [null], { a: 1 }, "NaN", Number.MAX_SAFE_INTEGER + 2];

function deep(depth: number, leaf: Json = 1): string {
  return "[".repeat(depth) + JSON.stringify(leaf) + "]".repeat(depth);
}

/** One mutation kind per generator; each returns file text. */
const MUTATORS: Record<string, (base: Json, text: string, r: () => number) => string> = {
  truncated: (_b, text, r) => text.slice(0, Math.floor(r() * text.length)),
  "wrong type": (b, _t, r) => {
    const c = clone(b);
    const p = parentOf(c, pick(r, paths(c)));
    if (p) (p.parent as Record<string | number, Json>)[p.key] = pick(r, WRONG);
    return JSON.stringify(c);
  },
  "missing field": (b, _t, r) => {
    const c = clone(b);
    const p = parentOf(c, pick(r, paths(c)));
    if (p && Array.isArray(p.parent)) p.parent.splice(Number(p.key), 1);
    else if (p) delete (p.parent as Record<string, Json>)[p.key];
    return JSON.stringify(c);
  },
  "huge string": (b, _t, r) => {
    const c = clone(b);
    const strings = paths(c).filter((p) => {
      const q = parentOf(c, p);
      return q && typeof (q.parent as Record<string | number, Json>)[q.key] === "string";
    });
    const p = parentOf(c, pick(r, strings));
    if (p) (p.parent as Record<string | number, Json>)[p.key] = pick(r, ["x", "{{", "\u202e", "💥", "\u0000"]).repeat(200_000 + Math.floor(r() * 300_000));
    return JSON.stringify(c);
  },
  "deep nesting": (b, _t, r) => {
    // 10,000 levels at a random place: as a value, as an output schema, as a variable's value.
    const c = clone(b) as Record<string, Json>;
    const where = pick(r, ["value", "schema", "testValue", "root"]);
    const marker = '"__DEEP__"';
    if (where === "root") return deep(10_000);
    if (where === "schema") (c.output as Record<string, Json>).schema = "__DEEP__";
    else if (where === "testValue" && Array.isArray(c.variables) && c.variables[0]) (c.variables[0] as Record<string, Json>).testValue = "__DEEP__";
    else {
      const p = parentOf(c, pick(r, paths(c)));
      if (p) (p.parent as Record<string | number, Json>)[p.key] = "__DEEP__";
    }
    return JSON.stringify(c).replace(marker, where === "schema" ? '{"items":'.repeat(10_000) + "{}" + "}".repeat(10_000) : deep(10_000));
  },
  "duplicate ids": (b, _t, r) => {
    const c = clone(b) as Record<string, Json>;
    const lists: [string, string][] = [
      ["context.items", "id"],
      ["tests", "id"],
      ["variables", "name"],
    ];
    const [list] = pick(r, lists);
    const arr = list === "context.items" ? ((c.context as Record<string, Json>).items as Json[]) : (c[list] as Json[]);
    if (Array.isArray(arr) && arr.length) arr.push(clone(arr[0]!));
    return JSON.stringify(c);
  },
  "__proto__ / constructor keys": (b, _t, r) => {
    const text = JSON.stringify(b);
    const key = pick(r, ["__proto__", "constructor", "prototype"]);
    const inject = `"${key}":{"polluted":true,"toString":1,"prototype":{"polluted":true}},`;
    // Into the root, the policy, a context item, the output schema or a test's variables.
    const anchors = ['{"format"', '"policy":{', '"items":[{', '"schema":{', '"variables":{'];
    const anchor = pick(r, anchors);
    const at = text.indexOf(anchor);
    if (at === -1) return `{${inject}${text.slice(1)}`;
    const open = text.indexOf("{", at + (anchor === '{"format"' ? 0 : 1)) + 1;
    return text.slice(0, open) + inject + text.slice(open);
  },
  "unknown format revision": (b, _t, r) => {
    const c = clone(b) as Record<string, Json>;
    c.format = pick(r, [
      "contract-studio/contract@0",
      "contract-studio/contract@99",
      "contract-studio/contract@1.5",
      "contract-studio/contract",
      "other/thing@1",
      "",
      1,
      null,
      ["contract-studio/contract@1"],
    ] as Json[]);
    return JSON.stringify(c);
  },
  "binary junk": (_b, text, r) => {
    const n = 1 + Math.floor(r() * 4096);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(r() * 256);
    const junk = new TextDecoder("utf-8").decode(bytes);
    // Alone, or spliced into an otherwise valid file.
    if (r() < 0.5) return junk;
    const at = Math.floor(r() * text.length);
    return text.slice(0, at) + junk + text.slice(at);
  },
};

interface Outcome {
  failure: string | null;
  ms: number;
  refused: boolean;
}

function importOnce(store: StudioStore, text: string, name: string): Outcome {
  const s = store.getState();
  const before = { entries: s.entries, order: s.order, selected: s.selectedKey };
  const t0 = performance.now();
  let failure: string | null = null;
  let refused = false;
  let toAssemble: Parameters<typeof assemble>[0] | null = null;
  try {
    // The parser alone, then the app's import of the same text.
    const parsed = parseContract(text);
    const plan = importText(store, text, name);
    refused = plan.kind === "refused";
    if (parsed.ok !== !refused) failure = "parser and import disagree";
    const after = store.getState();
    if (plan.kind === "refused") {
      if (after.entries !== before.entries || after.order !== before.order || after.selectedKey !== before.selected)
        failure = "refused but the workspace changed";
      const nameless = plan.errors.find((e) => !e.path || !e.message);
      if (plan.errors.length === 0) failure = "refused without an error";
      else if (nameless) failure = `an error names no path: ${JSON.stringify(nameless).slice(0, 120)}`;
    } else if (plan.kind === "conflict") {
      if (after.entries !== before.entries) failure = "a conflicting import changed the workspace before the user chose";
    } else {
      if (after.order.length !== before.order.length + 1) failure = "an accepted import did not add exactly one contract";
      const added = after.entries[after.selectedKey!]?.contract;
      if (!added || !parseContract(serializeContract(added)).ok) failure = "an accepted contract does not validate again";
      else toAssemble = added;
    }
  } catch (e) {
    failure = `crash: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
  }
  const ms = performance.now() - t0;
  if (!failure && ms > HANG_MS) failure = `took ${Math.round(ms)} ms`;
  try {
    // What the app does next with an added contract: assemble its preview (a crash there is an import bug too).
    if (toAssemble) assemble(toAssemble);
  } catch (e) {
    failure = `the imported contract crashes assembly: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")) failure = "Object.prototype polluted";
  return { failure, ms, refused };
}

function freshStore(): StudioStore {
  const store = createStudioStore();
  const contracts = exampleContracts();
  const entries = Object.fromEntries(contracts.map((c, i) => [`k${i}`, { key: `k${i}`, contract: c, revision: 1, updatedAt: 0 }]));
  store.getState().hydrate({ entries, order: Object.keys(entries), selectedKey: "k0", broken: [] });
  return store;
}

/** A valid file of about `bytes` bytes: an example with one large context item and many small ones. */
export function bigContractText(bytes: number): string {
  const base = structuredClone(EXAMPLE_FILES["grounded-answer.contract.json"]) as Record<string, Json>;
  const context = base.context as { items: Json[] };
  const item = context.items[0] as Record<string, Json>;
  const per = 20_000;
  const n = Math.ceil(bytes / per);
  context.items = Array.from({ length: n }, (_, i) => ({
    ...item,
    id: `big-${i}`,
    content: `Passage ${i}. ` + "lorem ipsum dolor sit amet ".repeat(per / 27),
  }));
  base.id = "big-import";
  return JSON.stringify(base, null, 2);
}

export async function runImports({ quick }: PartOptions): Promise<Row[]> {
  const t0 = performance.now();
  const total = quick ? 1000 : 10_000;
  const r = prng(10);
  const bases = Object.values(EXAMPLE_FILES) as Json[];
  const texts = bases.map((b) => JSON.stringify(b, null, 2));
  const kinds = Object.keys(MUTATORS);
  let store = freshStore();
  const samples: string[] = [];
  let failures = 0;
  let refused = 0;
  let worst = 0;
  const run = (text: string, label: string) => {
    const o = importOnce(store, text, `${label}.contract.json`);
    worst = Math.max(worst, o.ms);
    if (o.refused) refused++;
    if (o.failure) {
      failures++;
      if (samples.length < 5) samples.push(`${label}: ${o.failure}`);
    }
    if (!o.refused) store = freshStore();
  };
  for (let i = 0; i < total - 2; i++) {
    const kind = kinds[i % kinds.length]!;
    const b = i % bases.length;
    run(MUTATORS[kind]!(bases[b]!, texts[b]!, r), `#${i} ${kind}`);
  }
  // The 20 MB file, valid, and the same file cut in the middle.
  const big = bigContractText(20 * 1024 * 1024);
  run(big, "20 MB file");
  run(big.slice(0, big.length / 2), "20 MB file, truncated");
  return [
    {
      part: "1 malformed imports",
      tried: `${kinds.length} mutation kinds + a 20 MB file, parser + app import`,
      count: total,
      failures,
      figure: `${refused} refused with paths, ${total - refused} accepted, 0 workspace changes on refusal; slowest ${Math.round(worst)} ms`,
      ms: since(t0),
      samples,
    },
  ];
}
