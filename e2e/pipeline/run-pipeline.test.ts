/**
 * The app's Run and the CLI's `run` are one pipeline (contracts/run-case): fed the same
 * recorded stream through an injected fetch, with the same clocks, they send the same bytes and
 * produce the same RunResult, field for field: the verdict (a cut-off or refused answer
 * included), the token estimate, the error. Here, not in app/ or contracts/, because it needs
 * both the app's store and the Node CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRunController } from "../../app/features/runs/run-controller.ts";
import { memoryRunHistory } from "../../app/persistence/run-history.ts";
import { createStudioStore } from "../../app/store/index.ts";
import { createRunCommand } from "../../contracts/cli/run.ts";
import { createEndpointProfile } from "../../contracts/client/profile.ts";
import { parseContract } from "../../contracts/parse.ts";
import { recordedFetch, steppingClock } from "../../contracts/run-case/recorded-fetch.ts";
import { RunResultSchema, type RunResult } from "../../contracts/run-case/result.ts";

const ENDPOINT = "http://127.0.0.1:9/v1";
const fixture = (name: string) => readFileSync(new URL(`../../contracts/run-case/__fixtures__/${name}`, import.meta.url), "utf8");

const contractInput = {
  format: "contract-studio/contract@1",
  id: "triage",
  name: "Triage",
  policy: { role: "You triage support tickets." },
  task: { instruction: "Triage this ticket: {{ticket}}" },
  variables: [{ name: "ticket", type: "string", required: true, testValue: "The app crashes on start" }],
  output: {
    kind: "json_schema",
    name: "triage",
    schema: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"], additionalProperties: false },
  },
};

const io = (sse: string, status = 200) => {
  const rec = recordedFetch(sse, { status });
  return { rec, io: { fetch: rec.fetch, now: steppingClock(100, 7), clock: () => 1_800_000_000_000, sleep: async () => {}, random: () => 0.5 } };
};

async function viaApp(sse: string, status?: number): Promise<{ result: RunResult; sent: unknown[] }> {
  const parsed = parseContract(contractInput);
  if (!parsed.ok) throw new Error("fixture contract is invalid");
  const store = createStudioStore();
  store.getState().hydrate({ entries: { k1: { key: "k1", contract: parsed.value, revision: 1, updatedAt: 0 } }, order: ["k1"], selectedKey: "k1", broken: [] });
  store.getState().saveProfile(createEndpointProfile({ id: "p", name: "Local", baseUrl: ENDPOINT }), { apiKey: "", remember: false });
  store.getState().selectModel("test-model");
  const { rec, io: inject } = io(sse, status);
  const controller = createRunController(store, { history: memoryRunHistory(), io: inject, paint: async () => {} });
  const started = await controller.start();
  if (!started) throw new Error("the app sent nothing");
  return { result: started.result, sent: rec.sent };
}

async function viaCli(sse: string, status?: number): Promise<{ result: RunResult; sent: unknown[]; code: number }> {
  const file = join(mkdtempSync(join(tmpdir(), "pipeline-")), "triage.contract.json");
  writeFileSync(file, JSON.stringify(contractInput));
  const { rec, io: inject } = io(sse, status);
  let stdout = "";
  const command = createRunCommand(() => ({ stdout: (t) => void (stdout += t), stderr: () => {}, env: {}, run: inject }));
  const code = await command.run([file, "--endpoint", ENDPOINT, "--model", "test-model", "--json"]);
  const { ok: _ok, ...result } = JSON.parse(stdout) as Record<string, unknown>;
  return { result: RunResultSchema.parse(result), sent: rec.sent, code };
}

describe("the app and the CLI run one pipeline", () => {
  it.each([
    ["an answer that keeps the contract", "json-stop.sse", "kept", 0],
    ["a JSON answer cut off at max_tokens", "json-length.sse", "broken", 1],
    ["a refusal", "json-refusal.sse", "refused", 1],
    ["an answer without usage (estimated by the tokenizer)", "no-usage", "kept", 0],
  ] as const)("%s: the same request and the same RunResult", async (_name, name, verdict, exit) => {
    const sse = name === "no-usage" ? fixture("json-stop.sse").replace(/^data: .*"usage".*\n\n/m, "") : fixture(name);
    const app = await viaApp(sse);
    const cli = await viaCli(sse);
    expect(cli.sent).toEqual(app.sent);
    expect(RunResultSchema.parse(app.result)).toEqual(cli.result);
    expect(app.result.verdict).toBe(verdict);
    expect(cli.code).toBe(exit);
  });

  it("an endpoint error: the same explained error, not validated", async () => {
    const body = JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
    const app = await viaApp(body, 401);
    const cli = await viaCli(body, 401);
    expect(RunResultSchema.parse(app.result)).toEqual(cli.result);
    expect(app.result).toMatchObject({ status: "failed", verdict: "not_checked", validation: null, httpStatus: 401 });
    expect(cli.code).toBe(3);
  });
});
