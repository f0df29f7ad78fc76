/**
 * Grounded claims (policy.groundedClaims): the kinds of claim that must come from the context
 * packet ("prices, limits and dates", "what each plan includes"). This finds the answer's
 * claims of those kinds and checks each one is backed: it cites a context item it was given,
 * and its evidence is in that item, where evidence is the quote given with the citation
 * (`"…" [kb-1]`, or a quote field in JSON), else the figures the claim states (a claim saying
 * "30 days" citing an item that never says 30 is not grounded in it).
 *
 * What counts as a claim of a kind is a heuristic, deterministic on purpose (no model call):
 *  - the answer is cut into sentences (a JSON answer: each string value's sentences, with the
 *    citations of the object holding it); a sentence of citations only ("[kb-1].") goes with
 *    the one before it, and a "Sources: …" line is not a claim;
 *  - a sentence is of a kind when it uses one of the kind's content words (a word of 4 letters
 *    or more that is not a function word, compared by its stem and prefix: "prices" finds
 *    "price", "shipping" finds "ship"), or
 *    when the kind is about figures (price, cost, limit, date, day, time, period, percentage,
 *    amount, number…) and the sentence holds a digit.
 * It errs towards calling a sentence a claim: an uncited sentence that merely mentions a plan
 * fails, which for a policy that lists "what each plan includes" is the point.
 */
import type { ContextItem } from "../schema/context.ts";
import { extractCitations, type Citation } from "./citations.ts";
import { foldText } from "./heuristics.ts";

export interface Claim {
  text: string;
  /** Where it is: "answer" for text, a JSON path for a JSON answer's string. */
  at: string;
  /** The kind of policy.groundedClaims it matched. */
  kind: string;
  citations: Citation[];
}

export interface ClaimProblem {
  claim: Claim;
  message: string;
}

const FUNCTION_WORDS = new Set(
  "about above after again against also among and any are because been before being below between both but can could does doing down during each either every from have having here into itself just like made make many more most much must never only other over same should some such than that their them then there these they this those through under until upon very what when where whether which while whom whose will with within without would your".split(
    " ",
  ),
);
export const FIGURE_WORDS =
  /\b(price|cost|fee|charge|limit|quota|date|day|week|month|year|time|period|duration|deadline|percent|percentage|rate|amount|number|figure|quantit|total|size|count|version|age|hour|minute)/i;

const stem = (w: string) => w.toLowerCase().replace(/(?:ies|es|s)$/, (m) => (m === "ies" ? "y" : ""));

export function kindWords(kind: string): string[] {
  return [
    ...new Set(
      (kind.match(/[\p{L}]{4,}/gu) ?? [])
        .map((w) => w.toLowerCase())
        .filter((w) => !FUNCTION_WORDS.has(w))
        .map(stem),
    ),
  ];
}

function kindOf(sentence: string, kinds: readonly { kind: string; words: string[]; figures: boolean }[]): string | null {
  const words = (sentence.match(/[\p{L}]+/gu) ?? []).map(stem);
  const hasDigit = /\d/.test(sentence);
  // A word of the sentence matches a kind's word when one begins the other ("ship" and "shipping").
  const uses = (w: string) => words.some((x) => x.startsWith(w) || (x.length >= 4 && w.startsWith(x)));
  for (const k of kinds) {
    if (k.figures && hasDigit) return k.kind;
    if (k.words.some(uses)) return k.kind;
  }
  return null;
}

/** Sentences of a text, a citations-only piece joined to the one before. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const l = line.trim();
    if (!l || /^(?:#{1,6}\s|sources?\s*:)/i.test(l)) continue;
    for (const piece of l.split(/(?<=[.!?])\s+(?=\S)/)) {
      const p = piece.trim();
      if (!p) continue;
      if (out.length && /^(?:\[[^\]]+\][\s,;.]*)+$/.test(p)) out[out.length - 1] += ` ${p}`;
      else out.push(p);
    }
  }
  return out;
}

const CITATION_KEYS = /^(citations?|sources?|references?|cited|cited_?ids|context_?ids|evidence)$/i;

/** A JSON answer's strings (not those under citation fields), each with the citations of the objects around it. */
function jsonUnits(value: unknown, path: string, inherited: Citation[], out: { text: string; at: string; citations: Citation[] }[], depth = 0): void {
  if (depth > 64) return;
  if (typeof value === "string") {
    out.push({ text: value, at: path, citations: inherited });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => jsonUnits(v, `${path}[${i}]`, inherited, out, depth + 1));
    return;
  }
  if (!value || typeof value !== "object") return;
  const entries = Object.entries(value);
  const own: Citation[] = [];
  for (const [k, v] of entries) if (CITATION_KEYS.test(k)) own.push(...extractCitations("", { [k]: v }));
  const cites = own.length ? [...inherited, ...own] : inherited;
  for (const [k, v] of entries)
    if (!CITATION_KEYS.test(k)) jsonUnits(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, cites, out, depth + 1);
}

/** The answer's claims of the policy's grounded kinds. */
export function groundedClaimsIn(text: string, json: unknown, kinds: readonly string[]): Claim[] {
  const matchers = kinds.filter((k) => k.trim()).map((kind) => ({ kind, words: kindWords(kind), figures: FIGURE_WORDS.test(kind) }));
  if (!matchers.length) return [];
  const units =
    json !== undefined && typeof json === "object" && json !== null
      ? (() => {
          const u: { text: string; at: string; citations: Citation[] }[] = [];
          jsonUnits(json, "$", [], u);
          return u;
        })()
      : [{ text, at: "answer", citations: [] as Citation[] }];
  const claims: Claim[] = [];
  for (const unit of units)
    for (const s of sentences(unit.text)) {
      const kind = kindOf(s.replace(/\[[^\]]*\]/g, " "), matchers);
      if (kind) claims.push({ text: s, at: unit.at, kind, citations: [...extractCitations(s, undefined), ...unit.citations] });
    }
  return claims;
}

/** Figures a claim states: numbers, with their decimal and thousands marks ("1,200", "4.99"). */
const figuresOf = (s: string): string[] => s.replace(/\[[^\]]*\]/g, " ").match(/\d+(?:[.,]\d+)*/g) ?? [];

/** What is wrong with one claim, or null when it is grounded. */
export function claimProblem(claim: Claim, packet: readonly ContextItem[]): string | null {
  if (!claim.citations.length) return "cites no context item";
  const items = new Map(packet.map((it) => [it.id, it]));
  const cited = claim.citations.filter((c) => items.has(c.id));
  if (!cited.length) return `cites [${claim.citations[0]!.id}], which is not in the context packet`;
  for (const c of cited)
    if (c.quote !== undefined && !foldText(items.get(c.id)!.content).includes(foldText(c.quote))) return `quotes "${c.quote}", which is not in [${c.id}]`;
  if (cited.some((c) => c.quote !== undefined)) return null;
  const contents = cited.map((c) => items.get(c.id)!.content);
  const missing = figuresOf(claim.text).filter((f) => !contents.some((t) => t.includes(f)));
  if (missing.length) return `states ${missing.join(", ")}, which ${cited.length === 1 ? `[${cited[0]!.id}] does` : "the items it cites do"} not say`;
  return null;
}
