import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { beforeAll, describe, expect, it } from "vitest";
import { chatMessageOverhead, countChatTokens, countTokens, isEncodingLoaded, loadEncoding } from "./tokens.ts";

describe("tokens", () => {
  beforeAll(() => loadEncoding("o200k_base"));

  it("counts like gpt-tokenizer's encoder", () => {
    const text = "Refunds are issued within 30 days of the return arriving at our warehouse. ".repeat(5);
    expect(countTokens(text, "o200k_base")).toBe(encode(text).length);
    expect(countTokens("", "o200k_base")).toBe(0);
  });

  it("counts special-token text as plain text instead of throwing", () => {
    expect(countTokens("a <|endoftext|> b", "o200k_base")).toBeGreaterThan(3);
  });

  it("gives the same count from its cache", () => {
    const text = "x".repeat(500) + " cached";
    expect(countTokens(text)).toBe(countTokens(text));
  });

  it("adds chat framing per message and for the reply", () => {
    expect(chatMessageOverhead("user")).toBe(4);
    const messages = [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Hi" },
    ];
    expect(countChatTokens(messages)).toBe(3 + 4 + countTokens("You are terse.") + 4 + countTokens("Hi"));
  });

  it("loads an encoding on demand and says so when it is missing", async () => {
    if (!isEncodingLoaded("cl100k_base")) expect(() => countTokens("hi", "cl100k_base")).toThrow(/loadEncoding/);
    await loadEncoding("cl100k_base");
    expect(countTokens("hello world", "cl100k_base")).toBe(2);
  });
});
