import { describe, expect, it } from "vitest";
import { fieldConfidences, formatProbability, leafFields, shadedPieces } from "./field-confidence.ts";
import { jsonValueSpans } from "./json-spans.ts";
import { tokensFromChoiceLogprobs, type TokenLogprob } from "./logprobs.ts";
import { tokenSpans } from "./token-spans.ts";

const tok = (t: string, p: number, extra: Partial<TokenLogprob> = {}): TokenLogprob => ({ t, lp: Math.log(p), ...extra });

describe("reading logprobs from an answer", () => {
  it("keeps token, logprob, top alternatives, and the byte count only when it differs from the token's text", () => {
    // llama.cpp de3ff81's shape: id and bytes beside token and logprob; a lone "�" is one byte of a split character.
    const raw = {
      content: [
        { id: 452, token: " and", bytes: [32, 97, 110, 100], logprob: -5.97, top_logprobs: [{ id: 342, token: " I", bytes: [32, 73], logprob: -5.78 }] },
        { id: 169, token: "�", bytes: [164], logprob: -5.85, top_logprobs: [] },
      ],
    };
    expect(tokensFromChoiceLogprobs(raw)).toEqual([
      { t: " and", lp: -5.97, top: [[" I", -5.78]] },
      { t: "�", lp: -5.85, b: 1 },
    ]);
  });
  it("says there are none for an absent, null or unknown logprobs field", () => {
    expect(tokensFromChoiceLogprobs(undefined)).toBeNull();
    expect(tokensFromChoiceLogprobs(null)).toBeNull();
    expect(tokensFromChoiceLogprobs({ tokens: ["a"], token_logprobs: [-1] })).toBeNull(); // the legacy completions shape
    expect(tokensFromChoiceLogprobs({ content: [{ text: "a" }] })).toBeNull();
  });
  it("clamps a positive logprob (rounding on some servers) to certainty, never above", () => {
    expect(tokensFromChoiceLogprobs({ content: [{ token: "a", logprob: 1e-7 }] })).toEqual([{ t: "a", lp: 0 }]);
  });
});

