/**
 * `contract test FILE_OR_GLOB... --endpoint URL --model M [...]`: runs contracts' test cases
 * with the app's suite runner (contracts/eval/suite: same plan, cells, cache, limiter) and its
 * assertions, prints a progress line (a line per cell when stderr is not a terminal, as in
 * CI), then a summary table and the failures, writes JSON and JUnit reports, and exits per
 * exit-codes.ts: 0 all pass (or, with --baseline, the gate holds), 1 a check failed, 2 usage
 * or invalid file, 3 endpoint or network error.
 *
 * The core is a factory over its I/O and its evaluator, so tests run it in-process and the
 * evaluator is wired in one place (test-command.ts). The key comes from OPENAI_API_KEY or
 * --api-key-env NAME, is handed to the runner per profile and is never printed or written:
 * reports hold cell results (request bodies and profiles, which have no key field).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeEndpointError } from "../client/errors.ts";
import type { EndpointProfile } from "../client/profile.ts";
import { errorLine } from "../errors.ts";
import { formatMs } from "../format-figures.ts";
import { planSuite, shardCells } from "../eval/suite/plan.ts";
import { runSuite } from "../eval/suite/run.ts";
import type { CellResult, EvaluateFn, ResultStore, SuiteEvent, TargetRef } from "../eval/suite/types.ts";
import { runCase, type RunCaseIo } from "../run-case/run-case.ts";
import type { Contract } from "../schema/contract.ts";
import { isSemver } from "../versions/semver.ts";
import { gateReport } from "../reports/gate.ts";
import { toJunitXml } from "../reports/junit.ts";
import { REPORT_FORMAT, type ReportSuite, type Shard, type TestReport } from "../reports/report.ts";
import { summaryText } from "../reports/summary-text.ts";
import { UsageError, usageMessage } from "./args.ts";
import { endpointFromFlags, ENDPOINT_FLAGS, wholeNumber } from "./endpoint-flags.ts";
import { EXIT } from "./exit-codes.ts";
import { DEFAULT_CACHE_DIR, folderCache } from "./fs-cache.ts";
import { expandFileArgs } from "./glob.ts";
import { writeJsonFile } from "./json-file.ts";
import { ResultSpool, slimResult } from "./report-spool.ts";
import { readContractFile } from "./read-contract.ts";
import { cliVersion } from "./version.ts";

const USAGE = `usage: contract test FILE_OR_GLOB... --endpoint URL --model M [options]
  FILE_OR_GLOB           contract files, folders (every *.contract.json below) or globs
                         such as 'contracts/**/*.contract.json' (quote it to pass it through)
  --endpoint URL         the endpoint's base URL, e.g. http://127.0.0.1:11434/v1
  --model M              a model to run (repeatable: each model is its own column)
  --version X            run published version X instead of the draft
  --label L              run the version label L points at (e.g. production)
  --baseline V_OR_LABEL  compare against this version or label on the same cases: fail only on
                         a significant regression (exact McNemar) or a failing must-pass case
  --split S              only cases of this split (repeatable: dev, holdout, adversarial)
  --case NAME_OR_TAG     only cases with this id, name or tag (repeatable)
  --repeat N             run every case N times (default 1)
  --concurrency N        requests in flight at once (default 4)
  --shard i/n            run the i-th of n stable shares of the cells (merge with merge-reports)
  --json FILE            write the JSON report (contracts/reports/report.ts)
  --junit FILE           write JUnit XML
  --cache-dir DIR        the response cache folder (default ${DEFAULT_CACHE_DIR}/)
  --no-cache             send every request; neither read nor fill the cache
  --api-key-env NAME     read the key from $NAME (default OPENAI_API_KEY; none: no key sent)
  --input-price X, --output-price Y   USD per million tokens (for the cost column)
  --first-byte-timeout MS, --idle-timeout MS, --retries N
