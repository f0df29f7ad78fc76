/**
 * Semantic diff between two versions of a large contract: a 200-property output schema
 * (nested objects, arrays of objects, $defs, enums, anyOf) and 500 context items (~1 MB).
 * Version B edits about a tenth of each: fields removed, retyped, made optional, enum values
 * added, items added, removed and rewritten. Median and p95 over 30 runs after warm-up.
 */
import { parseContract } from "../contracts/parse.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { diffContracts, allChanges } from "../contracts/diff/diff-contracts.ts";
import { sectionTexts } from "../contracts/diff/section-texts.ts";
import { contentHash } from "../contracts/versions/hash.ts";
import type { BenchOptions, Figures } from "./figures.ts";

const ITEMS = 500;
const RUNS = 30;

type Json = Record<string, unknown>;

/** Deterministic filler text (fixed LCG) so runs compare across machines and commits. */
function text(seed: number, bytes: number): string {
  const words = "refund order shipment carrier customer invoice warehouse return label days plan backup ticket priority".split(" ");
  let x = seed;
  let out = "";
  while (out.length < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += words[x % words.length]! + (x % 13 === 0 ? ".\n" : " ");
  }
  return out;
}

/** 200 properties in all: 89 plain top-level, 15 objects and 15 arrays of objects (each 1 + 2 nested), a $ref to a $def of 20. */
function schema(): Json {
  const props: Json = {};
  const required: string[] = [];
  for (let i = 0; i < 89; i++) {
    const kind = i % 4;
    props[`f${i}`] =
      kind === 0
        ? { type: "string", description: `field ${i}` }
        : kind === 1
          ? { type: "integer", minimum: 0, maximum: 100 }
          : kind === 2
            ? { type: "string", enum: ["a", "b", "c"] }
            : { anyOf: [{ type: "string" }, { type: "null" }] };
    required.push(`f${i}`);
  }
  for (let i = 0; i < 15; i++) {
    props[`obj${i}`] = { type: "object", additionalProperties: false, required: ["x", "y"], properties: { x: { type: "string" }, y: { type: "number" } } };
    props[`list${i}`] = {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["sku"], properties: { sku: { type: "string" }, qty: { type: "integer" } } },
    };
  }
  const defProps: Json = {};
  for (let i = 0; i < 20; i++) defProps[`d${i}`] = { type: "string", enum: ["x", "y"] };
  props.shared = { $ref: "#/$defs/shared" };
  return { type: "object", additionalProperties: false, required, properties: props, $defs: { shared: { type: "object", properties: defProps } } };
}

function build(edit?: (c: Json) => void): Contract {
  const c: Json = {
    format: "contract-studio/contract@1",
    id: "bench-diff",
    name: "Large schema",
    policy: { role: "You extract records.", rules: Array.from({ length: 30 }, (_, i) => `Rule number ${i} about ${text(i, 40)}`) },
    task: { instruction: "Extract the record from {{doc}}.", constraints: ["Be exact."] },
    variables: [{ name: "doc", type: "string" }],
    context: {
      items: Array.from({ length: ITEMS }, (_, i) => ({
        id: `kb-${i}`,
        label: `Doc ${i}`,
        kind: "retrieval",
        source: `kb://docs/${i}`,
        content: text(i + 1, 2000),
      })),
    },
    output: { kind: "json_schema", name: "record", schema: schema() },
  };
  edit?.(c);
  const parsed = parseContract(c);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  return parsed.value;
}

function editB(c: Json): void {
  const s = (c.output as { schema: { properties: Record<string, Json>; required: string[]; $defs: { shared: { properties: Record<string, Json> } } } }).schema;
  // Steps of 20 keep each edit on one kind of field (kind = i % 4).
  for (let i = 0; i < 89; i += 20) delete s.properties[`f${i}`];
  s.required = s.required.filter((r) => s.properties[r]);
  for (let i = 1; i < 89; i += 20) (s.properties[`f${i}`] as Json).type = "string";
  for (let i = 2; i < 89; i += 20) ((s.properties[`f${i}`] as Json).enum as string[]).push("d");
  for (let i = 3; i < 89; i += 20) s.required = s.required.filter((r) => r !== `f${i}`);
  for (let i = 0; i < 15; i += 4) ((s.properties[`list${i}`] as Json).items as { properties: Json }).properties.price = { type: "number" };
  s.$defs.shared.properties.d0 = { type: "string", enum: ["x", "y", "z"] };
  const items = (c.context as { items: Json[] }).items;
  for (let i = 0; i < items.length; i += 10) items[i]!.content = text(i + 7, 2000);
  items.splice(100, 10);
  for (let i = 0; i < 10; i++) items.push({ id: `new-${i}`, source: `kb://new/${i}`, content: text(i + 99, 2000) });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function time(runs: number, f: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export async function benchDiff(options: BenchOptions = { quick: false }): Promise<Figures> {
  const runs = options.quick ? 3 : RUNS;
  const a = build();
  const b = build(editB);
  // Every property at every depth, $defs included.
  const count = (v: unknown): number => {
    if (Array.isArray(v)) return v.reduce((t: number, x) => t + count(x), 0);
    if (!v || typeof v !== "object") return 0;
    const o = v as Json;
    const own = o.properties && typeof o.properties === "object" ? Object.keys(o.properties).length : 0;
    return own + Object.values(o).reduce((t: number, x) => t + count(x), 0);
  };
  const diff = diffContracts(a, b);
  time(5, () => diffContracts(a, b)); // warm-up (JIT)
  const diffs = time(runs, () => diffContracts(a, b));
  const texts = time(runs, () => sectionTexts(b));
  const hashes = time(runs, () => contentHash(b));
  const bytes = new TextEncoder().encode(JSON.stringify(b)).length;
  return {
    "output schema properties": count((a.output as { schema: unknown }).schema),
    "context items": ITEMS,
    "contract size (MB)": Math.round((bytes / 1e6) * 100) / 100,
    "changes found": allChanges(diff).length,
    verdict: diff.verdict.level,
    runs,
    "diffContracts, median (ms)": round(percentile(diffs, 50)),
    "diffContracts, p95 (ms)": round(percentile(diffs, 95)),
    "sectionTexts, median (ms)": round(percentile(texts, 50)),
    "contentHash, median (ms)": round(percentile(hashes, 50)),
  };
}
