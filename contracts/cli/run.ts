/**
 * `npm run contract -- run FILE --endpoint URL --model M [--var name=value]... [--json]`:
 * one streamed run of a contract from a terminal. The answer streams to stdout, then timings,
 * usage, cost and the output-contract check follow (or, with --json, one JSON object with all
 * of it). The key comes from OPENAI_API_KEY (or --api-key-env NAME), never from a flag, so it
 * stays out of shell history and process lists.
 * Exit codes per exit-codes.ts: 0 the answer keeps the output contract; 1 it breaks it (or the
 * inputs do not assemble); 2 usage error or invalid file; 3 connection or endpoint error
 * (explained on stderr).
 *
 * Built as a factory over its I/O so tests can run it in-process against the test server.
 */
import { parseArgs } from "node:util";
import type { OutputEnforcement } from "../assembly-types.ts";
import { describeEndpointError } from "../client/errors.ts";
import type { EndpointProfile } from "../client/profile.ts";
import type { RunEvent } from "../client/run.ts";
import { errorLine } from "../errors.ts";
import { formatCount, formatMs, formatRate, formatUsd } from "../format-figures.ts";
import { planRun } from "../run-case/plan.ts";
import type { RunResult } from "../run-case/result.ts";
import { sendRun, type RunCaseIo } from "../run-case/run-case.ts";
import { dependsOnInputs, readContractFile } from "./read-contract.ts";
import { UsageError, parseVars, usageMessage } from "./args.ts";
import { endpointFromFlags, ENDPOINT_FLAGS } from "./endpoint-flags.ts";
import { EXIT } from "./exit-codes.ts";

