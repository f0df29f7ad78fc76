/**
 * grounded_claims (./guessing.ts, ../grounded.ts) for promptfoo: the same claim finding and
 * grounding check in javascript, the policy's kinds turned into their words at export time.
 */
import type { PromptfooAssertion } from "../../export/promptfoo-schema.ts";
import { FIGURE_WORDS, kindWords } from "../grounded.ts";
import { heuristicsData } from "./behaviour.ts";
import type { PromptfooMapContext } from "./define.ts";
import { CITATIONS, citationsData, DETECT, jsAssertion, PARSE_JSON } from "./promptfoo.ts";

const CODE = String.raw`${PARSE_JSON}
${CITATIONS}
${DETECT}
if (!cfg.kinds.length) return res(true, "the policy lists no kinds of grounded claim");
if (detectUnknown()) return res(true, 'an "I don\'t know" answer claims nothing');
if (detectRefusal()) return res(true, "a refusal claims nothing");
const stem = (w) => w.toLowerCase().replace(/(?:ies|es|s)$/, (m) => (m === "ies" ? "y" : ""));
const kindOf = (s) => {
  const words = (s.match(/[\p{L}]+/gu) || []).map(stem);
  const hasDigit = /\d/.test(s);
  const uses = (w) => words.some((x) => x.startsWith(w) || (x.length >= 4 && w.startsWith(x)));
  for (const k of cfg.kinds) {
    if (k.figures && hasDigit) return k.kind;
    if (k.words.some(uses)) return k.kind;
  }
  return null;
};
const sentences = (t) => {
  const out = [];
  for (const line of t.split(/\n+/)) {
    const l = line.trim();
    if (!l || /^(?:#{1,6}\s|sources?\s*:)/i.test(l)) continue;
    for (const piece of l.split(/(?<=[.!?])\s+(?=\S)/)) {
      const p = piece.trim();
      if (!p) continue;
      if (out.length && /^(?:\[[^\]]+\][\s,;.]*)+$/.test(p)) out[out.length - 1] += " " + p;
      else out.push(p);
    }
  }
  return out;
};
const keys = re(cfg.keys);
const units = [];
const walk = (value, path, inherited, depth) => {
  if (depth > 64) return;
  if (typeof value === "string") return void units.push({ text: value, at: path, citations: inherited });
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, path + "[" + i + "]", inherited, depth + 1));
  if (!value || typeof value !== "object") return;
  const entries = Object.entries(value);
  const own = [];
  for (const [k, v] of entries) if (keys.test(k)) own.push(...extractCitations("", Object.fromEntries([[k, v]])));
  const cites = own.length ? [...inherited, ...own] : inherited;
  for (const [k, v] of entries) if (!keys.test(k)) walk(v, /^[A-Za-z_$][\w$]*$/.test(k) ? path + "." + k : path + "[" + JSON.stringify(k) + "]", cites, depth + 1);
};
const json = parseJson(text);
if (json !== undefined && typeof json === "object" && json !== null) walk(json, "$", [], 0);
else units.push({ text, at: "answer", citations: [] });
const claims = [];
for (const u of units)
  for (const s of sentences(u.text)) {
    const kind = kindOf(s.replace(/\[[^\]]*\]/g, " "));
    if (kind) claims.push({ text: s, at: u.at, kind, citations: [...extractCitations(s, undefined), ...u.citations] });
  }
if (!claims.length) return res(true, "states no claim of the kinds the policy grounds");
const items = new Map(cfg.packet.map((it) => [it.id, it.content]));
const figuresOf = (s) => s.replace(/\[[^\]]*\]/g, " ").match(/\d+(?:[.,]\d+)*/g) || [];
const problemOf = (claim) => {
  if (!claim.citations.length) return "cites no context item";
  const cited = claim.citations.filter((c) => items.has(c.id));
  if (!cited.length) return "cites [" + claim.citations[0].id + "], which is not in the context packet";
  for (const c of cited) if (c.quote !== undefined && !fold(items.get(c.id)).includes(fold(c.quote))) return 'quotes "' + c.quote + '", which is not in [' + c.id + "]";
  if (cited.some((c) => c.quote !== undefined)) return null;
  const contents = cited.map((c) => items.get(c.id));
  const missing = figuresOf(claim.text).filter((f) => !contents.some((t) => t.includes(f)));
  if (missing.length) return "states " + missing.join(", ") + ", which " + (cited.length === 1 ? "[" + cited[0].id + "] does" : "the items it cites do") + " not say";
  return null;
};
const problems = claims.map((claim) => ({ claim, message: problemOf(claim) })).filter((p) => p.message);
if (!problems.length) return res(true, "all " + claims.length + " grounded claim" + (claims.length === 1 ? "" : "s") + " cite evidence found in the context");
const first = problems[0];
const more = problems.length > 1 ? " (and " + (problems.length - 1) + " more)" : "";
const where = first.claim.at === "answer" ? "" : first.claim.at + ": ";
return { pass: false, score: (claims.length - problems.length) / claims.length, reason: where + "the claim " + JSON.stringify(first.claim.text) + " (" + first.claim.kind + ") " + first.message + more };`;

export function groundedClaimsPromptfoo(ctx: PromptfooMapContext): PromptfooAssertion {
  const kinds = ctx.contract.policy.groundedClaims.filter((k) => k.trim()).map((kind) => ({ kind, words: kindWords(kind), figures: FIGURE_WORDS.test(kind) }));
  return jsAssertion(CODE, { ...heuristicsData(ctx), ...citationsData, kinds, packet: ctx.packet.map((it) => ({ id: it.id, content: it.content })) });
}
