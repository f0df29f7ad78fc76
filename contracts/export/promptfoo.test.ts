/**
 * The exports of issue 9 item 5 on the example contracts: a promptfoo configuration in the shape
 * promptfoo 0.120.8 reads (PromptfooConfigSchema), with every case, its messages as the client
 * sends them and every assertion (implied ones too); request bodies as the client sends them;
 * never a canary or a key.
 */
import { describe, expect, it } from "vitest";
import { createEndpointProfile } from "../client/profile.ts";
import { CANARY_PATTERN, caseCanary } from "../eval/canary.ts";
import { assertionsFor } from "../eval/evaluate.ts";
import { injectionPack } from "../eval/injection-pack.ts";
import { exampleContracts } from "../examples/index.ts";
import { planRun } from "../run-case/plan.ts";
import type { Assertion } from "../schema/tests.ts";
import { MESSAGES_VAR, promptfooAssertion, serializePromptfooConfig, toPromptfooConfig } from "./promptfoo.ts";
import { PromptfooConfigSchema } from "./promptfoo-schema.ts";
import { caseRequests, contractRequest, toJsonl } from "./requests.ts";

const profile = createEndpointProfile({ id: "cli", name: "cli", baseUrl: "http://127.0.0.1:8788/v1", capabilities: { streaming: true, usageInStream: true } });
/** Each example with the injection pack added: cases whose runs carry a canary. */
const contracts = exampleContracts().map((c) => ({ ...c, tests: [...c.tests, ...injectionPack(c)] }));

describe("contract export --to promptfoo", () => {
  it.each(contracts.map((c) => [c.id, c] as const))("%s: a config promptfoo reads, every case a test with every assertion", (_id, contract) => {
    const r = toPromptfooConfig(contract, { profile, endpoint: "http://127.0.0.1:8788/v1/", model: "test-model", keyEnv: "MY_KEY" });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const config = PromptfooConfigSchema.parse(JSON.parse(serializePromptfooConfig(r.value)));
    expect(config.providers).toEqual([{ id: "openai:chat:test-model", config: { apiBaseUrl: "http://127.0.0.1:8788/v1", apiKeyEnvar: "MY_KEY" } }]);
    expect(config.defaultTest?.options.provider).toEqual(config.providers[0]);
    expect(config.prompts).toHaveLength(1);
    expect(config.prompts[0]!.raw).toBe(`{{ ${MESSAGES_VAR} | dump }}`);
    expect(config.tests.map((t) => t.metadata?.caseId)).toEqual(contract.tests.map((t) => t.id));
    contract.tests.forEach((tc, i) => {
      const test = config.tests[i]!;
      const plan = planRun({ contract, testCase: tc }, { profile, model: "test-model" });
      if (!plan.ok) throw new Error(plan.message);
      // The messages the endpoint client sends for this case, and its other fields in the prompt's passthrough.
      expect(test.vars[MESSAGES_VAR]).toEqual(plan.request.messages);
      const { model: _m, messages: _ms, stream: _s, stream_options: _so, ...params } = plan.request;
      expect(config.prompts[0]!.config).toEqual({ passthrough: params });
      for (const [k, v] of Object.entries(tc.variables)) expect(test.vars[k]).toEqual(v === null ? "null" : v);
      // The case's assertions, then the implied ones, as evaluate.ts plans them.
      const planned = assertionsFor(contract, tc);
      expect(test.assert).toHaveLength(planned.length);
      expect(test.assert.map((a) => a.metric)).toEqual(
        planned.map((p) => (p.source === "contract" ? `${p.assertion.type} (from the contract)` : p.assertion.type)),
      );
      expect(test.options).toEqual({ disableVarExpansion: true });
    });
  });

  it.each(contracts.map((c) => [c.id, c] as const))("%s: no canary and no key in the file", (_id, contract) => {
    const text = serializePromptfooConfig((toPromptfooConfig(contract, { profile, endpoint: "http://127.0.0.1:8788/v1" }) as { ok: true; value: never }).value);
    expect(text).not.toMatch(new RegExp(CANARY_PATTERN.source, "i"));
    for (const tc of contract.tests) {
      const canary = caseCanary(contract.id, tc);
      if (canary) expect(text).not.toContain(canary);
    }
    expect(contract.tests.some((t) => caseCanary(contract.id, t))).toBe(true); // the pack's cases would carry one in a suite
    expect(text).not.toMatch(/sk-|Bearer|"apiKey"/);
  });

  it("without an endpoint: the contract's model, promptfoo's default OpenAI provider and grader", () => {
    const contract = contracts[0]!;
    const r = toPromptfooConfig(contract);
    if (!r.ok) throw new Error("no config");
    expect(r.value.providers).toEqual([{ id: `openai:chat:${contract.model.model}` }]);
    expect(r.value.defaultTest).toBeUndefined();
    // promptfoo does not stream: the fitted body's stream fields stay out of its passthrough.
    expect(r.value.prompts[0]!.config?.passthrough).not.toHaveProperty("stream");
    expect(r.value.prompts[0]!.config?.passthrough).not.toHaveProperty("stream_options");
  });

  it("says which case does not assemble, and a contract without a model", () => {
    const base = contracts[0]!;
    const missing = {
      ...base,
      variables: [...base.variables, { name: "extra_required", type: "string" as const, required: true, description: "", default: undefined }],
    };
    const r = toPromptfooConfig(missing as never, { profile });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        path: "tests[0]",
        message: expect.stringMatching(/^case late-express-delivery does not assemble: .*extra_required/),
      });
    const noModel = toPromptfooConfig({ ...base, model: { ...base.model, model: "" } });
    expect(noModel.ok).toBe(false);
  });

  it("a type without a promptfoo mapper is a javascript assertion that fails saying so", () => {
    const contract = contracts[0]!;
    const a = promptfooAssertion({ type: "brand_new_check", level: 3 } as unknown as Assertion, contract, contract.tests[0]!);
    expect(a).toMatchObject({ type: "javascript", metric: "brand_new_check" });
    const run = new Function("output", "context", "process", a.value as string) as (o: string, c: unknown, p: unknown) => { pass: boolean; reason: string };
    expect(run("anything", { config: a.config }, {})).toEqual({
      pass: false,
      score: 0,
      reason: "not checked in promptfoo: Contract Studio's brand_new_check check has no promptfoo mapping yet (run it with contract test)",
    });
  });
});

