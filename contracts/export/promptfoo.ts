/**
 * A contract as a promptfoo configuration (`contract export --to promptfoo`, the app's
 * "promptfoo config" download), checked by hand with promptfoo 0.120.8 (the README says how).
 *
 *  - Each case is a test. Its vars are the case's variables (shown in promptfoo's table) and
 *    `contract_messages`: the messages the endpoint client sends for that case, assembled here
 *    with the case's context overrides. The one prompt, `{{ contract_messages | dump }}`,
 *    renders them as the JSON chat promptfoo's OpenAI provider sends as they are; a template
 *    re-built from the contract could not carry per-case context packets byte for byte.
 *  - The request's other fields (temperature, max_tokens, seed, response_format …) go in the
 *    prompt's config as `passthrough`, so promptfoo sends them as written (it drops a
 *    temperature of 0 from its named option) and leaves the answer as text, as we judge it.
 *  - Assertions: the case's and the implied ones (evaluate.ts assertionsFor), each through its
 *    registry definition's `promptfoo` mapper; a type without one becomes a javascript
 *    assertion that fails saying so (a new type is never silently passed).
 *  - The provider is `openai:chat:MODEL`; with an endpoint, its apiBaseUrl (and the name of
 *    the key's environment variable): never a key. The canary is never placed.
 */
import { contractForTest } from "../assemble.ts";
import type { Result } from "../errors.ts";
import { jsAssertion } from "../eval/assertions/promptfoo.ts";
import { assertionDefinition } from "../eval/assertions/registry.ts";
import { assertionsFor } from "../eval/evaluate.ts";
import type { Contract } from "../schema/contract.ts";
import type { Assertion, TestCase } from "../schema/tests.ts";
import type { PromptfooAssertion, PromptfooConfig, PromptfooProvider, PromptfooTest } from "./promptfoo-schema.ts";
import { caseRequests, type ExportTarget } from "./requests.ts";

export const MESSAGES_VAR = "contract_messages";

export interface PromptfooOptions extends ExportTarget {
  /** The endpoint's base URL (`--endpoint`): the provider's apiBaseUrl, and the grader's. */
  endpoint?: string;
  /** The environment variable holding the key (`--api-key-env`); its name only. */
  keyEnv?: string;
}

/** One assertion in promptfoo's terms, from the registry; `metric` names our type so promptfoo's table groups by it. */
export function promptfooAssertion(assertion: Assertion, contract: Contract, testCase: TestCase, fromContract = false): PromptfooAssertion {
  const def = assertionDefinition(assertion.type);
  const ctx = {
    contract: { policy: contract.policy, output: contract.output, tools: contract.tools },
    packet: contractForTest(contract, testCase).contract.context.items,
    testCase: { id: testCase.id, name: testCase.name, tools: testCase.tools },
  };
  const mapped =
    def?.promptfoo?.(assertion as never, ctx) ??
    jsAssertion(`return res(false, cfg.reason);`, {
      reason: `not checked in promptfoo: Contract Studio's ${assertion.type} check has no promptfoo mapping yet (run it with contract test)`,
      params: assertion,
    });
  return { ...mapped, metric: fromContract ? `${assertion.type} (from the contract)` : assertion.type };
}

/** Variables as promptfoo's vars take them: no null or undefined (a null is written as the text "null"). */
function promptfooVars(variables: Record<string, unknown>): PromptfooTest["vars"] {
  const out: PromptfooTest["vars"] = {};
  for (const [k, v] of Object.entries(variables)) {
    if (v === undefined) continue;
    out[k] = v === null ? "null" : (v as PromptfooTest["vars"][string]);
  }
  return out;
}

export function toPromptfooConfig(contract: Contract, options: PromptfooOptions = {}): Result<PromptfooConfig> {
  const planned = caseRequests(contract, options);
  if (!planned.ok) return planned;
  const requests = planned.value;
  const first = requests[0]?.request;
  const model = first?.model || options.model || contract.model.model;
  if (!model) return { ok: false, errors: [{ path: "model.model", message: "no model is set: give --model or set the contract's model" }] };
  // Everything but what promptfoo sets itself (model, messages) or does not support (a stream).
  const { model: _m, messages: _ms, stream: _s, stream_options: _so, ...params } = first ?? { model, messages: [] };
  const provider: PromptfooProvider = {
    id: `openai:chat:${model}`,
    ...(options.endpoint
      ? { config: { apiBaseUrl: options.endpoint.replace(/\/+$/, ""), ...(options.keyEnv ? { apiKeyEnvar: options.keyEnv } : { apiKeyRequired: false }) } }
      : {}),
  };
  const tests = requests.map(({ caseId, request }): PromptfooTest => {
    const testCase = contract.tests.find((t) => t.id === caseId)!;
    return {
      description: testCase.name ? `${testCase.id}: ${testCase.name}` : testCase.id,
      vars: { ...promptfooVars(testCase.variables), [MESSAGES_VAR]: request.messages.map((m) => ({ ...m })) },
      assert: assertionsFor(contract, testCase).map((p) => promptfooAssertion(p.assertion, contract, testCase, p.source === "contract")),
      options: { disableVarExpansion: true },
      metadata: { caseId, split: testCase.split, tags: testCase.tags },
    };
  });
  return {
    ok: true,
    value: {
      description: `${contract.name} (Contract Studio contract ${contract.id})`,
      prompts: [
        {
          label: contract.name || contract.id,
          raw: `{{ ${MESSAGES_VAR} | dump }}`,
          ...(Object.keys(params).length ? { config: { passthrough: params } } : {}),
        },
      ],
      providers: [provider],
      // A rubric is graded by the same endpoint when one is given (else promptfoo's default grader, OpenAI's).
      ...(options.endpoint ? { defaultTest: { options: { provider } } } : {}),
      tests,
    },
  };
}

/** The configuration as the file promptfoo reads (JSON is YAML too: name it promptfooconfig.json or .yaml). */
export function serializePromptfooConfig(config: PromptfooConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
