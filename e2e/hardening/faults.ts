/**
 * Part 4: endpoint faults, through contracts' runCase (what the app's Run and the CLI call)
 * against the real test server (e2e/server) on a free 127.0.0.1 port, with real clocks and
 * sleeps. Each case checks the outcome, the attempts the server saw and the time it took.
 */
import { createEndpointProfile } from "../../contracts/client/profile.ts";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { runCase } from "../../contracts/run-case/run-case.ts";
import type { RunResult } from "../../contracts/run-case/result.ts";
import { startTestServer, type RequestStat, type TestServer } from "../server/test-server.ts";
import { CUT_OFF_MESSAGE } from "../../contracts/validate-output.ts";
import { since, type PartOptions, type Row } from "./figures.ts";

interface Case {
  name: string;
  model: string;
  /** A sentence for the table. */
  figure: (r: RunResult, seen: RequestStat[], ms: number, extra: Record<string, number>) => string;
  /** Null when the case held, else what went wrong. */
  check: (r: RunResult, seen: RequestStat[], ms: number, extra: Record<string, number>) => string | null;
  abortAfterFirstTokenMs?: number;
  idleMs?: number;
}

const CASES: Case[] = [
  {
    name: "429 + Retry-After: 2, twice, then success",
    model: "test-429x2-ra-2",
    check: (r, seen, ms) =>
      r.status !== "ok"
        ? `status ${r.status}`
        : seen.length !== 3 || r.attempts !== 3
          ? `${seen.length} calls seen, ${r.attempts} attempts`
          : r.retries.some((x) => !x.fromRetryAfter || x.delayMs !== 2000)
            ? "a wait was not the Retry-After"
            : ms < 4000
              ? `only ${ms} ms waited`
              : null,
    figure: (r, seen, ms) => `${seen.length} calls, ${r.retries.map((x) => x.delayMs / 1000 + " s").join(" + ")} waited, ok in ${ms} ms`,
  },
  {
    name: "429 + Retry-After: 3600",
    model: "test-429-ra-3600",
    check: (r, seen, ms) =>
      r.error?.kind !== "rate_limited" || r.error.retryAfterMs !== 3_600_000
        ? `error ${r.error?.kind}`
        : !r.error.explanation.includes("3600 s")
          ? `not told: ${r.error.explanation}`
          : seen.length !== 1 || ms > 5000
            ? `${seen.length} calls, ${ms} ms`
            : null,
    figure: (r, seen, ms) => `told "${r.error?.explanation ?? ""}", ${seen.length} call, no wait (${ms} ms)`,
  },
  {
    name: "500 every time",
    model: "test-500",
    check: (r, seen) =>
      r.error?.kind !== "server" ? `error ${r.error?.kind}` : seen.length !== 3 || r.attempts !== 3 ? `${seen.length} calls, ${r.attempts} attempts` : null,
    figure: (r, seen) => `exactly ${seen.length} attempts (${r.attempts} counted), then "${r.error?.title}"`,
  },
  {
    name: "stall after headers and a first chunk",
    model: "test-stall",
    idleMs: 1000,
    check: (r, _s, ms) => (r.error?.kind !== "timeout_idle" ? `error ${r.error?.kind}` : !r.output ? "partial answer lost" : ms > 6000 ? `${ms} ms` : null),
    figure: (r, _s, ms) => `idle timeout (1 s) after ${ms} ms, partial "${r.output}" kept`,
  },
  {
    name: "stream cut (socket destroyed)",
    model: "test-cut",
    check: (r, seen) =>
      r.error?.kind !== "stream_cut"
        ? `error ${r.error?.kind}`
        : !r.output
          ? "partial answer lost"
          : seen.length !== 1
            ? `${seen.length} calls (retried a half answer)`
            : null,
    figure: (r) => `stream_cut, partial "${r.output}" kept, not retried`,
  },
  {
    name: "abort mid-stream",
    model: "test-slow-stream",
    abortAfterFirstTokenMs: 300,
    check: (r, _s, _ms, x) =>
      r.status !== "aborted" ? `status ${r.status}` : !r.output ? "partial answer lost" : !(x.goneMs! <= 100) ? `request gone ${x.goneMs} ms after Stop` : null,
    figure: (r, _s, _ms, x) => `request gone ${x.goneMs} ms after Stop, partial kept (${r.output.length} chars)`,
  },
  {
    name: "context overflow (llama.cpp 400)",
    model: "test-ctx-64",
    check: (r, seen) =>
      r.error?.kind !== "bad_request" || !r.error.contextOverflow ? `error ${r.error?.kind}` : seen.length !== 1 ? `${seen.length} calls (retried)` : null,
    figure: (r) => `"${r.error?.title}", ${r.error?.kind === "bad_request" ? r.error.contextOverflow?.promptTokens : "?"} prompt tokens named, 1 call`,
  },
  {
    name: "finish_reason: length",
    model: "test-length",
    check: (r) =>
      r.status !== "ok" || r.finishReason !== "length"
        ? `status ${r.status}, finish ${r.finishReason}`
        : r.verdict !== "broken" || !r.validation?.violations.some((v) => v.message === CUT_OFF_MESSAGE)
          ? `verdict ${r.verdict}, not said to be cut off`
          : null,
    figure: (r) =>
      `verdict ${r.verdict}: "${r.validation?.ok === false ? (r.validation.violations.map((v) => v.message).join("; ") ?? "") : ""}"`.slice(0, 110),
  },
];

