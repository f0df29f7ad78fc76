/** runCase from contract to RunResult, fed recorded streams through an injected fetch. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEndpointProfile, type EndpointProfileInput } from "../client/profile.ts";
import { parseContract } from "../parse.ts";
import type { Contract, ContractInput } from "../schema/contract.ts";
import { CUT_OFF_MESSAGE } from "../validate-output.ts";
import { assembleForTarget, planRun } from "./plan.ts";
import { recordedFetch, steppingClock } from "./recorded-fetch.ts";
import { RunResultSchema } from "./result.ts";
import { checkAnswer, runCase, runContentHash } from "./run-case.ts";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

function contract(edit: (c: ContractInput) => void = () => {}): Contract {
  const input: ContractInput = {
    format: "contract-studio/contract@2",
    id: "triage",
    name: "Triage",
    policy: { role: "You triage support tickets." },
    task: { instruction: "Triage this ticket: {{ticket}}" },
    variables: [{ name: "ticket", type: "string", required: true, testValue: "The app crashes" }],
    output: {
      kind: "json_schema",
      name: "triage",
      schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
    },
    tests: [
      {
        id: "late",
        variables: { ticket: "My parcel is late" },
        context: { add: [{ id: "crm-1", kind: "db_row", source: "crm#1", content: "order 42 shipped" }] },
      },
    ],
  };
  edit(input);
  const r = parseContract(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const profile = (extra: Partial<EndpointProfileInput> = {}) => createEndpointProfile({ id: "p", name: "Local", baseUrl: "http://127.0.0.1:9/v1", ...extra });
const io = (sse: string) => {
  const rec = recordedFetch(sse);
  return { rec, io: { fetch: rec.fetch, now: steppingClock(), clock: () => 1_800_000_000_000, sleep: async () => {} } };
};

describe("planRun", () => {
  it("fits the request to the profile: the chosen model, stream and stream_options only as capable", () => {
    const c = contract();
    const streaming = planRun({ contract: c }, { profile: profile(), model: "m1" });
    expect(streaming.ok && streaming.request).toMatchObject({ model: "m1", stream: true, stream_options: { include_usage: true } });
    const noUsage = planRun({ contract: c }, { profile: profile({ capabilities: { usageInStream: false } }), model: "m1" });
    expect(noUsage.ok && noUsage.request.stream_options).toBeUndefined();
    const whole = planRun({ contract: c }, { profile: profile({ capabilities: { streaming: false } }), model: "m1" });
    expect(whole.ok && "stream" in whole.request).toBe(false);
  });

  it("takes the profile's default model when none is chosen, then the contract's", () => {
    const c = contract((x) => void (x.model = { model: "from-contract" }));
    const p = planRun({ contract: c }, { profile: profile({ defaultModel: "from-profile" }) });
    expect(p.ok && p.request.model).toBe("from-profile");
    const q = planRun({ contract: c }, { profile: profile() });
    expect(q.ok && q.request.model).toBe("from-contract");
  });

  it("refuses without a model, and the preview's warning goes once a model is chosen", () => {
    const c = contract();
    const none = planRun({ contract: c }, { profile: profile() });
    expect(none.ok).toBe(false);
    expect(!none.ok && none.errors[0]?.path).toBe("model.model");
    const hasWarning = (model?: string) => assembleForTarget({ contract: c }, { profile: profile(), model }).issues.some((i) => i.path === "model.model");
    expect(hasWarning()).toBe(true);
    expect(hasWarning("m1")).toBe(false);
  });

  it("asks for json_object when the profile lacks structured output", () => {
    const p = planRun({ contract: contract() }, { profile: profile({ capabilities: { jsonSchema: false } }), model: "m" });
    expect(p.ok && p.enforcement).toBe("json_object");
    expect(p.ok && p.request.response_format).toEqual({ type: "json_object" });
  });

  it("applies a test case's variables and context", () => {
    const p = planRun({ contract: contract(), testCase: contract().tests[0] }, { profile: profile(), model: "m" });
    expect(p.ok && p.caseId).toBe("late");
    const user = p.ok ? p.request.messages[1]!.content : "";
    expect(user).toContain("My parcel is late");
    expect(user).toContain("order 42 shipped");
  });

  it("the preview's bytes are the bytes sent", async () => {
    const c = contract();
    const target = { profile: profile(), model: "m1" };
    const { rec, io: inject } = io(fixture("json-stop.sse"));
    const out = await runCase({ contract: c, ...target }, inject);
    expect(out.ok).toBe(true);
    expect(JSON.stringify(rec.sent[0])).toBe(assembleForTarget({ contract: c }, target).body);
  });
});

describe("runCase", () => {
  it("turns a recorded stream into a RunResult that parses under its schema", async () => {
    const c = contract();
    const { io: inject } = io(fixture("json-stop.sse"));
    const out = await runCase({ contract: c, profile: profile({ prices: { inputPerMTok: 1, outputPerMTok: 2 } }), model: "test-model" }, inject);
    if (!out.ok) throw new Error(out.plan.message);
    const r = RunResultSchema.parse(out.result);
    expect(r).toMatchObject({
      status: "ok",
      verdict: "kept",
      output: '{\n  "priority": "low"\n}',
      finishReason: "stop",
      usageSource: "endpoint",
      usage: { promptTokens: 10, completionTokens: 5 },
    });
    expect(r.contractHash).toBe(runContentHash(c));
    expect(r.timings.startedAt).toBe(1_800_000_000_000);
    expect(r.cost?.totalUsd).toBeCloseTo((10 * 1 + 5 * 2) / 1e6);
  });

  it("a JSON answer cut off at max_tokens breaks the contract and says why, not only a syntax error", async () => {
    const { io: inject } = io(fixture("json-length.sse"));
    const out = await runCase({ contract: contract(), profile: profile(), model: "tiny" }, inject);
    if (!out.ok) throw new Error(out.plan.message);
    expect(out.result.verdict).toBe("broken");
    expect(out.result.finishReason).toBe("length");
    expect(out.result.model).toBe("/models/tiny.gguf");
    expect(out.result.validation?.violations).toHaveLength(1);
    expect(out.result.validation?.violations[0]?.message).toMatch(/^cut off at max_tokens \(finish_reason length\): the JSON answer is incomplete/);
  });

  it("a refusal is not validated: the verdict says refused", async () => {
    const { io: inject } = io(fixture("json-refusal.sse"));
    const out = await runCase({ contract: contract(), profile: profile(), model: "gpt-4o-mini" }, inject);
    if (!out.ok) throw new Error(out.plan.message);
    expect(out.result).toMatchObject({ status: "ok", verdict: "refused", validation: null, refusal: "I'm sorry, I can't help with that." });
  });

  it("estimates missing usage with the tokenizer, as the preview counts", async () => {
    const sse = fixture("json-stop.sse").replace(/^data: .*"usage".*\n\n/m, "");
    const { io: inject } = io(sse);
    const c = contract();
    const out = await runCase({ contract: c, profile: profile(), model: "m" }, inject);
    if (!out.ok) throw new Error(out.plan.message);
    expect(out.result.usageSource).toBe("estimated");
    const preview = assembleForTarget({ contract: c }, { profile: profile(), model: "m" }, { countTokens: true });
    expect(out.result.usage.promptTokens).toBe(preview.tokens?.total);
    expect(out.result.usage.completionTokens).toBeGreaterThan(0);
  });

  it("runs in flight at once each stop on their own signal", async () => {
    const hold = (signal?: AbortSignal) =>
      new Promise<Response>((_, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const stopped = new AbortController();
    const slowFetch = (_u: string, init: RequestInit) => hold(init.signal ?? undefined);
    const a = runCase({ contract: contract(), profile: profile(), model: "m", signal: stopped.signal }, { fetch: slowFetch, sleep: async () => {} });
    const { io: inject } = io(fixture("json-stop.sse"));
    const b = await runCase({ contract: contract(), profile: profile(), model: "m" }, inject);
    stopped.abort();
    const ra = await a;
    expect(ra.ok && ra.result.status).toBe("aborted");
    expect(b.ok && b.result.verdict).toBe("kept");
  });
});

describe("checkAnswer", () => {
  const output = contract((x) => void (x.output = { kind: "text" })).output;
  it.each([
    ["a whole text answer", { status: "ok", output: "hi", refusal: null, finishReason: "stop" }, "kept"],
    ["a text answer cut off", { status: "ok", output: "hi", refusal: null, finishReason: "length" }, "broken"],
    ["a refusal", { status: "ok", output: "", refusal: "no", finishReason: "stop" }, "refused"],
    ["a failed run", { status: "failed", output: "hi", refusal: null, finishReason: null }, "not_checked"],
    ["a stopped run", { status: "aborted", output: "hi", refusal: null, finishReason: null }, "not_checked"],
  ] as const)("%s: %s", (_name, outcome, verdict) => {
    const r = checkAnswer(output, outcome);
    expect(r.verdict).toBe(verdict);
    if (verdict === "broken") expect(r.validation?.violations[0]?.message).toBe(CUT_OFF_MESSAGE);
  });
});