const USAGE = `usage: contract run FILE --endpoint URL [options]
  --endpoint URL         the endpoint's base URL, e.g. http://127.0.0.1:11434/v1
  --model M              the model (default: the contract's)
  --var name=value       a variable's value (repeatable)
  --test ID              use test case ID's variables and context
  --json                 print one JSON object instead of the streamed answer and summary
  --api-key-env NAME     read the key from $NAME (default OPENAI_API_KEY; none: no key sent)
  --input-price X        USD per million input tokens (with --output-price: prints the cost)
  --output-price Y       USD per million output tokens
  --enforcement E        json_schema (default) | json_object | prompt_only
  --no-stream            ask for the whole answer at once
  --first-byte-timeout MS, --idle-timeout MS, --retries N
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Aborts the run (Ctrl+C); the partial answer is still reported. */
  signal?: AbortSignal;
  /** fetch and clocks for runCase (tests feed a recorded stream; default the real ones). */
  run?: RunCaseIo;
}

/**
 * The summary after the answer. Figures are formatted as the app's run view formats them
 * (contracts/format-figures.ts). A line is left out when it has no meaning for this run:
 * no time to first token without streaming (the answer came whole) or before any token;
 * no rate over too short a stream; no usage or cost when the request failed before any answer
 * arrived (nothing was generated, so any figure would be an invented estimate; the app's run
 * view has the same rule); the answering model only when it differs from the one asked for.
 */
export function summary(outcome: RunResult): string {
  const { validation } = outcome;
  const t = outcome.timings;
  const u = outcome.usage;
  const billed = outcome.status === "ok" || t.ttftMs !== null;
  const rate = formatRate(t.outputTokensPerSec, u.completionTokens);
  const lines = ["", "---"];
  if (outcome.model !== outcome.request.model) lines.push(`answered by          ${outcome.model} (asked for ${outcome.request.model})`);
  if (t.ttftMs !== null) lines.push(`time to first token  ${formatMs(t.ttftMs)}`);
  lines.push(
    `latency              ${formatMs(t.latencyMs)}${rate !== "—" ? ` (${rate} tokens/s)` : ""}${outcome.attempts > 1 ? `, ${outcome.attempts} attempts` : ""}`,
  );
  if (billed) {
    lines.push(
      `usage                ${formatCount(u.promptTokens)} prompt + ${formatCount(u.completionTokens)} completion = ${formatCount(u.totalTokens)} tokens (${outcome.usageSource === "endpoint" ? "reported by the endpoint" : "estimated"})`,
    );
    if (outcome.cost) lines.push(`cost                 ${formatUsd(outcome.cost.totalUsd)}`);
  }
  lines.push(`finish reason        ${outcome.finishReason ?? "n/a"}`);
  if (outcome.verdict === "refused") lines.push(`output contract      not checked: the model refused (${outcome.refusal ?? ""})`);
  if (validation) {
    lines.push(
      `output contract      ${validation.ok ? "kept" : `BROKEN (${validation.violations.length} violation${validation.violations.length === 1 ? "" : "s"})`}`,
    );
    for (const v of validation.violations) lines.push(`  ${v.path}: ${v.message}`);
    for (const w of validation.warnings) lines.push(`  note: ${w}`);
  }
  return lines.join("\n") + "\n";
}

function describeEvent(e: RunEvent): string | null {
  if (e.type !== "retry") return null;
  return `retry ${e.attempt}: ${e.error.title.toLowerCase()}; trying again in ${(e.delayMs / 1000).toFixed(1)} s${e.fromRetryAfter ? " (as the endpoint asked)" : ""}\n`;
}

export function createRunCommand(io: () => CliIo) {
  return {
    usage: USAGE,
    async run(args: string[]): Promise<number> {
      const { stdout, stderr, env, signal, run: runIo } = io();
      let values;
      let file: string;
      let vars: Record<string, string>;
      let profile: EndpointProfile;
      let enforcement: OutputEnforcement | undefined;
      let apiKey: string | undefined;
      let keyEnv: string | undefined;
      try {
        const parsed = parseArgs({
          args,
          allowPositionals: true,
          strict: true,
          options: {
            ...ENDPOINT_FLAGS,
            model: { type: "string" },
            var: { type: "string", multiple: true, default: [] },
            test: { type: "string" },
            json: { type: "boolean", default: false },
            enforcement: { type: "string" },
            "no-stream": { type: "boolean", default: false },
          },
        });
        values = parsed.values;
        if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one FILE" : "missing FILE");
        file = parsed.positionals[0]!;
        vars = parseVars(values.var);
        if (values.enforcement !== undefined && !["json_schema", "json_object", "prompt_only"].includes(values.enforcement))
          throw new UsageError(`--enforcement ${values.enforcement}: expected json_schema, json_object or prompt_only`);
        enforcement = values.enforcement as OutputEnforcement | undefined;
        ({ profile, apiKey, keyEnv } = endpointFromFlags(values, env, !values["no-stream"]));
      } catch (e) {
        stderr(usageMessage("run", e, USAGE));
        return EXIT.usage;
      }

      const read = await readContractFile(file);
      if (read.kind === "unreadable") {
        stderr(`${read.message}\n`);
        return EXIT.usage;
      }
      if (read.kind === "invalid") {
        for (const e of read.errors) stderr(`${errorLine(e)}\n`);
        return EXIT.usage;
      }
      const contract = read.contract;
      const testCase = values.test === undefined ? null : contract.tests.find((t) => t.id === values.test);
      if (testCase === undefined) {
        stderr(`--test ${values.test}: no such test case (have: ${contract.tests.map((t) => t.id).join(", ") || "none"})\n`);
        return EXIT.usage;
      }
      // The same plan as the app's Run and preview (contracts/run-case): assembled, then fitted to the profile.
      const plan = planRun({ contract, testCase, variables: vars }, { profile, model: values.model, enforcement });
      for (const w of plan.warnings) stderr(`warning: ${errorLine(w)}\n`);
      if (!plan.ok) {
        if (plan.errors.every((e) => e.path === "model.model")) {
          stderr(usageMessage("run", "no model: give --model M (the contract names none)", USAGE));
          return EXIT.usage;
        }
        for (const e of plan.errors) stderr(`${errorLine(e)}\n`);
        // As in `contract assemble`: inputs that do not assemble are 1, a fault of the file is 2.
        return plan.errors.every((e) => dependsOnInputs(e.path)) ? EXIT.failed : EXIT.usage;
      }

      const json = values.json;
      const outcome = await sendRun(
        {
          contract,
          profile,
          request: plan.request,
          enforcement: plan.enforcement,
          caseId: plan.caseId,
          apiKey,
          signal,
          onDelta: json ? undefined : (text) => stdout(text),
          onEvent: (e) => {
            const line = describeEvent(e);
            if (line) stderr(line);
          },
        },
        runIo,
      );
      // --json: the RunResult itself (the schema in contracts/run-case/result.ts), with `ok` first.
      if (json) stdout(JSON.stringify({ ok: outcome.verdict === "kept", ...outcome }, null, 2) + "\n");
      else stdout(summary(outcome));
      if (outcome.error) {
        // Worded for the command line: the variable the key came from and whether one was sent.
        stderr(`${describeEndpointError(outcome.error, { surface: "cli", apiKeyEnv: keyEnv ?? "OPENAI_API_KEY", apiKeySent: apiKey !== undefined })}\n`);
        return EXIT.endpoint;
      }
      return outcome.verdict === "kept" ? EXIT.ok : EXIT.failed;
    },
  };
}

export const runCommand = createRunCommand(() => {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    signal: controller.signal,
  };
});
