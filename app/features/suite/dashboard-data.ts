/**
 * The behaviour dashboard as data: every stored run (Run tab) and suite cell of a contract,
 * made into one observation each, then grouped by version or by model. Pure and linear in the
 * number of observations (10,000 of them group in a few milliseconds).
 *
 * Refusal and "I don't know" use the evaluation's own heuristics (contracts/eval/heuristics.ts)
 * in the contract's refusal style and unknown answer: a suite cell was classified when it was
 * stored, in the policy of the body that ran (its summary's flags, as the comparison and the
 * CLI judge it); a run record here, in the policy the caller passes (the open contract's).
 */
import { detectRefusal, detectUnknown } from "../../../contracts/eval/heuristics.ts";
import type { CellSummary } from "../../../contracts/eval/suite/cell-summary.ts";
import { percentiles, wilson } from "../../../contracts/eval/stats.ts";
import type { RunRecord } from "../../persistence/run-history.ts";
import type { DashboardRow } from "../../../components/suite/dashboard-view.tsx";
import { TOOL_ERROR_ASSERTIONS, toolFactsOfCalls, toolFactsOfCell, toolRates, type ToolFacts } from "../../../contracts/eval/tool-rates.ts";

export type { DashboardRow };

export interface Observation {
  /** "1.2.0", or "draft abc1234" for an unpublished body. */
  version: string;
  model: string;
  /** The endpoint answered (status ok). */
  answered: boolean;
  /** Every check held; null when nothing was checked (a plain run of a text contract). */
  passed: boolean | null;
  /** The answer kept the output contract; null when not checked. */
  schemaKept: boolean | null;
  refusal: boolean;
  idk: boolean;
  latencyMs: number | null;
  tokens: number | null;
  costUsd: number | null;
  /** Tool calls and bad calls (eval/tool-rates.ts); null when the request had no tools. */
  tools?: ToolFacts | null;
}

export type VersionOf = (contractHash: string) => string | null;
const versionName = (hash: string, versionOf: VersionOf) => versionOf(hash) ?? `draft ${hash.slice(0, 7)}`;

/** The policy texts the heuristics check against (Policy's fields of those names). */
export interface PolicyStyle {
  refusalStyle?: string;
  unknownAnswer?: string;
}

export function fromRunRecord(r: RunRecord, versionOf: VersionOf, policy: PolicyStyle = {}): Observation {
  const answered = r.status === "ok";
  const kept = r.verdict === "kept" ? true : r.verdict === "broken" ? false : null;
  const text = r.response ?? "";
  return {
    version: r.contractVersion ?? versionName(r.contractHash, versionOf),
    model: r.model,
    answered,
    passed: answered ? kept : null,
    schemaKept: answered ? kept : null,
    refusal: r.verdict === "refused" || detectRefusal({ text, refusalStyle: policy.refusalStyle ?? "", modelRefusal: r.refusal }).detected,
    idk: answered && detectUnknown({ text, unknownAnswer: policy.unknownAnswer ?? "" }).detected,
    latencyMs: answered ? r.timings.latencyMs : null,
    tokens: answered ? r.usage.totalTokens : null,
    costUsd: answered ? (r.cost?.totalUsd ?? null) : null,
    // Checked against the tools the request sent; a Run-tab run has no case, so no confirmation step.
    tools:
      answered && r.request?.tools?.length
        ? toolFactsOfCalls(
            r.toolCalls ?? [],
            r.request.tools.map((t) => ({ name: t.function.name, description: "", parameters: t.function.parameters, requiresConfirmation: false })),
          )
        : null,
  };
}

/** A suite cell, from its stored summary (refusal and "I don't know" classified when it was stored). */
export function fromSummary(c: CellSummary, versionOf: VersionOf): Observation {
  const run = c.run;
  const answered = run?.status === "ok";
  return {
    version: versionName(c.contractHash, versionOf),
    model: run?.model || c.model,
    answered,
    passed: answered ? c.passed : null,
    schemaKept: answered && run ? (run.verdict === "kept" ? true : run.verdict === "broken" ? false : null) : null,
    refusal: c.refusal,
    idk: answered && c.idk,
    latencyMs: answered && run ? run.latencyMs : null,
    tokens: answered && run ? run.totalTokens : null,
    costUsd: answered && run ? run.costUsd : null,
    // The implied tool checks are there exactly when the contract that ran declared tools.
    tools: answered
      ? toolFactsOfCell(
          run?.toolCalls,
          c.assertions,
          c.assertions.some((a) => TOOL_ERROR_ASSERTIONS.includes(a.type)),
        )
      : null,
  };
}

export function groupObservations(obs: readonly Observation[], by: "version" | "model"): DashboardRow[] {
  const groups = new Map<string, Observation[]>();
  for (const o of obs) {
    const k = o[by];
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(o);
  }
  const rows: DashboardRow[] = [];
  for (const [key, g] of groups) {
    let answered = 0,
      checked = 0,
      passed = 0,
      schemaChecked = 0,
      kept = 0,
      refusals = 0,
      idks = 0,
      tokens = 0,
      tokenN = 0,
      cost = 0,
      costN = 0;
    const lat: number[] = [];
    for (const o of g) {
      if (o.refusal) refusals++;
      if (!o.answered) continue;
      answered++;
      if (o.passed !== null) {
        checked++;
        if (o.passed) passed++;
      }
      if (o.schemaKept !== null) {
        schemaChecked++;
        if (o.schemaKept) kept++;
      }
      if (o.idk) idks++;
      if (o.latencyMs !== null) lat.push(o.latencyMs);
      if (o.tokens !== null) {
        tokens += o.tokens;
        tokenN++;
      }
      if (o.costUsd !== null) {
        cost += o.costUsd;
        costN++;
      }
    }
    rows.push({
      key,
      count: g.length,
      answered,
      passRate: wilson(passed, checked),
      schemaAdherence: wilson(kept, schemaChecked),
      refusalRate: wilson(refusals, g.length),
      idkRate: wilson(idks, answered),
      errorRate: wilson(g.length - answered, g.length),
      latencyMs: percentiles(lat),
      tokensPerAnswer: tokenN ? tokens / tokenN : null,
      costPerAnswer: costN ? cost / costN : null,
      totalCost: costN ? cost : null,
      ...toolRates(g.map((o) => o.tools)),
    });
  }
  return rows.sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
}
