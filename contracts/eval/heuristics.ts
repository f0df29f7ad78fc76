/**
 * Refusal and "I don't know" detection: documented heuristics, cheap and deterministic, so the
 * grid and the dashboard can count refusal and "I don't know" rates without a grader. Where a
 * heuristic is not good enough for a contract, a rubric assertion replaces it.
 *
 * Refusal, in this order:
 *  1. the endpoint's own refusal field (RunResult.refusal) is set;
 *  2. the answer contains a sentence quoted in the contract's refusal style (a quoted phrase of
 *     at least three words: "I can only help with billing."), so a contract that prescribes its
 *     refusal is recognised in its own words; shorter quoted values ("other") are field values
 *     that ordinary answers carry too, so they do not count;
 *  3. the first 400 characters hold a common refusal phrase (REFUSAL_PATTERNS: "I can't help
 *     with", "I'm sorry, but I cannot", "I must decline", "outside my scope" …). Only the start
 *     is read: an answer that helps and later says "I can't guarantee" is not a refusal.
 *
 * "I don't know", in this order:
 *  1. the answer contains a phrase of the contract's unknown answer (unknownAnswerPhrases: the
 *     quoted phrases of its text, "reply with exactly "I don't know."", or the whole text when it
 *     is itself a short answer, like "I don't know.");
 *  2. it holds a common phrase of not knowing (UNKNOWN_PATTERNS: "I don't know", "I'm not sure",
 *     "the context does not mention", "I couldn't find" …), anywhere in the answer.
 *
 * Comparison folds case, curly quotes and runs of white space, since models write ’ for '.
 */

export interface Detection {
  detected: boolean;
  /** Why, as a phrase for a reason: `the phrase "I can't help"`, or what was looked for. */
  evidence: string;
}

/** Straight quotes, one space, lower case: how answers and phrases are compared. */
export function foldText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Phrases in double quotes (straight or curly) in a policy text. */
export function quotedPhrases(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d/g)) {
    const phrase = (m[1] ?? m[2]!).trim();
    if (phrase) out.push(phrase);
  }
  return out;
}

/** Words that start an instruction ("reply with …") rather than an answer ("I don't know."). */
const INSTRUCTION_START = /^(say|reply|respond|answer|write|set|add|tell|explain|state|return|use|put|mark|leave|output|give|do not|don't|never|if|when)\b/i;

/**
 * The phrases of the contract's unknown answer an "I don't know" answer must carry: its quoted
 * phrases; else the whole text when it reads as an answer (under 120 characters, not an
 * instruction); else none. The first is the one an answer must use verbatim.
 */
export function unknownAnswerPhrases(unknownAnswer: string): string[] {
  const text = unknownAnswer.trim();
  if (!text) return [];
  const quoted = quotedPhrases(text).filter((p) => p.length >= 4);
  if (quoted.length) return quoted;
  return text.length < 120 && !INSTRUCTION_START.test(text) ? [text] : [];
}

/** Quoted sentences (three words or more) of the contract's refusal style. */
export function refusalStylePhrases(refusalStyle: string): string[] {
  return quotedPhrases(refusalStyle).filter((p) => p.split(/\s+/).length >= 3);
}

const CANT = String.raw`(?:can(?:no|')?t|cannot|won't|will not|am unable to|'m unable to|am not able to|'m not able to|am not allowed to|'m not allowed to)`;

/** Common refusal phrases (matched on folded text, against the answer's first 400 characters). */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  new RegExp(
    String.raw`\bi ${CANT} (?:help|assist|provide|do|answer|comply|share|give|support|discuss|fulfil|fulfill|engage|continue|process|offer|reveal|disclose)\b`,
  ),
  new RegExp(String.raw`\b(?:i'm|i am) (?:sorry|afraid)\b[^.!?]{0,60}\b(?:can(?:no|')?t|cannot|unable|not able|won't)\b`),
  /\bsorry, (?:but )?(?:i|we) (?:can(?:no|')?t|cannot|won't)\b/,
  /\bi (?:must|have to|need to|will have to) (?:decline|refuse)\b/,
  /\b(?:this|that|your request|the request) (?:is|falls|sits) (?:outside|beyond) (?:my|the|our) (?:scope|remit)\b/,
  /\boutside (?:of )?(?:my scope|what i can (?:help|do))\b/,
  /\bi'm not (?:able|allowed|permitted) to (?:help|assist|provide|share|answer)\b/,
];

/** Common phrases of not knowing (matched on folded text, anywhere in the answer). */
export const UNKNOWN_PATTERNS: readonly RegExp[] = [
  /\bi (?:don't|do not) know\b/,
  /\b(?:i'm|i am) not (?:sure|certain)\b/,
  /\bi (?:don't|do not) have (?:enough |any |the )?(?:information|details|data|context)\b/,
  /\bi (?:couldn't|could not|can't|cannot) find\b/,
  /\b(?:the )?(?:provided |given )?(?:context|documents?|sources?|articles?|information|packet) (?:does|do|did) not (?:say|mention|contain|specify|include|state|cover|tell)\b/,
  /\bnot (?:mentioned|specified|stated|covered|given|provided) in the (?:provided |given )?(?:context|documents?|sources?|articles?|text|packet)\b/,
  /\bthere is no (?:information|mention|data)\b/,
  /\bunable to (?:determine|tell|find|answer)\b/,
];

function firstMatch(text: string, patterns: readonly RegExp[]): string | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m[0];
  }
  return null;
}

function containsPhrase(folded: string, phrases: readonly string[]): string | null {
  return phrases.find((p) => folded.includes(foldText(p))) ?? null;
}

export interface RefusalInput {
  text: string;
  refusalStyle: string;
  /** RunResult.refusal: the endpoint's refusal field. */
  modelRefusal?: string | null;
}

export function detectRefusal({ text, refusalStyle, modelRefusal }: RefusalInput): Detection {
  if (modelRefusal) return { detected: true, evidence: "the endpoint's refusal field" };
  const folded = foldText(text);
  const own = containsPhrase(folded, refusalStylePhrases(refusalStyle));
  if (own) return { detected: true, evidence: `the contract's refusal "${own}"` };
  const common = firstMatch(folded.slice(0, 400), REFUSAL_PATTERNS);
  if (common) return { detected: true, evidence: `the refusal phrase "${common}"` };
  return { detected: false, evidence: "no refusal phrase" };
}

export function detectUnknown({ text, unknownAnswer }: { text: string; unknownAnswer: string }): Detection {
  const folded = foldText(text);
  const own = containsPhrase(folded, unknownAnswerPhrases(unknownAnswer));
  if (own) return { detected: true, evidence: `the contract's unknown answer "${own}"` };
  const common = firstMatch(folded, UNKNOWN_PATTERNS);
  if (common) return { detected: true, evidence: `the phrase "${common}"` };
  return { detected: false, evidence: `no "I don't know" phrase` };
}

/** Does the answer carry `phrase` exactly (case and punctuation kept; only quotes and white space folded)? */
export function containsVerbatim(text: string, phrase: string): boolean {
  const keep = (s: string) =>
    s
      .replace(/[\u2018\u2019\u201b]/g, "'")
      .replace(/[\u201c\u201d\u201f]/g, '"')
      .replace(/\s+/g, " ");
  return keep(text).includes(keep(phrase).trim());
}