`;

export interface TestIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: one progress line rewritten in place; else a plain line per cell. */
  isTTY: boolean;
  /** The assertion evaluator (contracts/eval/evaluate.ts in the built CLI). */
  evaluate: EvaluateFn;
  signal?: AbortSignal;
  /** fetch and clocks for runCase (tests; default the real ones). */
  run?: RunCaseIo;
  cwd?: string;
}

export function parseShard(value: string | undefined): Shard | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${value}: expected i/n with 1 ≤ i ≤ n, e.g. 1/4`);
  return { index, count };
}

/** A version number, or else a label name. */
export function refOf(value: string): TargetRef {
  return isSemver(value) ? { kind: "version", version: value } : { kind: "label", label: value };
}

/** Case ids whose id, name or tags match any of `wanted`. */
function casesMatching(contract: Contract, wanted: readonly string[]): string[] {
  return contract.tests
    .filter((t) => {
      const tags = (t as { tags?: unknown }).tags;
      return wanted.some((w) => t.id === w || t.name === w || (Array.isArray(tags) && tags.includes(w)));
    })
    .map((t) => t.id);
}

/** The run's store: a slim copy of each result in memory, the full one to the spool (when a JSON report is asked for). */
function spoolingStore(spool: ResultSpool | null): ResultStore & { kept: Map<string, CellResult> } {
  const kept = new Map<string, CellResult>();
  return {
    kept,
    get: (id) => Promise.resolve(kept.get(id)),
    put: (r) => {
      kept.set(r.cellId, slimResult(r));
      spool?.add(r);
      return Promise.resolve();
    },
  };
}

/**
 * The progress text: a line per cell for logs, or a single line rewritten on a terminal.
 * Written in batches (every PROGRESS_MS, and at the end): stderr is synchronous on a pipe or a
 * file, and a write per cell cost 10,000 system calls (a second and a half of a 10,000-case
 * run) on a CI log. The terminal line is redrawn at most as often.
 */
const PROGRESS_MS = 100;

function progressReporter(io: TestIo, file: string) {
  let last = "";
  let pending = "";
  let timer: ReturnType<typeof setTimeout> | null = null;
  let drawnAt = -Infinity;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending) io.stderr(pending);
    pending = "";
  };
  const write = (text: string) => {
    pending += text;
    timer ??= setTimeout(flush, PROGRESS_MS);
  };
  return {
    flush,
    onEvent(e: SuiteEvent) {
      if (e.type !== "cell_done" && e.type !== "finished") return;
      const p = e.progress;
      const head = `${p.done}/${p.total}`;
      if (io.isTTY) {
        const now = performance.now();
        if (e.type !== "finished" && now - drawnAt < PROGRESS_MS) return;
        drawnAt = now;
        const eta = p.etaMs === null || p.done === p.total ? "" : `, about ${formatMs(p.etaMs)} left`;
        const line = `${file}: ${head} · ${p.passed} passed, ${p.failed} failed, ${p.errored} errors${p.cached ? `, ${p.cached} cached` : ""}${eta}`;
        io.stderr(`\r${line}${" ".repeat(Math.max(0, last.length - line.length))}`);
        last = line;
        if (e.type === "finished") io.stderr("\n");
        return;
      }
      if (e.type === "finished") return flush();
      const r = e.result;
      const status = r.passed ? "pass" : r.run === null ? "not sent" : r.run.status !== "ok" ? "ERROR" : "FAIL";
      const ms = r.run ? ` ${formatMs(r.run.timings.latencyMs)}` : "";
      write(`[${head}] ${status} ${r.caseId} · ${r.targetId} · ${r.model}${r.repeat ? ` #${r.repeat + 1}` : ""}${ms}${r.cached ? " (cached)" : ""}\n`);
    },
  };
}

