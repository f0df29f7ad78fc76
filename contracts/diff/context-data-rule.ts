/**
 * The policy rule that tells the model the context (documents, tickets, passages: text from
 * outside) is data and never instructions. Dropping it, or rewording it into its opposite,
 * changes how the model treats injected text, so the diff and the issues name it. Found by its
 * wording: a negation or "ignore" close before "instructions" in one sentence, or "is data".
 */
const NEGATED_INSTRUCTIONS = /\b(?:not|never|ignore|disregard)\b[^.!?;]{0,40}?\binstructions?\b/i;
const IS_DATA = /\b(?:is|are|as)\s+(?:untrusted\s+|plain\s+|only\s+)?data\b/i;

export function isContextDataRule(rule: string): boolean {
  return NEGATED_INSTRUCTIONS.test(rule) || IS_DATA.test(rule);
}
