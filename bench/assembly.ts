/**
 * Assembly plus token counting of a large contract (500 context items, about 1 MB of text):
 * median and p95 over 20 runs in Node, after warm-up. Each run changes the question, as
 * typing does, so the user message is new every time; token counts of unchanged context
 * blocks come from the cache, as they do in the worker. A separate figure edits every item.
 */
import { assemble } from "../contracts/assemble.ts";
import { parseContract } from "../contracts/parse.ts";
import type { Contract } from "../contracts/schema/contract.ts";
import { loadEncoding } from "../contracts/tokens.ts";
import type { BenchOptions, Figures } from "./figures.ts";

const ITEMS = 500;
const TARGET_BYTES = 1_000_000;
const RUNS = 20;

const SYLLABLES = "ka re mi to su na lo pe vi da ze mo ru fi ta ne so gu ba li ko he wa yo tri pla sto qua bre fen dor mul".split(" ");
const COMMON = "the a of to and in is for on with that this order refund customer within days plan data".split(" ");

/**
 * Deterministic prose-like text (a fixed LCG), so runs compare across machines and commits.
 * Half the words are common ones, half made-up words from syllables: a small vocabulary would
 * let the tokenizer's merge cache make counting look far cheaper than on real documents.
 */
function text(seed: number, bytes: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) & 0x7fffffff);
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    let w: string;
    if (next() % 2 === 0) w = COMMON[next() % COMMON.length]!;
    else {
      w = "";
      for (let k = 1 + (next() % 4); k > 0; k--) w += SYLLABLES[next() % SYLLABLES.length]!;
    }
    const r = next() % 29;
    const sep = r === 0 ? ".\n" : r < 3 ? ", " : " ";
    out.push(w + sep);
    size += w.length + sep.length;
  }
  return out.join("");
}

export function largeContract(): Contract {
  const per = Math.floor(TARGET_BYTES / ITEMS);
  const parsed = parseContract({
    format: "contract-studio/contract@1",
    id: "bench-large",
    name: "Large packet",
    policy: { role: "You answer support questions from the knowledge base.", rules: ["Answer only from the context."], citations: "required" },
    task: { instruction: "Answer {{question}}.", constraints: ["At most 200 words."] },
    variables: [{ name: "question", type: "string", testValue: "how long do refunds take?" }],
    context: {
      mode: "delimit",
      items: Array.from({ length: ITEMS }, (_, i) => ({
        id: `kb-${i}`,
        label: `Article ${i}`,
        kind: "retrieval",
        source: `https://kb.example/articles/${i}`,
        content: text(i + 1, per),
      })),
    },
    output: { kind: "text", description: "Plain prose." },
    model: { model: "gpt-4o-mini" },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function benchAssembly(options: BenchOptions = { quick: false }): Promise<Figures> {
  const runs = options.quick ? 3 : RUNS;
  await loadEncoding("o200k_base");
  const base = largeContract();
  const bytes = new TextEncoder().encode(base.context.items.map((i) => i.content).join("")).length;
  const timed = (runs: number, countTokens: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new question each run, as when typing: the user message changes every time.
      const t0 = performance.now();
      const r = assemble(base, { question: `how long do refunds take? (${i}, ${countTokens})` }, { countTokens });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error("bench contract did not assemble");
    }
    return times.sort((a, b) => a - b);
  };
  timed(3, true); // warm-up: JIT and the per-piece token cache, as in the worker after the first keystroke
  const withTokens = timed(runs, true);
  const withoutTokens = timed(runs, false);
  // Every item edited (a new packet pasted in): nothing cached, the whole megabyte is encoded.
  const cold: number[] = [];
  for (let i = 0; i < (options.quick ? 1 : 5); i++) {
    const edited = { ...base, context: { ...base.context, items: base.context.items.map((it) => ({ ...it, content: `${it.content} edit ${i}` })) } };
    const t0 = performance.now();
    assemble(edited, {}, {});
    cold.push(performance.now() - t0);
  }
  cold.sort((a, b) => a - b);
  const result = {
    "context items": ITEMS,
    "context text (MB)": Math.round((bytes / 1e6) * 100) / 100,
    runs,
    "assemble + tokens, median (ms)": round(percentile(withTokens, 50)),
    "assemble + tokens, p95 (ms)": round(percentile(withTokens, 95)),
    "assemble only, median (ms)": round(percentile(withoutTokens, 50)),
    "assemble only, p95 (ms)": round(percentile(withoutTokens, 95)),
    "assemble + tokens, every item changed, median of 5 (ms)": round(percentile(cold, 50)),
  };
  return result;
}
