import { describe, expect, it } from "vitest";
import { assemble, contractForTest } from "../assemble.ts";
import { exampleContracts } from "../examples/index.ts";
import type { Contract } from "../schema/contract.ts";
import { recordsToCases } from "./cases.ts";
import { createTrafficImport, importTraffic, type TrafficReport } from "./import.ts";
import { LineSplitter } from "./lines.ts";
import { readRecord } from "./record.ts";

const [triage, grounded] = exampleContracts() as [Contract, Contract, Contract];

/** The request a case of the contract sends, as a production log would hold it. */
function requestOf(contract: Contract, caseIndex: number) {
  const { contract: c, inputs } = contractForTest(contract, contract.tests[caseIndex]!);
  return assemble(c, inputs, { countTokens: false }).request;
}
const completion = (content: string, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1",
  model: "gpt-test",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 100, completion_tokens: 20 },
  ...extra,
});

async function run(text: string, contract: Contract, keep: "metrics" | "bodies" = "bodies"): Promise<TrafficReport> {
  async function* one() {
    yield text;
  }
  return importTraffic(one(), contract, { keep });
}

describe("reading a production log", () => {
  it("names each malformed line by its number and still reads the good ones", async () => {
    const good = JSON.stringify({ request: requestOf(grounded, 0), response: completion("Files stay 30 days [kb-retention-2].") });
    const text = [
      good,
      "{not json",
      "",
      JSON.stringify({ response: completion("x") }),
      JSON.stringify({ request: requestOf(grounded, 0) }),
      "[1,2]",
      good,
    ].join("\n");
    const r = await run(text, grounded);
    expect(r.errors.map((e) => e.line)).toEqual([2, 4, 5, 6]);
    expect(r.errors[0]!.message).toMatch(/^not valid JSON/);
    expect(r.errors[1]!.message).toMatch(/no chat request/);
    expect(r.errors[2]!.message).toMatch(/no response/);
    expect(r.errors[3]!.message).toMatch(/not a JSON object/);
    expect(r.figures).toMatchObject({ lines: 7, records: 2, malformed: 4 });
  });

  it("gives the same report whichever way the text is cut into chunks (CR LF too)", async () => {
    const lines = [0, 1, 2, 3].map((i) =>
      JSON.stringify({ body: requestOf(grounded, i), response: { status_code: 200, body: completion(`answer ${i}`) }, latency_ms: 100 * (i + 1) }),
    );
    const text = lines.join("\r\n") + "\r\n";
    const whole = createTrafficImport(grounded);
    whole.push(text);
    const expected = whole.finish();
    for (const size of [1, 7, 64, 1000]) {
      const imp = createTrafficImport(grounded);
      for (let at = 0; at < text.length; at += size) imp.push(text.slice(at, at + size));
      expect(imp.finish()).toEqual(expected);
    }
    expect(expected.figures.records).toBe(4);
    expect(expected.figures.latencyMs).toMatchObject({ n: 4, p50: 250 });
  });

  it("splits lines across chunks and keeps a last line without a newline", () => {
    const s = new LineSplitter();
    expect(s.push("a\nb")).toEqual([{ number: 1, text: "a" }]);
    expect(s.push("c\r\n\nd")).toEqual([
      { number: 2, text: "bc" },
      { number: 3, text: "" },
    ]);
    expect(s.end()).toEqual([{ number: 4, text: "d" }]);
  });

  it.each([
    ["{request, response}", (req: unknown, res: unknown) => ({ request: req, response: res })],
    ["{body, response: {body}} (batch)", (req: unknown, res: unknown) => ({ body: req, response: { status_code: 200, body: res } })],
    [
      "{request: {body}, response: {body}} (proxy)",
      (req: unknown, res: unknown) => ({ request: { url: "/v1/chat/completions", body: req }, response: { body: res } }),
    ],
    ["the request at the top", (req: unknown, res: unknown) => ({ ...(req as object), response: res })],
    ["{input, output} with JSON text", (req: unknown, res: unknown) => ({ input: JSON.stringify(req), output: JSON.stringify(res) })],
  ])("reads %s", (_, shape) => {
    const r = readRecord(shape({ model: "m", messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }, completion("hello")), 3);
    expect(r).toMatchObject({
      ok: true,
      record: { line: 3, answer: "hello", messages: [{ role: "user", content: "hi" }], promptTokens: 100, completionTokens: 20 },
    });
  });

  it("reads streamed chunks, a text answer, latency in seconds, cost and an epoch timestamp", () => {
    const chunks = [
      { choices: [{ delta: { content: "Hel" } }] },
      { choices: [{ delta: { content: "lo" }, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 2 } },
    ];
    const req = { messages: [{ role: "user", content: "hi" }] };
    expect(readRecord({ request: req, response: chunks, response_time: 1.5, cost: "0.002", timestamp: 1764700000 }, 1)).toMatchObject({
      ok: true,
      record: { answer: "Hello", finishReason: "stop", latencyMs: 1500, costUsd: 0.002, timestamp: "2025-12-02T18:26:40.000Z", completionTokens: 2 },
    });
    expect(readRecord({ request: req, response: "plain answer" }, 1)).toMatchObject({ ok: true, record: { answer: "plain answer" } });
    expect(readRecord({ request: req, response: { error: { message: "rate limited" } } }, 1)).toEqual({
      ok: false,
      message: "the logged call failed (rate limited)",
    });
  });
});

describe("matching records to the contract", () => {
  it("reads the variables and context of a request the contract assembled, verified byte for byte", async () => {
    const t = grounded.tests[0]!;
    const r = await run(JSON.stringify({ request: requestOf(grounded, 0), response: completion("ok") }), grounded);
    const [k] = r.kept;
    expect(k!.match).toMatchObject({ task: true, system: true });
    expect(k!.match.variables).toMatchObject(t.variables);
    expect(k!.match.context!.map((i) => i.id)).toEqual(contractForTest(grounded, t).contract.context.items.map((i) => i.id));
    expect(k!.match.context![0]!.content).toBe(contractForTest(grounded, t).contract.context.items[0]!.content);
    expect(k!.verified).toBe(true);
    expect(r.figures.matched).toEqual({ task: 1, system: 1, both: 1, none: 0 });
  });

  it("matches the task but not the system message of another policy, and nothing of free-form chat", async () => {
    const req = requestOf(grounded, 1);
    const other = { ...req, messages: [{ role: "system", content: "You are a pirate." }, req.messages[1]!] };
    const chat = {
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is the capital of France?" },
      ],
    };
    const r = await run([other, chat].map((request) => JSON.stringify({ request, response: completion("Paris") })).join("\n"), grounded);
    expect(r.kept.map((k) => [k.match.task, k.match.system, k.verified])).toEqual([
      [true, false, false],
      [false, false, false],
    ]);
    expect(r.kept[1]!.match.how).toContain("the user message does not fit the contract's task template");
  });

  it("types the values it reads (numbers, enums) as the variables declare", async () => {
    const r = await run(JSON.stringify({ request: requestOf(triage, 0), response: completion("{}") }), triage);
    // The case's own values, and the default the request was assembled with for the one it leaves out.
    expect(r.kept[0]!.match.variables).toEqual({ ...triage.tests[0]!.variables, draft_reply: triage.variables.find((v) => v.name === "draft_reply")!.default });
    expect(r.kept[0]!.verified).toBe(true);
    expect(typeof r.kept[0]!.match.variables.previous_contacts).toBe("number");
  });
});