describe("contract export --to openai", () => {
  it("one body per case, exactly the planned request (fitted to the profile: streamed, usage asked)", () => {
    const contract = contracts[1]!;
    const r = caseRequests(contract, { profile, model: "m1" });
    if (!r.ok) throw new Error("no bodies");
    expect(r.value.map((b) => b.caseId)).toEqual(contract.tests.map((t) => t.id));
    r.value.forEach((b, i) => {
      const plan = planRun({ contract, testCase: contract.tests[i]! }, { profile, model: "m1" });
      expect(plan.ok && b.request).toEqual(plan.ok && plan.request);
      expect(b.request).toMatchObject({ model: "m1", stream: true, stream_options: { include_usage: true } });
    });
    const lines = toJsonl(r.value).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l))).toEqual(r.value.map((b) => b.request));
    expect(toJsonl(r.value)).not.toMatch(new RegExp(CANARY_PATTERN.source, "i"));
  });

  it("a chosen case, an unknown one, and the contract on its own", () => {
    const contract = contracts[2]!;
    const one = caseRequests(contract, { profile }, [contract.tests[1]!.id]);
    expect(one.ok && one.value.map((b) => b.caseId)).toEqual([contract.tests[1]!.id]);
    const unknown = caseRequests(contract, { profile }, ["nope"]);
    expect(unknown).toEqual({ ok: false, errors: [{ path: "tests", message: expect.stringMatching(/^no test case "nope" \(have: /) }] });
    const own = contractRequest(contract, {});
    expect(own.ok && own.value).toMatchObject({ model: contract.model.model, stream: true, stream_options: { include_usage: true } });
    const unfitted = contractRequest(contract, { profile: null });
    expect(unfitted.ok && unfitted.value).not.toHaveProperty("stream");
  });
});
