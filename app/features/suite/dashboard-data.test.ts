import { describe, expect, it } from "vitest";
import { groupObservations, type Observation } from "./dashboard-data.ts";

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
