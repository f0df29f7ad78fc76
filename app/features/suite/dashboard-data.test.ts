import { describe, expect, it } from "vitest";
import { summarizeCell, type CellSummary } from "../../../contracts/eval/suite/cell-summary.ts";
import type { CellResult } from "../../../contracts/eval/suite/types.ts";
import type { RunRecord } from "../../persistence/run-history.ts";
import { fromRunRecord, fromSummary, groupObservations, type Observation } from "./dashboard-data.ts";

const obs = (over: Partial<Observation>): Observation => ({
  version: "1.0.0",
  model: "m",
  answered: true,
  passed: true,
  schemaKept: true,
  refusal: false,
  idk: false,
  latencyMs: 100,
  tokens: 10,
  costUsd: 0.001,
  ...over,
});

describe("the dashboard's figures", () => {
  const rows = groupObservations(
    [
      obs({}),
      obs({ passed: false, schemaKept: false, latencyMs: 300 }),
      obs({ answered: false, passed: null, schemaKept: null, latencyMs: null, tokens: null, costUsd: null }),
      obs({ refusal: true, passed: false, schemaKept: null, latencyMs: 200, costUsd: null }),
      obs({ version: "2.0.0", model: "n", idk: true }),
    ],
    "version",
  );

  it("groups by version, in version order", () => {
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ["1.0.0", 4],
      ["2.0.0", 1],
    ]);
  });

  it("rates over what they can be measured on: pass over checked answers, errors over all, format over checked formats", () => {
    const r = rows[0]!;
    expect(r.passRate?.estimate).toBeCloseTo(1 / 3);
    expect(r.errorRate?.estimate).toBeCloseTo(1 / 4);
    expect(r.schemaAdherence?.estimate).toBeCloseTo(1 / 2);
    expect(r.refusalRate?.estimate).toBeCloseTo(1 / 4);
    expect(rows[1]!.idkRate?.estimate).toBe(1);
  });

  it("latency percentiles, tokens and cost per answered request", () => {
    const r = rows[0]!;
    expect(r.latencyMs.p50).toBe(200);
    expect(r.tokensPerAnswer).toBe(10);
    expect(r.costPerAnswer).toBeCloseTo(0.001);
    expect(r.totalCost).toBeCloseTo(0.002);
  });

  it("groups by model", () => {
    expect(groupObservations([obs({}), obs({ model: "n" })], "model").map((r) => r.key)).toEqual(["m", "n"]);
  });
});

describe("observations from what is stored", () => {
  const record = (response: string, over: Partial<RunRecord> = {}): RunRecord =>
    ({
      contractHash: "abcdef123456",
      contractVersion: null,
      model: "m",
      status: "ok",
      verdict: "not_checked",
      response,
      refusal: null,
      timings: { latencyMs: 100 },
      usage: { totalTokens: 10 },
      cost: null,
      ...over,
    }) as unknown as RunRecord;
  const policy = { refusalStyle: 'Say "I only help with orders and deliveries." and nothing else.', unknownAnswer: 'Reply "Not in my notes."' };

  it("a run counts as refused in the contract's own refusal style, by a common phrase, or by the endpoint's refusal field", () => {
    expect(fromRunRecord(record("I only help with orders and deliveries."), () => null, policy).refusal).toBe(true);
    expect(fromRunRecord(record("I only help with orders and deliveries."), () => null, {}).refusal).toBe(false);
    expect(fromRunRecord(record("Sorry, but I can't do that."), () => null, policy).refusal).toBe(true);
    expect(fromRunRecord(record("", { refusal: "no", verdict: "refused" }), () => null, policy).refusal).toBe(true);
    expect(fromRunRecord(record("Your parcel left today."), () => null, policy).refusal).toBe(false);
  });

  it("a run says 'I don't know' in the contract's unknown answer", () => {
    expect(fromRunRecord(record("Not in my notes."), () => null, policy).idk).toBe(true);
    expect(fromRunRecord(record("Not in my notes."), () => null, {}).idk).toBe(false);
  });

  it("a suite cell comes from its summary: version by hash, the answering model, its figures and flags", () => {
    const summary = {
      ...summarizeCell(
        {
          cellId: "c",
          suiteId: "s",
          caseId: "a",
          split: "dev",
          targetId: "v1",
          endpointId: "e",
          repeat: 0,
          contractHash: "h".repeat(12),
          model: "asked",
          parameters: { enforcement: null, temperature: 0, top_p: null, max_tokens: null, seed: null },
          run: null,
          notSent: { message: "x", errors: [] },
          assertions: [],
          passed: false,
          cached: false,
          attempts: 0,
          finishedAt: 1,
        } as CellResult,
        "k",
      ),
      run: { status: "ok", verdict: "broken", model: "answered", error: null, latencyMs: 250, totalTokens: 30, costUsd: 0.002 },
      passed: false,
      refusal: true,
      idk: true,
    } satisfies CellSummary;
    expect(fromSummary(summary, (h) => (h === "h".repeat(12) ? "1.0.0" : null))).toMatchObject({
      version: "1.0.0",
      model: "answered",
      answered: true,
      passed: false,
      schemaKept: false,
      refusal: true,
      idk: true,
      latencyMs: 250,
      tokens: 30,
      costUsd: 0.002,
    });
    expect(fromSummary({ ...summary, run: null }, () => null)).toMatchObject({
      version: "draft hhhhhhh",
      model: "asked",
      answered: false,
      passed: null,
      idk: false,
      latencyMs: null,
    });
  });
});
