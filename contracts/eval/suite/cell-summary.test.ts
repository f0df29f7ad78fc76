import { describe, expect, it } from "vitest";
import { CellSummarySchema, classifyForTargets, isCellSummary, parseSummaries, summarizeCell } from "./cell-summary.ts";
import { CellResultSchema, type CellResult } from "./types.ts";

function cell(
  over: { output?: string; passed?: boolean; status?: "ok" | "failed"; refusal?: string | null; notSent?: boolean; targetId?: string } = {},
): CellResult {
  const passed = over.passed ?? true;
  const status = over.status ?? "ok";
  const run: CellResult["run"] = {
    caseId: "a",
    contractHash: "h1",
    outputKind: "text",
    enforcement: "prompt_only",
    request: { model: "m", messages: [{ role: "user", content: "Where is my order?" }], temperature: 0, stream: true },
    status,
    verdict: status === "ok" ? "kept" : "not_checked",
    model: "m-answered",
    output: over.output ?? "Your order ships today.",
    refusal: over.refusal ?? null,
    finishReason: "stop",
    httpStatus: status === "ok" ? 200 : 500,
    attempts: 1,
    retries: [],
    timings: { startedAt: 1, ttftMs: 50, latencyMs: 120, totalMs: 120, outputTokensPerSec: null },
    usage: { promptTokens: 40, completionTokens: 8, totalTokens: 48 },
    usageSource: "endpoint",
    cost: { inputUsd: 0.00001, outputUsd: 0.00002, totalUsd: 0.00003 },
    validation: null,
    error: status === "ok" ? null : { kind: "http", title: "The endpoint failed (500)", explanation: "", advice: [] },
  } as CellResult["run"];
  return CellResultSchema.parse({
    cellId: "c1",
    suiteId: "s1",
    caseId: "a",
    split: "holdout",
    targetId: over.targetId ?? "v1",
    endpointId: "p/m",
    repeat: 0,
    contractHash: "h1",
    model: "m",
    parameters: { enforcement: "prompt_only", temperature: 0, top_p: null, max_tokens: null, seed: null },
    run: over.notSent ? null : run,
    notSent: over.notSent ? { message: "No model is set.", errors: [{ path: "model", message: "No model is set." }] } : null,
    assertions: [
      { type: "contains", pass: true, reason: "The answer contains “ships”.", source: "case" },
      { type: "not_contains", pass: passed, reason: passed ? "The answer does not contain “refund”." : "The answer contains “refund”.", source: "case" },
    ],
    passed,
    cached: false,
    attempts: 1,
    finishedAt: 9,
  });
}

