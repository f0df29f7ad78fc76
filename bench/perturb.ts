/**
 * Issue 11's perturbation figure: each example contract's cases and their 8 style variants
 * (contracts/eval/perturb) run as a suite against the test server in its own process, judged by
 * the real evaluator (the cases' assertions and those the contract implies). Two models:
 * test-model answers from the output contract only (a style-blind model: variants must behave
 * as their originals, which checks the pipeline) and test-echo repeats the user message (so a
 * variant's style reaches the answer, as with a model that is sensitive to it).
 * Figures per example and model: cases, variants per case, pass rate of the originals and of
 * the variants, cases whose behaviour changes with style.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createEndpointProfile } from "../contracts/client/profile.ts";
import { perturbSuite } from "../contracts/eval/perturb/perturb.ts";
import { robustnessReport, type Rate } from "../contracts/eval/perturb/report.ts";
import { planSuite } from "../contracts/eval/suite/plan.ts";
import { runSuite } from "../contracts/eval/suite/run.ts";
import type { CellResult } from "../contracts/eval/suite/types.ts";
import { parseContract } from "../contracts/parse.ts";
import { runCase } from "../contracts/run-case/run-case.ts";

const EXAMPLES = ["support-triage", "grounded-answer", "meeting-notes"];
const MODELS = ["test-model", "test-echo"];

async function serverProcess(): Promise<{ url: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "e2e/server/start.ts", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the test server exited (${code})`)));
  });
  return { url, close: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))) };
}

const pct = (r: Rate) => (r.rate === null ? "n/a" : `${Math.round(r.rate * 1000) / 10}% (${r.passed}/${r.of})`);

export async function benchPerturb(): Promise<Record<string, number | string>> {
  const server = await serverProcess();
  const out: Record<string, number | string> = {};
  try {
    const profile = createEndpointProfile({ id: "bench", name: "Test server", baseUrl: `${server.url}/v1` });
    for (const id of EXAMPLES) {
      const parsed = parseContract(readFileSync(new URL(`../contracts/examples/${id}.contract.json`, import.meta.url), "utf8"));
      if (!parsed.ok) throw new Error(`${id} does not parse`);
      const suite = perturbSuite(parsed.value);
      for (const model of MODELS) {
        const plan = planSuite({ contract: suite.contract, endpoints: [{ profile, model }], options: { concurrency: 8 } });
        if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
        const cells = new Map<string, CellResult>();
        const run = await runSuite(plan.value, {
          send: runCase,
          store: { get: (k) => Promise.resolve(cells.get(k)), put: (r) => Promise.resolve(void cells.set(r.cellId, r)) },
        });
        const r = robustnessReport(suite, run.results);
        const changedKinds = r.byKind.filter((k) => k.changed).map((k) => `${k.kind} ${k.changed}`);
        out[`${id} · ${model}`] =
          `${r.cases} cases × ${r.variantsPerCase} variants; cases passed: originals ${pct(r.original)}, variants ${pct(r.perturbed)}; ` +
          `checks passed: originals ${pct(r.originalChecks)}, variants ${pct(r.perturbedChecks)}; ` +
          `${r.changed.length} of ${r.cases} cases change with style${changedKinds.length ? ` (${changedKinds.join(", ")})` : ""}`;
      }
    }
    return out;
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchPerturb());
