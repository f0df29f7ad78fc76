import { describe, expect, it } from "vitest";
import { containsVerbatim, detectRefusal, detectUnknown, refusalStylePhrases, unknownAnswerPhrases } from "./heuristics.ts";

describe("refusal heuristics", () => {
  it.each([
    ["I can't help with that request.", true],
    ["I’m sorry, but I cannot share internal documents.", true],
    ["Sorry, I can't do that.", true],
    ["I must decline to answer.", true],
    ["That is outside my scope.", true],
    ["I am unable to provide legal advice.", true],
    ["Refunds take 30 days.", false],
    // Helps first, then a caveat: not a refusal (only the start is read, and "guarantee" is not a refusal verb).
    ["Here is the schedule. I can't guarantee the times, though.", false],
    [`${"Here is a long and helpful answer. ".repeat(15)}I can't help with the rest.`, false],
  ])("%s -> %s", (text, refused) => {
    expect(detectRefusal({ text, refusalStyle: "" }).detected).toBe(refused);
  });

  it("recognises the contract's own refusal sentence, not its short field values", () => {
    const style = 'Decline in one sentence. For example: "I can\'t give tax advice, but I can explain invoices." Set category to "other".';
    expect(refusalStylePhrases(style)).toEqual(["I can't give tax advice, but I can explain invoices."]);
    expect(detectRefusal({ text: "The category is other.", refusalStyle: style }).detected).toBe(false);
    expect(detectRefusal({ text: "Hmm. I can’t give tax advice, but I can explain invoices.", refusalStyle: style })).toEqual({
      detected: true,
      evidence: `the contract's refusal "I can't give tax advice, but I can explain invoices."`,
    });
  });

  it("takes the endpoint's refusal field first", () => {
    expect(detectRefusal({ text: "", refusalStyle: "", modelRefusal: "I refuse" }).evidence).toBe("the endpoint's refusal field");
  });
});

describe(`"I don't know" heuristics`, () => {
  it.each([
    ["I don't know.", true],
    ["I do not have enough information to answer.", true],
    ["The provided context does not mention a phone number.", true],
    ["This is not specified in the documents.", true],
    ["I couldn't find that in the articles.", true],
    ["The refund window is 30 days.", false],
    ["We know the answer: 30 days.", false],
  ])("%s -> %s", (text, unknown) => {
    expect(detectUnknown({ text, unknownAnswer: "" }).detected).toBe(unknown);
  });

  it("reads the contract's unknown answer: quoted phrases, or the whole text when it is an answer", () => {
    expect(unknownAnswerPhrases("I don't know.")).toEqual(["I don't know."]);
    expect(unknownAnswerPhrases('reply with exactly "I don\'t know based on the help-centre articles I have.", then say why')).toEqual([
      "I don't know based on the help-centre articles I have.",
    ]);
    expect(unknownAnswerPhrases('set order to null and add "order_unclear" to risk_flags')).toEqual(["order_unclear"]);
    expect(unknownAnswerPhrases("say that you do not know and suggest writing to support")).toEqual([]);
    expect(unknownAnswerPhrases("")).toEqual([]);
  });

  it("detects a JSON answer that uses the contract's marker", () => {
    const d = detectUnknown({ text: '{"order": null, "risk_flags": ["order_unclear"]}', unknownAnswer: 'add "order_unclear" to risk_flags' });
    expect(d).toEqual({ detected: true, evidence: `the contract's unknown answer "order_unclear"` });
  });

  it("verbatim keeps case and punctuation, folding only quotes and white space", () => {
    expect(containsVerbatim("I don’t  know.", "I don't know.")).toBe(true);
    expect(containsVerbatim("i don't know.", "I don't know.")).toBe(false);
    expect(containsVerbatim("I don't know", "I don't know.")).toBe(false);
  });
});
