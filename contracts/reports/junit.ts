/**
 * JUnit XML of a test report, in the shape CI systems read (Jenkins, GitLab, GitHub's test
 * reporters): <testsuites> with one <testsuite> per contract file × target × model, one
 * <testcase> per cell (name: the case id, and the repeat when there are repeats), a <failure>
 * for a failed check, an <error> for an endpoint error, and tests/failures/errors/skipped
 * counts on both levels that add up. Times in seconds, from each cell's latency.
 *
 * Baseline cells are included as their own <testsuite> (their failures are the baseline's, not
 * the change's: CI shows them, the exit code is the gate's).
 */
import type { CellResult } from "../eval/suite/types.ts";
import { reasonsOf } from "./gate.ts";
import type { TestReport } from "./report.ts";

/** Escapes text for an attribute or element; drops characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing the control characters XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

function testcase(r: CellResult, className: string, repeats: number): { xml: string; kind: "pass" | "failure" | "error" } {
  const name = repeats > 1 ? `${r.caseId} #${r.repeat + 1}` : r.caseId;
  const time = r.run ? r.run.timings.latencyMs : 0;
  const open = `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(className)}" time="${seconds(time)}"`;
  if (r.passed) return { xml: `${open}/>`, kind: "pass" };
  const reasons = reasonsOf(r);
  const first = reasons[0] ?? "failed";
  const isError = r.run !== null && r.run.status !== "ok";
  const tag = isError ? "error" : "failure";
  const type = isError ? (r.run?.error?.kind ?? "error") : r.notSent ? "not_sent" : "assertion";
  const body = xmlEscape(reasons.join("\n"));
  return { xml: `${open}>\n      <${tag} message="${xmlEscape(first)}" type="${xmlEscape(type)}">${body}</${tag}>\n    </testcase>`, kind: isError ? "error" : "failure" };
}

export function toJunitXml(report: TestReport, name = "contract test"): string {
  const suites: string[] = [];
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const suite of report.suites) {
    const groups = new Map<string, CellResult[]>();
    for (const r of suite.results) {
      const key = JSON.stringify([r.targetId, r.endpointId]);
      // Pushed, not copied: a copy per result made 10,000 cells quadratic.
      const list = groups.get(key);
      if (list) list.push(r);
      else groups.set(key, [r]);
    }
    for (const cells of groups.values()) {
      const { targetId, endpointId } = cells[0]!;
      const target = suite.targets.find((t) => t.id === targetId)?.name ?? targetId;
      const model = suite.endpoints.find((e) => e.id === endpointId)?.model ?? endpointId;
      const role = targetId === suite.baseline ? " (baseline)" : "";
      const suiteName = `${suite.contractId} ${target}${role} · ${model}`;
      const className = `${suite.file}`;
      const repeats = Math.max(...cells.map((c) => c.repeat)) + 1;
      const c: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
      const cases: string[] = [];
      for (const r of cells) {
        const t = testcase(r, className, repeats);
        cases.push(t.xml);
        c.tests++;
        if (t.kind === "failure") c.failures++;
        if (t.kind === "error") c.errors++;
        c.time += r.run ? r.run.timings.latencyMs : 0;
      }
      total.tests += c.tests;
      total.failures += c.failures;
      total.errors += c.errors;
      total.time += c.time;
      suites.push(
        `  <testsuite name="${xmlEscape(suiteName)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="0" time="${seconds(c.time)}" timestamp="${xmlEscape(report.createdAt.replace(/\.\d+Z$/, ""))}">\n${cases.join("\n")}\n  </testsuite>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="0" time="${seconds(report.wallMs)}">\n${suites.join("\n")}${suites.length ? "\n" : ""}</testsuites>\n`;
}