describe("the behaviour figures", () => {
  it("counts refusals, 'I don't know' answers, latency and cost as the evaluation judges them", async () => {
    const req = requestOf(grounded, 0);
    const answers = [
      ["Files stay 30 days [kb-retention-2].\n\nSources: kb-retention-2", 100, 0.001],
      ["I can't give tax advice, but I can explain how Lumen Cloud shows VAT on your invoices.", 200, 0.002],
      ["I don't know based on the help-centre articles I have.", 300, null],
      ["Backups are kept 7 days.", 400, 0.004],
    ] as const;
    const text = answers
      .map(([a, ms, cost]) => JSON.stringify({ request: req, response: completion(a), latency_ms: ms, ...(cost === null ? {} : { cost_usd: cost }) }))
      .join("\n");
    const { figures } = await run(text, grounded, "metrics");
    expect(figures.refusal).toMatchObject({ count: 1, of: 4, rate: 0.25 });
    expect(figures.unknown).toMatchObject({ count: 1, of: 4 });
    expect(figures.adherence).toBeNull(); // free-text output: nothing to adhere to
    expect(figures.latencyMs).toMatchObject({ n: 4, p50: 250, p95: 385 });
    expect(figures.costUsd).toMatchObject({ n: 3, p50: 0.002 });
    expect(figures.costUsd!.total).toBeCloseTo(0.007);
    expect(figures.models).toEqual([{ model: "gpt-test", records: 4 }]);
  });

  it("judges schema adherence of a JSON contract's answers", async () => {
    const req = requestOf(triage, 0);
    const text = [JSON.stringify({ request: req, response: completion("not json at all") })].join("\n");
    const { figures, kept } = await run(text, triage);
    expect(figures.adherence).toMatchObject({ count: 0, of: 1 });
    expect(kept[0]!.notes[0]).toMatch(/^\$/);
  });

  it("keeps no text of the log when reduced to metrics", async () => {
    const req = requestOf(grounded, 0);
    const r = await run(JSON.stringify({ request: req, response: completion("SECRET-ANSWER-TEXT") }), grounded, "metrics");
    const json = JSON.stringify(r);
    expect(r.kept).toEqual([]);
    expect(json).not.toContain("SECRET-ANSWER-TEXT");
    expect(json).not.toContain("cancel my Team subscription");
  });

  it("keeps at most maxKept bodies and counts the others", () => {
    const imp = createTrafficImport(grounded, { keep: "bodies", maxKept: 2 });
    const line = JSON.stringify({ request: requestOf(grounded, 0), response: completion("a") });
    imp.push(`${line}\n${line}\n${line}\n`);
    const r = imp.finish();
    expect([r.kept.length, r.notKept, r.figures.records]).toEqual([2, 1, 3]);
  });
});

describe("records as holdout cases", () => {
  it("makes holdout cases with the logged answer as reference, the logged packet, and free ids", async () => {
    const req = requestOf(grounded, 0);
    const r = await run([1, 2].map(() => JSON.stringify({ request: req, response: completion("Thirty days.") })).join("\n"), grounded);
    const withTaken = { ...grounded, tests: [...grounded.tests, { ...grounded.tests[0]!, id: "prod-line-1" }] };
    const cases = recordsToCases(withTaken, r.kept);
    expect(cases.map((c) => c.testCase.id)).toEqual(["prod-line-1-2", "prod-line-2"]);
    const c = cases[0]!.testCase;
    expect(c).toMatchObject({ split: "holdout", tags: ["production"], reference: { answer: "Thirty days.", source: "production log line 1, gpt-test" } });
    expect(c.variables).toMatchObject(grounded.tests[0]!.variables);
    expect(c.context).toMatchObject({ base: "none" });
    // Replayed, the case sends what production sent.
    const { contract, inputs } = contractForTest(grounded, c);
    expect(assemble(contract, inputs, { countTokens: false }).request.messages).toEqual(req.messages);
    expect(cases[0]!.notes).toEqual([]);
  });
});