describe("a cell's compact summary", () => {
  it("keeps what the grid and the dashboard read, under the same names as the full cell", () => {
    const s = summarizeCell(cell(), "k1");
    expect(CellSummarySchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      suiteId: "s1",
      cellId: "c1",
      contractKey: "k1",
      caseId: "a",
      split: "holdout",
      targetId: "v1",
      endpointId: "p/m",
      contractHash: "h1",
      model: "m",
      passed: true,
      run: { status: "ok", verdict: "kept", model: "m-answered", error: null, latencyMs: 120, totalTokens: 48, costUsd: 0.00003 },
      notSent: null,
      refusal: false,
      idk: false,
    });
  });

  it("keeps each assertion's verdict and type, and the reason of a failed one only (the rest is read when the cell is opened)", () => {
    const s = summarizeCell(cell({ passed: false }), "k");
    expect(s.assertions).toEqual([
      { type: "contains", pass: true, reason: "" },
      { type: "not_contains", pass: false, reason: "The answer contains “refund”." },
    ]);
    expect(JSON.stringify(s)).not.toContain("Where is my order?");
    expect(JSON.stringify(s)).not.toContain("ships today");
  });

  it("is a fraction of the full cell's size", () => {
    const full = cell({ output: "A long answer. ".repeat(100) });
    expect(JSON.stringify(summarizeCell(full, "k")).length).toBeLessThan(JSON.stringify(full).length / 3);
  });

  it("says why there is no answer: the endpoint error's title, or why it was not sent", () => {
    const failed = summarizeCell(cell({ status: "failed", passed: false }), "k");
    expect(failed.run).toMatchObject({ status: "failed", error: { title: "The endpoint failed (500)" } });
    const notSent = summarizeCell(cell({ notSent: true, passed: false }), "k");
    expect(notSent.run).toBeNull();
    expect(notSent.notSent).toEqual({ message: "No model is set." });
    expect(notSent.refusal).toBe(false);
  });

  it("classifies refusal in the refusal style of the body that ran, and 'I don't know' in its unknown answer", () => {
    const classify = classifyForTargets([
      { id: "v1", body: { policy: { refusalStyle: 'Say "I only answer shipping questions." and stop.', unknownAnswer: '"No idea, sorry."' } } },
      { id: "v2", body: { policy: { refusalStyle: "", unknownAnswer: "" } } },
    ]);
    const own = cell({ output: "I only answer shipping questions." });
    expect(summarizeCell(own, "k", classify).refusal).toBe(true);
    // The same words under a body that prescribes no such refusal are an ordinary answer.
    expect(summarizeCell(cell({ output: "I only answer shipping questions.", targetId: "v2" }), "k", classify).refusal).toBe(false);
    expect(summarizeCell(cell({ output: "No idea, sorry." }), "k", classify).idk).toBe(true);
    expect(summarizeCell(cell({ output: "No idea, sorry.", targetId: "v2" }), "k", classify).idk).toBe(false);
    // The common phrases and the endpoint's refusal field count without a policy.
    expect(summarizeCell(cell({ output: "I can't help with that." }), "k").refusal).toBe(true);
    expect(summarizeCell(cell({ output: "", refusal: "policy" }), "k").refusal).toBe(true);
    expect(summarizeCell(cell({ output: "I don't know." }), "k").idk).toBe(true);
  });

  it("reads back what parses and counts the rest", () => {
    const good = summarizeCell(cell(), "k");
    const listing = parseSummaries([good, { ...good, version: 2 }, null]);
    expect(listing.summaries).toEqual([good]);
    expect(listing.skipped).toBe(2);
  });
});

describe("the hand-written check of a summary", () => {
  const good = [
    summarizeCell(cell(), "k"),
    summarizeCell(cell({ passed: false }), "k"),
    summarizeCell(cell({ status: "failed", passed: false }), "k"),
    summarizeCell(cell({ notSent: true, passed: false }), "k"),
    { ...summarizeCell(cell(), "k"), run: { ...summarizeCell(cell(), "k").run!, toolCalls: 2 } },
  ];
  // Every field (nested ones too) replaced by values of other types, removed, and an extra key added.
  const odd: unknown[] = [undefined, null, "", "x", 0, -1, 1.5, NaN, true, false, [], {}, { title: 1 }, "ok", "kept"];
  function variants(v: Record<string, unknown>): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [{ ...v, extra: 1 }];
    for (const k of Object.keys(v)) {
      const { [k]: _gone, ...rest } = v;
      out.push(rest);
      for (const o of odd) out.push({ ...v, [k]: o });
      const inner = v[k];
      if (inner && typeof inner === "object" && !Array.isArray(inner)) for (const w of variants(inner as Record<string, unknown>)) out.push({ ...v, [k]: w });
      if (Array.isArray(inner) && inner.length) for (const w of variants(inner[0] as Record<string, unknown>)) out.push({ ...v, [k]: [w, ...inner.slice(1)] });
    }
    return out;
  }

  it("accepts what the schema accepts, the summaries written by summarizeCell", () => {
    for (const g of good) expect(isCellSummary(g)).toBe(true);
  });

  it("never accepts what the schema rejects (checked over every field replaced, removed or added)", () => {
    let rejected = 0;
    for (const g of good)
      for (const v of variants(g as unknown as Record<string, unknown>)) {
        const schema = CellSummarySchema.safeParse(v).success;
        if (!schema) rejected++;
        if (isCellSummary(v)) expect(schema, JSON.stringify(v)).toBe(true);
      }
    expect(rejected).toBeGreaterThan(500);
  });
});