async function stats(server: TestServer): Promise<RequestStat[]> {
  const body = (await (await fetch(`${server.url}/__stats`)).json()) as { requests: RequestStat[] };
  return body.requests.filter((r) => r.path.endsWith("/chat/completions"));
}

export async function runFaults(_options: PartOptions): Promise<Row[]> {
  const server = await startTestServer({ port: 0 });
  const contract = exampleContracts().find((c) => c.output.kind !== "json_schema") ?? exampleContracts()[0]!;
  const rows: Row[] = [];
  try {
    for (const c of CASES) {
      await fetch(`${server.url}/__reset`, { method: "POST" });
      const profile = createEndpointProfile({
        id: "hardening",
        name: "test server",
        baseUrl: `${server.url}/v1`,
        defaultModel: c.model,
        timeouts: { firstByteMs: 10_000, idleMs: c.idleMs ?? 10_000 },
      });
      const controller = new AbortController();
      const extra: Record<string, number> = {};
      let abortAt = 0;
      let armed = false;
      const t0 = performance.now();
      let failure: string | null = null;
      let figure = "";
      try {
        const out = await runCase({
          contract,
          profile,
          model: c.model,
          signal: controller.signal,
          onDelta: () => {
            if (c.abortAfterFirstTokenMs === undefined || armed) return;
            armed = true;
            setTimeout(() => {
              abortAt = Date.now();
              controller.abort();
            }, c.abortAfterFirstTokenMs);
          },
        });
        const ms = since(t0);
        if (!out.ok) throw new Error(out.plan.message);
        // The server notes when the request's socket closed: Stop must end it at once.
        if (c.abortAfterFirstTokenMs !== undefined) await new Promise((r) => setTimeout(r, 200));
        const seen = await stats(server);
        if (abortAt && seen[0]?.totalMs != null) extra.goneMs = Math.max(0, Math.round(seen[0].receivedAt + seen[0].totalMs - abortAt));
        failure = c.check(out.result, seen, ms, extra);
        figure = c.figure(out.result, seen, ms, extra);
      } catch (e) {
        failure = `crash: ${e instanceof Error ? e.message : String(e)}`;
      }
      rows.push({
        part: "4 endpoint faults",
        tried: c.name,
        count: 1,
        failures: failure ? 1 : 0,
        figure: failure ?? figure,
        ms: since(t0),
        samples: failure ? [`${c.name}: ${failure}`] : [],
      });
    }
  } finally {
    await server.close();
  }
  return rows;
}
