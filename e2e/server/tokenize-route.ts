/**
 * llama.cpp's counting routes for the test server, served under the `/with-tokenize` prefix at
 * the server root (as llama-server serves them: /tokenize, not /v1/tokenize). Shapes checked
 * against a real llama-server (de3ff81, see /work/notes/llama-server.md):
 *
 *   POST /apply-template {messages}              -> {"prompt": "<|im_start|>system\n…"}
 *   POST /tokenize {content, with_pieces?, …}    -> {"tokens": [339, 397, …]}
 *                                                   (with_pieces: [{"id": 339, "piece": "H"}, …])
 *   POST /tokenize without content               -> {"tokens": []}  (a vLLM-style {messages} body)
 *
 * The "tokenizer" is made up but deterministic and unlike o200k_base, so a test can tell the
 * server's count from the app's estimate: `<|im_start|>` and `<|im_end|>` are one token each
 * (with parse_special), the rest one token per 2 characters. No
 * /v1/chat/completions/input_tokens here: the app's probe must fall back to these two.
 */
import { messageText, type IncomingMessage } from "./answers.ts";

const SPECIAL = /(<\|im_start\|>|<\|im_end\|>)/;

function tokenize(content: string, parseSpecial: boolean): { id: number; piece: string }[] {
  const out: { id: number; piece: string }[] = [];
  for (const part of parseSpecial ? content.split(SPECIAL) : [content]) {
    if (!part) continue;
    if (parseSpecial && SPECIAL.test(part)) {
      out.push({ id: part === "<|im_start|>" ? 3 : 4, piece: part });
      continue;
    }
    for (let i = 0; i < part.length; i += 2) {
      const piece = part.slice(i, i + 2);
      out.push({ id: 100 + (piece.codePointAt(0)! % 400), piece });
    }
  }
  return out;
}

/** The ChatML prompt a llama-server with a ChatML template builds, with the generation prompt. */
export function chatMlPrompt(messages: readonly IncomingMessage[]): string {
  return messages.map((m) => `<|im_start|>${m.role}\n${messageText(m)}<|im_end|>\n`).join("") + "<|im_start|>assistant\n";
}

/** The answer for POST `route`, or null when this is not one of the counting routes. */
export function tokenizeAnswer(route: string, body: Record<string, unknown>): unknown {
  if (route === "/apply-template") {
    const messages = Array.isArray(body.messages) ? (body.messages as IncomingMessage[]) : [];
    return { prompt: chatMlPrompt(messages) };
  }
  if (route === "/tokenize") {
    if (typeof body.content !== "string") return { tokens: [] };
    const tokens = tokenize(body.content, body.parse_special === true);
    return { tokens: body.with_pieces === true ? tokens : tokens.map((t) => t.id) };
  }
  return null;
}

/** What this server counts for a chat (template applied, special tokens parsed): for tests' expectations. */
export function chatPromptTokens(messages: readonly IncomingMessage[]): number {
  return tokenize(chatMlPrompt(messages), true).length;
}
