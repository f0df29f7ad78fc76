/**
 * Importing a production log (issue 11, "production as holdout"): a streaming reader over JSONL
 * chunks that keeps per line only what the figures need, so a 100,000-line log never sits in
 * memory whole. Each line is read (record.ts), matched to the contract (match.ts) and judged as
 * runs are: schema adherence with validateOutput, refusal and "I don't know" with the
 * evaluation's heuristics (eval/heuristics.ts), latency, tokens and cost where the log has them
 * (percentiles and Wilson intervals from eval/stats.ts).
 *
 * Privacy, as with metrics-only endpoint profiles: `keep: "metrics"` keeps no text at all
 * (every record reduced to its figures); `keep: "bodies"` keeps the messages and answer of the
 * first `maxKept` records in memory (the import's own, never persisted by this module), so
 * they can be reviewed and turned into holdout cases (cases.ts).
 */
import { detectRefusal, detectUnknown } from "../eval/heuristics.ts";
import { percentiles, wilson, type Interval, type Percentiles } from "../eval/stats.ts";
import type { Contract } from "../schema/contract.ts";
import { validateOutput } from "../validate-output.ts";
import { LineSplitter, type NumberedLine } from "./lines.ts";
import { createMatcher, verifyMatch, type TrafficMatch } from "./match.ts";
import { readRecord, type TrafficMessage, type TrafficRecord } from "./record.ts";

export type KeepMode = "metrics" | "bodies";

export interface TrafficImportOptions {
  keep?: KeepMode;
  /** Records kept with their bodies (keep "bodies"); default 1000. */
  maxKept?: number;
  /** At most this many malformed lines are listed (all are counted); default 100. */
  maxErrors?: number;
}

/** A malformed line, by its number. */
export interface TrafficLineError {
  line: number;
  message: string;
}

/** What is kept of every record: figures only, no text. */
export interface RecordMetrics {
  line: number;
  model: string | null;
  task: boolean;
  system: boolean;
  /** null: the contract's output is free text (nothing to adhere to). */
  schemaOk: boolean | null;
  refusal: boolean;
  unknown: boolean;
  latencyMs: number | null;
  costUsd: number | null;
  tokens: number | null;
}

/** A record kept with its body (keep "bodies"), to review and turn into a case. */
export interface KeptRecord {
  metrics: RecordMetrics;
  messages: TrafficMessage[];
  answer: string;
  timestamp: string | null;
  match: TrafficMatch;
  /** Assembling the contract with what was extracted gives the logged messages byte for byte. */
  verified: boolean;
  /** The first schema violation, refusal or unknown evidence: why a record stands out. */
  notes: string[];
}

export interface RateFigure {
  count: number;
  of: number;
  rate: number | null;
  interval: Interval | null;
}

export interface TrafficFigures {
  lines: number;
  records: number;
  malformed: number;
  matched: { task: number; system: number; both: number; none: number };
  /** null when the contract's output is free text. */
  adherence: RateFigure | null;
  refusal: RateFigure;
  unknown: RateFigure;
  latencyMs: (Percentiles & { n: number }) | null;
  costUsd: (Percentiles & { n: number; total: number }) | null;
  tokens: (Percentiles & { n: number }) | null;
  models: { model: string; records: number }[];
}

export interface TrafficReport {
  contractId: string;
  keep: KeepMode;
  figures: TrafficFigures;
  errors: TrafficLineError[];
  /** Records kept with their bodies (empty when keep is "metrics"). */
  kept: KeptRecord[];
  /** Bodies not kept because maxKept was reached. */
  notKept: number;
}

const rate = (count: number, of: number): RateFigure => ({ count, of, rate: of ? count / of : null, interval: wilson(count, of) });

function firstError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 120 ? `${m.slice(0, 117)}…` : m;
}

/**
 * The import as a push parser: `push` each text chunk as it is read, then `finish`. Pure: the
 * host reads the file (a browser File's stream in a worker, a Node read stream in the CLI).
 */
