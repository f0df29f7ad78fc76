/**
 * Helpers for the assertion types' promptfoo mappers (define.ts `promptfoo`). Two rules of
 * promptfoo 0.120.8 shape what is written:
 *  - a string `value` is rendered with Nunjucks against the test's vars, and one starting with
 *    `file://` or `package:` is loaded from there; `text()` wraps a value that would be read
 *    that way in `{% raw %}`, so "{{x}}" is looked for as written;
 *  - a javascript assertion's `value` is a function body over `(output, context)`; its data
 *    goes in `config` (promptfoo hands it over as `context.config`, cloned, never templated),
 *    so the code is the same for every case and holds no template characters.
 * The snippets below re-state this folder's logic in plain JavaScript; their data (patterns,
 * phrases, headings, path steps) is computed from the same modules when the export is made.
 */
import type { PromptfooAssertion } from "../../export/promptfoo-schema.ts";
import { CITATION_BRACKET, CITATION_KEYS } from "../citations.ts";

/** A string value promptfoo will read as it is. */
export function text(value: string): string {
  const templated = /\{[{%#]/.test(value) || /^(file:\/\/|package:)/.test(value);
  return templated && !value.includes("{% endraw %}") ? `{% raw %}${value}{% endraw %}` : value;
}

/** A regular expression as data for a snippet: [source, flags]. */
export const regexData = (re: RegExp): [string, string] => [re.source, re.flags];

/** The answer as text: promptfoo parses it to an object when a provider's config asks for json_schema. */
const TEXT = `const text = typeof output === "string" ? output : JSON.stringify(output);
const cfg = context.config || {};
const res = (pass, reason) => ({ pass, score: pass ? 1 : 0, reason });
const re = (d) => new RegExp(d[0], d[1]);`;

/** foldText of ../heuristics.ts: straight quotes, one space, lower case. */
export const FOLD = String.raw`const fold = (s) => s.replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201f\u2033]/g, '"').replace(/\s+/g, " ").trim().toLowerCase();`;

/** extractJson of validate-output.ts: the answer as JSON, a fenced json block accepted; undefined when not JSON. */
export const PARSE_JSON = String.raw`const parseJson = (t) => {
  const s = t.trim();
  try { return JSON.parse(s); } catch (e) { /* maybe fenced */ }
  const m = /\x60\x60\x60(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?\x60\x60\x60/.exec(s);
  if (m) { try { return JSON.parse(m[1]); } catch (e) { /* not JSON */ } }
  return undefined;
};`;

/** The data CITATIONS reads: the `[id]` pattern and the JSON citation keys of ../citations.ts. */
export const citationsData = { bracket: regexData(CITATION_BRACKET), keys: regexData(CITATION_KEYS) };

/** extractCitations of ../citations.ts as `extractCitations(text, json)` over cfg.bracket and cfg.keys: a list of {id, quote?}. */
export const CITATIONS = String.raw`const extractCitations = (t, json) => {
  const out = [];
  const fromJson = (value, depth) => {
    if (depth > 64 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) return value.forEach((v) => fromJson(v, depth + 1));
    for (const [key, v] of Object.entries(value)) {
      if (!re(cfg.keys).test(key)) { fromJson(v, depth + 1); continue; }
      for (const c of Array.isArray(v) ? v : [v]) {
        if (typeof c === "string" && c) out.push({ id: c });
        else if (c && typeof c === "object" && !Array.isArray(c)) {
          const id = typeof c.id === "string" ? c.id : typeof c.source === "string" ? c.source : null;
          const q = [c.quote, c.span, c.text].find((x) => typeof x === "string" && x);
          if (id) out.push(typeof q === "string" ? { id, quote: q } : { id });
        }
      }
    }
  };
  if (json !== undefined) fromJson(json, 0);
  for (const m of t.matchAll(re(cfg.bracket))) {
    const before = t.slice(t.lastIndexOf("\n", m.index) + 1, m.index + (m[1] ? m[0].indexOf("[") : 0));
    if (/^\s*(?:[-*+]|\d+[.)])\s*$/.test(before) && /^[xX ]$/.test(m[3])) continue;
    m[3].split(/\s*[,;]\s*/).forEach((id, i) => out.push(m[2] && i === 0 ? { id, quote: m[2] } : { id }));
  }
  return out;
};`;

/** detectRefusal / detectUnknown of ../heuristics.ts, over cfg.refusal = {phrases, patterns} and cfg.unknown = {phrases, patterns}. */
export const DETECT = `${FOLD}
const detectRefusal = () => {
  if (context.providerResponse && context.providerResponse.isRefusal) return "the endpoint's refusal field";
  const f = fold(text);
  const own = cfg.refusal.phrases.find((p) => f.includes(fold(p)));
  if (own) return "the contract's refusal " + JSON.stringify(own);
  for (const d of cfg.refusal.patterns) { const m = re(d).exec(f.slice(0, 400)); if (m) return "the refusal phrase " + JSON.stringify(m[0]); }
  return null;
};
const detectUnknown = () => {
  const f = fold(text);
  const own = cfg.unknown.phrases.find((p) => f.includes(fold(p)));
  if (own) return "the contract's unknown answer " + JSON.stringify(own);
  for (const d of cfg.unknown.patterns) { const m = re(d).exec(f); if (m) return "the phrase " + JSON.stringify(m[0]); }
  return null;
};`;

/**
 * A javascript assertion: `body` uses `text` (the answer), `cfg` (the config), `res(pass,
 * reason)` and `re([source, flags])`, and returns promptfoo's {pass, score, reason}.
 */
export function jsAssertion(body: string, config?: Record<string, unknown>): PromptfooAssertion {
  const value = `${TEXT}\n${body}`;
  // Nunjucks would read these in the code (the registry test runs every mapper, so this cannot ship).
  if (/\{[{%#]/.test(value)) throw new Error(`a promptfoo javascript snippet must not contain {{, {% or {#: ${value.slice(0, 80)}`);
  return { type: "javascript", value, ...(config ? { config } : {}) };
}