describe("token spans", () => {
  it("lays tokens end to end over the text", () => {
    const text = '{"a": 12}';
    const spans = tokenSpans(text, [tok('{"', 1), tok("a", 1), tok('":', 1), tok(" 1", 0.5), tok("2", 0.2), tok("}", 1)]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['{"', "a", '":', " 1", "2", "}"]);
  });
  it("gives a character split over two byte tokens to both of them", () => {
    // "é" is C3 A9: llama.cpp sends two tokens "�" of one byte each; the text holds the real character.
    const text = "café!";
    const spans = tokenSpans(text, [tok("caf", 1), tok("�", 0.9, { b: 1 }), tok("�", 0.3, { b: 1 }), tok("!", 1)]);
    expect(spans.map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [3, 4],
      [3, 4],
      [4, 5],
    ]);
  });
  it("matches a replacement character in the text to a one-byte '�' token, so later tokens stay aligned", () => {
    const text = "L�O";
    const spans = tokenSpans(text, [tok("L", 1), tok("�", 0.5, { b: 1 }), tok("O", 1)]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["L", "�", "O"]);
  });
  it("counts characters outside the BMP as two UTF-16 units", () => {
    const text = "a😀b";
    const spans = tokenSpans(text, [tok("a", 1), tok("😀", 1), tok("b", 1)]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["a", "😀", "b"]);
  });
  it("stops at the text's end when the tokens say more than the text holds", () => {
    expect(tokenSpans("ab", [tok("a", 1), tok("bcd", 1), tok("e", 1)]).map((s) => [s.start, s.end])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe("JSON value spans", () => {
  it("names every value by its JSON path, strings without their quotes", () => {
    const text = '{"a": "xy", "list": [1, true, null], "my key": {"b": ""}}';
    const spans = jsonValueSpans(text)!;
    const shown = spans.map((s) => [s.path, text.slice(s.start, s.end)]);
    expect(shown).toEqual([
      ["$", text],
      ["$.a", "xy"],
      ["$.list", "[1, true, null]"],
      ["$.list[0]", "1"],
      ["$.list[1]", "true"],
      ["$.list[2]", "null"],
      ['$["my key"]', '{"b": ""}'],
      ['$["my key"].b', '""'],
    ]);
  });
  it("finds JSON inside a ```json fence, offsets in the whole text", () => {
    const text = 'Here:\n```json\n{"n": 5}\n```';
    const n = jsonValueSpans(text)!.find((s) => s.path === "$.n")!;
    expect(text.slice(n.start, n.end)).toBe("5");
  });
  it("is null for text that is not JSON, or JSON cut off", () => {
    expect(jsonValueSpans("Hello")).toBeNull();
    expect(jsonValueSpans('{"a": "cut')).toBeNull();
    expect(jsonValueSpans('{"a": 1} trailing')).toBeNull();
  });
  it("handles escaped quotes inside strings", () => {
    const text = '{"q": "say \\"hi\\"", "r": 2}';
    const r = jsonValueSpans(text)!.find((s) => s.path === "$.r")!;
    expect(text.slice(r.start, r.end)).toBe("2");
  });
});

describe("field confidence", () => {
  // {"category": "billing", "amount": 42}
  const tokens = [
    tok('{"', 0.99),
    tok("category", 0.99),
    tok('":', 0.99),
    tok(' "', 0.95),
    tok("bill", 0.9),
    tok("ing", 0.8),
    tok('",', 0.99),
    tok(' "', 0.99),
    tok("amount", 0.99),
    tok('":', 0.99),
    tok(" 4", 0.3),
    tok("2", 0.05),
    tok("}", 0.99),
  ];
  const text = tokens.map((t) => t.t).join("");

  it("is the lowest token probability within each value", () => {
    const fields = leafFields(fieldConfidences(text, tokens)!);
    expect(fields.map((f) => [f.path, Number(f.confidence!.toFixed(3)), f.weakest?.text])).toEqual([
      ["$.category", 0.8, "ing"],
      ["$.amount", 0.05, "2"],
    ]);
  });
  it("gives the whole object the lowest of all its tokens", () => {
    const root = fieldConfidences(text, tokens)!.find((f) => f.path === "$")!;
    expect(root.confidence).toBeCloseTo(0.05);
  });
  it("is null when the answer is not JSON", () => {
    expect(fieldConfidences("plain words", [tok("plain", 1)])).toBeNull();
  });
  it("has no confidence for a value no token covers (the endpoint sent fewer tokens than the text)", () => {
    const fields = leafFields(fieldConfidences('{"a": 1, "b": 2}', [tok('{"a": 1', 0.9)])!);
    expect(fields.map((f) => f.confidence)).toEqual([0.9, null]);
  });
});

describe("shaded pieces", () => {
  it("cut the text at token boundaries and keep what no token covers", () => {
    expect(shadedPieces("abcd", [tok("ab", 0.5), tok("c", 0.25)])).toEqual([
      { text: "ab", p: 0.5, index: 0 },
      { text: "c", p: 0.25, index: 1 },
      { text: "d", p: null, index: null },
    ]);
  });
  it("show a character split over tokens once, with the lower probability", () => {
    const pieces = shadedPieces("é", [tok("�", 0.9, { b: 1 }), tok("�", 0.3, { b: 1 })]);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.p).toBeCloseTo(0.3);
  });
});

it("formats probabilities for reasons", () => {
  expect([0.97, 0.042, 0.0003].map(formatProbability)).toEqual(["97%", "4.2%", "0.03%"]);
});

describe("an answer the endpoint trimmed", () => {
  it("moves the spans onto the text when the tokens spell it with whitespace around (llama.cpp's JSON answers)", () => {
    // Recorded from llama-server de3ff81: content "{\"a\" :135\n }", logprobs spelling " \n {\"a\" :135\n } ".
    const tokens = [tok(" \n ", 0.1), tok('{"a"', 0.9), tok(" :", 0.9), tok("13", 0.2), tok("5", 0.3), tok("\n }", 0.9), tok(" ", 0.01)];
    const text = '{"a" :135\n }';
    const spans = tokenSpans(text, tokens);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['{"a"', " :", "13", "5", "\n }"]);
    const a = leafFields(fieldConfidences(text, tokens)!)[0]!;
    expect(a.path).toBe("$.a");
    expect(a.confidence).toBeCloseTo(0.2);
  });
});