export function createTrafficImport(contract: Contract, options: TrafficImportOptions = {}) {
  const keep = options.keep ?? "metrics";
  const maxKept = options.maxKept ?? 1000;
  const maxErrors = options.maxErrors ?? 100;
  const matcher = createMatcher(contract);
  const splitter = new LineSplitter();
  const hasShape = contract.output.kind !== "text";
  const errors: TrafficLineError[] = [];
  const kept: KeptRecord[] = [];
  let malformed = 0;
  let notKept = 0;
  let lines = 0;
  const metrics: RecordMetrics[] = [];

  const judge = (record: TrafficRecord): KeptRecord | RecordMetrics => {
    const match = matcher.match(record.messages);
    const notes: string[] = [];
    let schemaOk: boolean | null = null;
    if (hasShape) {
      const v = validateOutput(contract.output, record.answer, { finishReason: record.finishReason });
      schemaOk = v.ok;
      if (!v.ok && v.violations[0]) notes.push(`${v.violations[0].path}: ${v.violations[0].message}`);
    }
    const refusal = detectRefusal({ text: record.answer, refusalStyle: contract.policy.refusalStyle, modelRefusal: record.refusal });
    const unknown = detectUnknown({ text: record.answer, unknownAnswer: contract.policy.unknownAnswer });
    if (refusal.detected) notes.push(`refusal: ${refusal.evidence}`);
    if (unknown.detected) notes.push(`"I don't know": ${unknown.evidence}`);
    const tokens = record.promptTokens !== null || record.completionTokens !== null ? (record.promptTokens ?? 0) + (record.completionTokens ?? 0) : null;
    const m: RecordMetrics = {
      line: record.line,
      model: record.model,
      task: match.task,
      system: match.system,
      schemaOk,
      refusal: refusal.detected,
      unknown: unknown.detected,
      latencyMs: record.latencyMs,
      costUsd: record.costUsd,
      tokens,
    };
    if (keep !== "bodies") return m;
    if (kept.length >= maxKept) {
      notKept++;
      return m;
    }
    return {
      metrics: m,
      messages: record.messages,
      answer: record.answer,
      timestamp: record.timestamp,
      match,
      verified: verifyMatch(contract, record.messages, match),
      notes,
    };
  };

  const line = ({ number, text }: NumberedLine) => {
    lines = number;
    if (!text.trim()) return; // blank lines (a trailing newline, a separator) are not records
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      malformed++;
      if (errors.length < maxErrors) errors.push({ line: number, message: `not valid JSON (${firstError(e)})` });
      return;
    }
    const read = readRecord(value, number);
    if (!read.ok) {
      malformed++;
      if (errors.length < maxErrors) errors.push({ line: number, message: read.message });
      return;
    }
    const judged = judge(read.record);
    if ("messages" in judged) {
      kept.push(judged);
      metrics.push(judged.metrics);
    } else metrics.push(judged);
  };

  return {
    push(chunk: string): void {
      for (const l of splitter.push(chunk)) line(l);
    },
    /** Lines read so far (progress). */
    get lines(): number {
      return lines;
    },
    finish(): TrafficReport {
      for (const l of splitter.end()) line(l);
      return { contractId: contract.id, keep, figures: trafficFigures(metrics, lines, malformed, hasShape), errors, kept, notKept };
    },
  };
}

/** The behaviour figures over the records' metrics (also what the report shows for a filtered pick). */
export function trafficFigures(metrics: readonly RecordMetrics[], lines: number, malformed: number, hasShape: boolean): TrafficFigures {
  const n = metrics.length;
  let task = 0;
  let system = 0;
  let both = 0;
  let none = 0;
  let adherent = 0;
  let refusals = 0;
  let unknowns = 0;
  const latency: number[] = [];
  const cost: number[] = [];
  const tokens: number[] = [];
  const models = new Map<string, number>();
  for (const m of metrics) {
    if (m.task) task++;
    if (m.system) system++;
    if (m.task && m.system) both++;
    if (!m.task && !m.system) none++;
    if (m.schemaOk) adherent++;
    if (m.refusal) refusals++;
    if (m.unknown) unknowns++;
    if (m.latencyMs !== null) latency.push(m.latencyMs);
    if (m.costUsd !== null) cost.push(m.costUsd);
    if (m.tokens !== null) tokens.push(m.tokens);
    const model = m.model ?? "(not logged)";
    models.set(model, (models.get(model) ?? 0) + 1);
  }
  return {
    lines,
    records: n,
    malformed,
    matched: { task, system, both, none },
    adherence: hasShape ? rate(adherent, n) : null,
    refusal: rate(refusals, n),
    unknown: rate(unknowns, n),
    latencyMs: latency.length ? { ...percentiles(latency), n: latency.length } : null,
    costUsd: cost.length ? { ...percentiles(cost), n: cost.length, total: cost.reduce((a, b) => a + b, 0) } : null,
    tokens: tokens.length ? { ...percentiles(tokens), n: tokens.length } : null,
    models: [...models].map(([model, records]) => ({ model, records })).sort((a, b) => b.records - a.records),
  };
}

/** Reads a whole stream of text chunks (a Node read stream, a browser ReadableStream's reader as an iterable). */
export async function importTraffic(chunks: AsyncIterable<string>, contract: Contract, options: TrafficImportOptions = {}): Promise<TrafficReport> {
  const imp = createTrafficImport(contract, options);
  for await (const chunk of chunks) imp.push(chunk);
  return imp.finish();
}