async function writeOut(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Writes the reports asked for and prints the summary; returns the gate's exit code. Shared with merge-reports. */
export async function finishReport(
  report: TestReport,
  out: {
    json?: string;
    junit?: string;
    /** What to write as the JSON report when it differs from `report` (results spooled to a file). */
    jsonValue?: unknown | null;
    stdout: (t: string) => void;
    stderr: (t: string) => void;
  },
): Promise<number> {
  const gate = gateReport(report);
  out.stdout(summaryText(report, gate));
  try {
    if (out.json) {
      // Piece by piece: a 10,000-cell report is 50 MB of JSON, too much to hold as one string.
      await mkdir(dirname(out.json), { recursive: true });
      await writeJsonFile(out.json, out.jsonValue ?? report);
    }
    if (out.junit) await writeOut(out.junit, toJunitXml(report));
  } catch (e) {
    out.stderr(`cannot write a report: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.usage;
  }
  return gate.exitCode;
}

export function createTestCommand(io: () => TestIo) {
  return {
    usage: USAGE,
    async run(args: string[]): Promise<number> {
      const ctx = io();
      const { stdout, stderr, env } = ctx;
      let values;
      let patterns: string[];
      let shard: Shard | null;
      let profile: EndpointProfile;
      let apiKey: string | undefined;
      let keyEnv: string | undefined;
      let repeats: number;
      let concurrency: number;
      try {
        const parsed = parseArgs({
          args,
          allowPositionals: true,
          strict: true,
          options: {
            ...ENDPOINT_FLAGS,
            model: { type: "string", multiple: true, default: [] },
            version: { type: "string" },
            label: { type: "string" },
            baseline: { type: "string" },
            split: { type: "string", multiple: true },
            case: { type: "string", multiple: true },
            repeat: { type: "string" },
            concurrency: { type: "string" },
            shard: { type: "string" },
            json: { type: "string" },
            junit: { type: "string" },
            "cache-dir": { type: "string" },
            "no-cache": { type: "boolean", default: false },
          },
        });
        values = parsed.values;
        patterns = parsed.positionals;
        if (!patterns.length) throw new UsageError("missing FILE_OR_GLOB");
        if (!values.endpoint) throw new UsageError("missing --endpoint URL");
        if (values.version !== undefined && values.label !== undefined) throw new UsageError("give --version or --label, not both");
        if (values.version !== undefined && !isSemver(values.version)) throw new UsageError(`--version ${values.version}: expected a version like 1.2.0`);
        if (values["no-cache"] && values["cache-dir"] !== undefined) throw new UsageError("give --cache-dir or --no-cache, not both");
        shard = parseShard(values.shard);
        repeats = wholeNumber(values.repeat, "--repeat", 1, 1000) ?? 1;
        concurrency = wholeNumber(values.concurrency, "--concurrency", 1, 256) ?? 4;
        ({ profile, apiKey, keyEnv } = endpointFromFlags(values, env, true));
      } catch (e) {
        stderr(usageMessage("test", e, USAGE));
        return EXIT.usage;
      }

      // Every file is read and planned before anything is sent: a bad file or flag costs no requests.
      const expanded = await expandFileArgs(patterns, ctx.cwd);
      if (!expanded.ok) {
        stderr(`${expanded.message}\n`);
        return EXIT.usage;
      }
      const candidateRef: TargetRef = values.version
        ? { kind: "version", version: values.version }
        : values.label
          ? { kind: "label", label: values.label }
          : { kind: "draft" };
      const baselineRef = values.baseline === undefined ? null : refOf(values.baseline);
      const models = values.model.length ? values.model : [""];
      const planned = [];
      let bad = false;
      for (const file of expanded.files) {
        const read = await readContractFile(resolve(ctx.cwd ?? ".", file));
        if (read.kind === "unreadable") {
          stderr(`${file}: ${read.message.slice(read.message.lastIndexOf(": ") + 2)}\n`);
          bad = true;
          continue;
        }
        if (read.kind === "invalid") {
          for (const e of read.errors) stderr(`${file}: ${errorLine(e)}\n`);
          bad = true;
          continue;
        }
        const contract = read.contract;
        let caseIds: string[] | undefined;
        if (values.case) {
          caseIds = casesMatching(contract, values.case);
          if (!caseIds.length) {
            stderr(`${file}: no test case has the id, name or tag ${values.case.join(" or ")}\n`);
            bad = true;
            continue;
          }
        }
        const plan = planSuite({
          contract,
          targets: baselineRef ? [candidateRef, baselineRef] : [candidateRef],
          endpoints: models.map((model) => ({ profile, model })),
          caseIds,
          splits: values.split,
          repeats,
          options: { concurrency, bypassCache: values["no-cache"] },
          // A fixed time, so the plan's id (in every cell result) is the same in every shard.
          now: 0,
        });
        if (!plan.ok) {
          for (const e of plan.errors) stderr(`${file}: ${errorLine(e)}\n`);
          bad = true;
          continue;
        }
        const candidate = plan.value.targets[0]!;
        const baseline = baselineRef ? (plan.value.targets[1] ?? null) : null;
        if (baselineRef && !baseline) stderr(`${file}: warning: the baseline ${values.baseline} is the same body as the candidate; nothing to compare\n`);
        planned.push({ file, plan: plan.value, candidate: candidate.id, baseline: baseline?.id ?? null });
      }
      if (bad) return EXIT.usage;

      const cache = values["no-cache"] ? undefined : folderCache(values["cache-dir"] ?? DEFAULT_CACHE_DIR);
      const started = performance.now();
      const suites: ReportSuite[] = [];
      // Full results go to a temporary file as they land and from there into the JSON report.
      const spool = values.json ? await ResultSpool.open() : null;
      try {
        for (const p of planned) {
          const cells = shard ? shardCells(p.plan, shard.index, shard.count) : p.plan.cells;
          const reporter = progressReporter(ctx, p.file);
          let results: CellResult[] = [];
          const store = spoolingStore(spool);
          if (cells.length) {
            const outcome = await runSuite(
              { ...p.plan, createdAt: Date.now(), cells },
              { send: runCase, evaluate: ctx.evaluate, store, cache, io: ctx.run, apiKeys: { [profile.id]: apiKey } },
              { signal: ctx.signal, onEvent: reporter.onEvent, keepResults: false },
            ).finally(reporter.flush);
            results = cells.flatMap((c) => store.kept.get(c.id) ?? []);
            if (outcome.status === "cancelled") stderr(`${p.file}: stopped; ${results.length} of ${cells.length} cells finished\n`);
          } else stderr(`${p.file}: no cells in shard ${shard!.index}/${shard!.count}\n`);
          suites.push({
            file: p.file,
            contractId: p.plan.contractId,
            suiteId: p.plan.id,
            candidate: p.candidate,
            baseline: p.baseline,
            targets: p.plan.targets.map((t) => ({
              id: t.id,
              name: t.name,
              version: t.version,
              contractHash: t.contractHash,
              refusalStyle: t.body.policy.refusalStyle,
              unknownAnswer: t.body.policy.unknownAnswer,
            })),
            endpoints: p.plan.endpoints.map((e) => ({ id: e.id, name: e.name, baseUrl: e.profile.baseUrl, model: e.model })),
            cases: p.plan.cases.map((c) => ({ id: c.id, name: c.name, split: c.split, tags: c.tags })),
            cells: p.plan.cells,
            results,
          });
          // The first endpoint error, worded for the command line (which variable the key came from).
          const failed = results.find((r) => r.run?.error);
          if (failed?.run?.error)
            stderr(
              `${p.file}: ${describeEndpointError(failed.run.error, { surface: "cli", apiKeyEnv: keyEnv ?? "OPENAI_API_KEY", apiKeySent: apiKey !== undefined })}\n`,
            );
        }
        const report: TestReport = {
          format: REPORT_FORMAT,
          tool: cliVersion(),
          createdAt: new Date().toISOString(),
          shards: shard ? [shard] : null,
          wallMs: Math.round(performance.now() - started),
          suites,
        };
        const jsonValue = spool && { ...report, suites: suites.map((s) => ({ ...s, results: spool.results(s.results.map((r) => r.cellId)) })) };
        const code = await finishReport(report, { json: values.json, junit: values.junit, jsonValue, stdout, stderr });
        // Stopped (Ctrl+C): what ran is reported, but a partial run never passes.
        if (ctx.signal?.aborted && code === EXIT.ok) {
          stderr("stopped before every cell ran: not a pass\n");
          return EXIT.failed;
        }
        return code;
      } finally {
        await spool?.close();
      }
    },
  };
}
