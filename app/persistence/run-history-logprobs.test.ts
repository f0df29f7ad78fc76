/** Logprobs in the run history: kept with the answer, parsed back, and dropped with the bodies of a metrics-only profile. */
import { describe, expect, it } from "vitest";
import { runResult } from "../../contracts/eval/assertions/fixtures.ts";
import { makeRunRecord, RunRecordSchema } from "./run-history.ts";

const tokens = [
  { t: '{"a": ', lp: -0.01 },
  { t: "4", lp: -3.2, top: [["5", -0.1] as [string, number]] },
];
const record = (metricsOnly: boolean, logprobs: typeof tokens | null | undefined) =>
  makeRunRecord({
    id: "r1",
    contractKey: "k",
    contractId: "c",
    contractVersion: null,
    profileName: "p",
    metricsOnly,
    events: [],
    result: runResult('{"a": 4', { request: { model: "m", messages: [], logprobs: true }, ...(logprobs !== undefined ? { logprobs } : {}) }),
  });

describe("run records and logprobs", () => {
  it("keep the tokens and read them back", () => {
    const r = record(false, tokens);
    expect(RunRecordSchema.parse(JSON.parse(JSON.stringify(r))).logprobs).toEqual(tokens);
  });
  it("keep 'asked, none came back' apart from 'not asked'", () => {
    expect(record(false, null).logprobs).toBeNull();
    expect("logprobs" in record(false, undefined)).toBe(false);
  });
  it("never keep them for a metrics-only profile (the tokens are the answer)", () => {
    expect("logprobs" in record(true, tokens)).toBe(false);
  });
});
