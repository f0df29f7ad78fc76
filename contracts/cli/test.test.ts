/**
 * `contract test` and `contract merge-reports` against the test server: in-process for most
 * (fast), as the built bin for the exit codes and the key. The contracts use the test server's
 * echo model with a sections output, so which cases pass is decided by each case's text: a
 * case passes when its ticket has every heading the contract requires.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../e2e/server/test-server.ts";
import { parseContract } from "../parse.ts";
import { parseReport, TestReportSchema, type TestReport } from "../reports/report.ts";
import { mergeReports } from "../reports/merge.ts";
import { gateReport } from "../reports/gate.ts";
import { summaryText } from "../reports/summary-text.ts";
import { moveLabel, publishVersion } from "../versions/publish.ts";
import { cliCommand, CLI_ROOT } from "./cli-process.ts";
import { createTestCommand } from "./test.ts";
import { evaluate } from "./test-command.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const tmp = mkdtempSync(join(tmpdir(), "contract-test-"));
let n = 0;
const fresh = (name: string) => {
  const dir = join(tmp, `${name}-${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const FULL = "## Summary\nThe app crashes.\n## Details\nOn start.";
const SUMMARY_ONLY = "## Summary\nThe app crashes.";

interface CaseSpec {
  id: string;
  ticket: string;
  tags?: string[];
  split?: string;
}
function body(id: string, headings: string[], cases: CaseSpec[]) {
  return {
    format: "contract-studio/contract@1",
    id,
    name: id,
    policy: { role: "You summarise tickets." },
    task: { instruction: "{{ticket}}" },
    variables: [{ name: "ticket", type: "string" }],
    output: { kind: "sections", sections: headings.map((heading) => ({ heading })) },
    tests: cases.map((c) => ({ id: c.id, variables: { ticket: c.ticket }, ...(c.tags ? { tags: c.tags } : {}), ...(c.split ? { split: c.split } : {}) })),
  };
}
function write(dir: string, name: string, value: unknown): string {
  const path = join(dir, `${name}.contract.json`);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}
const tenCases = (ticket: (i: number) => string, tags: (i: number) => string[] = () => []) =>
  Array.from({ length: 10 }, (_, i) => ({ id: `case-${i}`, ticket: ticket(i), tags: tags(i) }));

/** A file with version 1.0.0 (requiring `before`, labelled production) and a draft requiring `after`. */
function withHistory(dir: string, name: string, before: string[], after: string[], cases: CaseSpec[]): string {
  const parsed = parseContract(JSON.stringify(body(name, before, cases)));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const v1 = publishVersion(parsed.value, { message: "first", now: "2026-01-01T00:00:00Z" });
  if (!v1.ok) throw new Error(JSON.stringify(v1.errors));
  const labelled = moveLabel(v1.value, "production", "1.0.0", { now: "2026-01-01T00:00:00Z" });
  if (!labelled.ok) throw new Error(JSON.stringify(labelled.errors));
  const draft = { ...labelled.value, output: { kind: "sections", sections: after.map((heading) => ({ heading })) } };
  return write(dir, name, draft);
}

async function test(args: string[], options: { env?: Record<string, string>; isTTY?: boolean; cwd?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const command = createTestCommand(() => ({
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    evaluate,
    cwd: options.cwd,
  }));
  const code = await command.run(args);
  return { code, stdout, stderr };
}
const endpoint = () => ["--endpoint", `${server.url}/v1`];
const readReport = (path: string): TestReport => {
  const r = parseReport(readFileSync(path, "utf8"));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.report;
};

/** The parts of the DOM these tests read (contracts/ is type-checked without the DOM library). */
interface XmlElement {
  tagName: string;
  textContent: string | null;
  parentElement: XmlElement | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}
interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}
type Jsdom = new (html: string) => { window: { DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument } } };
// jsdom (already a dev dependency, for the app's tests) ships no types; its XML parser is saxes, which is strict.
const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: Jsdom };

/** Parses with a real, strict XML parser (jsdom's DOMParser: saxes underneath). */
function parseXml(text: string): XmlDocument {
  const { DOMParser } = new JSDOM("").window;
  const doc = new DOMParser().parseFromString(text, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
  return doc;
}

describe("contract test: exit codes", () => {
  it("0 when every case passes, with the summary table and a plain line per cell when not a terminal", async () => {
    const dir = fresh("pass");
    const file = write(
      dir,
      "pass",
      body(
        "pass",
        ["Summary"],
        tenCases(() => SUMMARY_ONLY),
      ),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--no-cache", "--input-price", "1", "--output-price", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/target · model\s+split\s+cases\s+pass rate \[95% CI\]\s+schema\s+refusal\s+idk\s+errors\s+p50\s+p95\s+tokens\s+cost/);
    expect(r.stdout).toMatch(/draft · test-echo\s+dev\s+10\s+100% \[72%–100%\] \(10\/10\)\s+100%\s+0%\s+0%\s+0\s+\d+ ms\s+\d+ ms\s+\d+\s+\$/);
    expect(r.stdout).toContain("PASS: every check held");
    expect(r.stderr.split("\n").filter((l) => /^\[\d+\/10\] pass case-\d · draft · test-echo/.test(l))).toHaveLength(10);
  });

  it("counts refusals and 'I don't know' answers in the table", async () => {
    const dir = fresh("rates");
    const file = write(dir, "rates", {
      ...body(
        "rates",
        [],
        tenCases(() => "a question"),
      ),
      output: { kind: "text" },
    });
    const refused = await test([file, ...endpoint(), "--model", "test-refusal", "--no-cache"]);
    expect(refused.stdout).toMatch(/draft · test-refusal\s+dev\s+10\s+\S+ \[[^\]]+\] \(\d+\/10\)\s+\S+\s+100%\s+0%/);
    const idk = await test([file, ...endpoint(), "--model", "test-idk", "--no-cache"]);
    expect(idk.stdout).toMatch(/draft · test-idk\s+dev\s+10\s+\S+ \[[^\]]+\] \(\d+\/10\)\s+\S+\s+0%\s+100%/);
  });

  it("rewrites one progress line on a terminal", async () => {
    const dir = fresh("tty");
    const file = write(
      dir,
      "tty",
      body(
        "tty",
        ["Summary"],
        tenCases(() => SUMMARY_ONLY),
      ),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--no-cache"], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r.*tty\.contract\.json: 10\/10 · 10 passed, 0 failed, 0 errors\s*\n$/);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("1 when a check fails, listing each failure with its reason", async () => {
    const dir = fresh("fail");
    const file = write(
      dir,
      "fail",
      body(
        "fail",
        ["Summary", "Details"],
        [
          { id: "good", ticket: FULL },
          { id: "bad", ticket: SUMMARY_ONLY },
        ],
      ),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--no-cache"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {4}bad: The answer has every required section \(missing "## Details"\)$/m);
    expect(r.stdout).not.toMatch(/^\s+good:/m);
    expect(r.stdout).toContain("FAIL: 1 cell failed");
  });

  it.each([
    [["--model", "test-echo"], /missing FILE_OR_GLOB/],
    [["x.contract.json", "--model", "m"], /missing --endpoint URL/],
    [["x.contract.json", "--endpoint", "http://h/v1", "--api-key", "sk-1"], /--api-key is not accepted/],
    [["x.contract.json", "--endpoint", "http://h/v1", "--shard", "3/2"], /--shard 3\/2: expected i\/n/],
    [["x.contract.json", "--endpoint", "http://h/v1", "--repeat", "0"], /--repeat 0: expected a whole number from 1 to 1000/],
    [["x.contract.json", "--endpoint", "ftp://h"], /must be an http:\/\/ or https:\/\/ address/],
    [["x.contract.json", "--endpoint", "http://h/v1", "--version", "1.0.0", "--label", "production"], /--version or --label, not both/],
    [["x.contract.json", "--endpoint", "http://h/v1", "--frobnicate"], /unknown option --frobnicate/],
  ])("2 for a usage error: %j", async (args, message) => {
    const r = await test(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("2 for an invalid or missing file, a glob that matches nothing, an unknown version or case", async () => {
    const dir = fresh("invalid");
    const broken = write(dir, "broken", { format: "contract-studio/contract@1", id: "broken" });
    const good = write(dir, "good", body("good", ["Summary"], [{ id: "a", ticket: SUMMARY_ONLY }]));
    let r = await test([good, broken, ...endpoint(), "--model", "test-echo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("broken.contract.json: ");
    expect(r.stdout).toBe("");
    r = await test([join(dir, "nothing.contract.json"), ...endpoint(), "--model", "test-echo"]);
    expect([r.code, r.stderr]).toEqual([2, `${join(dir, "nothing.contract.json")}: no such file\n`]);
    r = await test([join(dir, "**/*.nope.json"), ...endpoint(), "--model", "test-echo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no file matches");
    r = await test([good, ...endpoint(), "--model", "test-echo", "--version", "9.9.9"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no version 9.9.9 is published");
    r = await test([good, ...endpoint(), "--model", "test-echo", "--case", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no test case has the id, name or tag nope");
  });

  it("3 for an endpoint or network error, with the endpoint's error explained", async () => {
    const dir = fresh("down");
    const file = write(dir, "down", body("down", ["Summary"], [{ id: "a", ticket: SUMMARY_ONLY }]));
    let r = await test([file, ...endpoint(), "--model", "test-500", "--retries", "0", "--no-cache"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/FAIL: 1 cell ended with an endpoint or network error/);
    expect(r.stderr).toContain("The endpoint had an error");
    r = await test([file, "--endpoint", "http://127.0.0.1:1/v1", "--model", "m", "--retries", "0", "--no-cache"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("Could not reach the endpoint");
  });
});

describe("contract test: reports", () => {
  it("writes JUnit XML a strict XML parser reads, with counts that match the cells", async () => {
    const dir = fresh("junit");
    const file = write(
      dir,
      "junit",
      body(
        "junit",
        ["Summary", "Details"],
        [
          { id: "ok-1", ticket: FULL },
          { id: "ok-2", ticket: FULL },
          { id: "bad.1", ticket: `${SUMMARY_ONLY} <&> "quoted" \u0001` },
        ],
      ),
    );
    const xml = join(dir, "out", "junit.xml");
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--model", "test-500", "--retries", "0", "--no-cache", "--junit", xml]);
    expect(r.code).toBe(3);
    const doc = parseXml(readFileSync(xml, "utf8"));
    const root = doc.documentElement;
    expect(root.tagName).toBe("testsuites");
    const suites = [...root.getElementsByTagName("testsuite")];
    expect(suites).toHaveLength(2);
    let tests = 0;
    let failures = 0;
    let errors = 0;
    for (const s of suites) {
      const cases = [...s.getElementsByTagName("testcase")];
      expect(Number(s.getAttribute("tests"))).toBe(cases.length);
      expect(Number(s.getAttribute("failures"))).toBe(cases.filter((c) => c.getElementsByTagName("failure").length).length);
      expect(Number(s.getAttribute("errors"))).toBe(cases.filter((c) => c.getElementsByTagName("error").length).length);
      tests += cases.length;
      failures += Number(s.getAttribute("failures"));
      errors += Number(s.getAttribute("errors"));
    }
    expect([Number(root.getAttribute("tests")), Number(root.getAttribute("failures")), Number(root.getAttribute("errors"))]).toEqual([tests, failures, errors]);
    expect([tests, failures, errors]).toEqual([6, 1, 3]);
    const echo = suites.find((s) => s.getAttribute("name")!.includes("test-echo"))!;
    const failure = echo.getElementsByTagName("failure")[0]!;
    expect(failure.parentElement!.getAttribute("name")).toBe("bad.1");
    expect(failure.getAttribute("message")).toContain('(missing "## Details")');
  });

  it("writes a JSON report that round-trips through its zod schema", async () => {
    const dir = fresh("json");
    const file = write(
      dir,
      "json",
      body(
        "json",
        ["Summary"],
        tenCases((i) => (i < 8 ? SUMMARY_ONLY : "no headings")),
      ),
    );
    const out = join(dir, "report.json");
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--no-cache", "--json", out, "--repeat", "2"]);
    expect(r.code).toBe(1);
    const text = readFileSync(out, "utf8");
    const report = readReport(out);
    expect(TestReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(report.suites[0]!.results).toHaveLength(20);
    expect(report.suites[0]!.results.filter((x) => !x.passed)).toHaveLength(4);
    // The report alone gives the same summary and exit code as the run.
    const gate = gateReport(report);
    expect(gate.exitCode).toBe(1);
    expect(summaryText(report, gate)).toBe(r.stdout);
    expect(parseReport('{"format":"contract-studio/test-report@9"}')).toMatchObject({ ok: false, errors: [{ path: "format" }] });
    expect(parseReport("{}")).toMatchObject({ ok: false });
  });
});

describe("contract test: the response cache folder", () => {
  it("keeps one file per request hash, answers a second run from it, and never caches an error", async () => {
    const dir = fresh("cache");
    const cache = join(dir, "cache");
    const file = write(
      dir,
      "cache",
      body(
        "cache",
        ["Summary"],
        [0, 1, 2].map((i) => ({ id: `c${i}`, ticket: `${SUMMARY_ONLY}\n${i}` })),
      ),
    );
    const first = await test([file, ...endpoint(), "--model", "test-echo", "--cache-dir", cache, "--json", join(dir, "1.json")]);
    expect(first.code).toBe(0);
    const files = readdirSync(cache);
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^[0-9a-f]{64}\.json$/.test(f))).toBe(true);
    const second = await test([file, ...endpoint(), "--model", "test-echo", "--cache-dir", cache, "--json", join(dir, "2.json")]);
    expect(second.code).toBe(0);
    expect(second.stderr.split("\n").filter((l) => l.endsWith("(cached)"))).toHaveLength(3);
    expect(readReport(join(dir, "2.json")).suites[0]!.results.every((r) => r.cached)).toBe(true);
    const noCache = await test([file, ...endpoint(), "--model", "test-echo", "--no-cache", "--json", join(dir, "3.json")]);
    expect(readReport(join(dir, "3.json")).suites[0]!.results.some((r) => r.cached)).toBe(false);
    expect(noCache.code).toBe(0);
    const failing = await test([file, ...endpoint(), "--model", "test-500", "--retries", "0", "--cache-dir", cache]);
    expect(failing.code).toBe(3);
    expect(readdirSync(cache)).toHaveLength(3);
  });
});

describe("contract test: globs and folders", () => {
  it("takes a glob with ** and a folder", async () => {
    const dir = fresh("glob");
    mkdirSync(join(dir, "a", "deep"), { recursive: true });
    write(join(dir, "a"), "one", body("one", ["Summary"], [{ id: "x", ticket: SUMMARY_ONLY }]));
    write(join(dir, "a", "deep"), "two", body("two", ["Summary"], [{ id: "x", ticket: SUMMARY_ONLY }]));
    writeFileSync(join(dir, "a", "notes.json"), "{}");
    const r = await test(["a/**/*.contract.json", ...endpoint(), "--model", "test-echo", "--no-cache"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("a/one.contract.json (one)");
    expect(r.stdout).toContain("a/deep/two.contract.json (two)");
    const f = await test([join(dir, "a"), ...endpoint(), "--model", "test-echo", "--no-cache"]);
    expect(f.code).toBe(0);
    expect(f.stdout.match(/\.contract\.json \((one|two)\)/g)).toHaveLength(2);
  });
});

describe("contract test: shards and merge-reports", () => {
  it("--shard 1/2 and 2/2 cover every cell exactly once and merge to the result of one run", async () => {
    const dir = fresh("shard");
    const file = write(
      dir,
      "shard",
      body(
        "shard",
        ["Summary", "Details"],
        Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, ticket: `${i % 3 ? FULL : SUMMARY_ONLY}\nticket ${i}` })),
      ),
    );
    const cache = join(dir, "cache");
    const common = [file, ...endpoint(), "--model", "test-echo", "--model", "test-model", "--cache-dir", cache];
    // One run first: it fills the cache, so the shards answer from it with the same timings.
    const one = await test([...common, "--json", join(dir, "one.json")]);
    const s1 = await test([...common, "--shard", "1/2", "--json", join(dir, "s1.report.json")]);
    const s2 = await test([...common, "--shard", "2/2", "--json", join(dir, "s2.report.json")]);
    const [rOne, r1, r2] = ["one.json", "s1.report.json", "s2.report.json"].map((f) => readReport(join(dir, f)));
    const ids = (rep: TestReport) => rep.suites[0]!.results.map((x) => x.cellId);
    expect(ids(r1!).length).toBeGreaterThan(0);
    expect(ids(r2!).length).toBeGreaterThan(0);
    expect(ids(r1!).filter((id) => ids(r2!).includes(id))).toEqual([]);
    expect([...ids(r1!), ...ids(r2!)].sort()).toEqual([...ids(rOne!)].sort());
    expect(ids(rOne!)).toHaveLength(24);
    expect(r1!.suites[0]!.results.every((x) => x.cached)).toBe(true);
    expect([one.code, s1.code === 1 || s2.code === 1]).toEqual([1, true]);

    const merged = mergeReports([r2!, r1!], { tool: "t", now: "2026-01-01T00:00:00.000Z" });
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    const strip = (rep: TestReport) =>
      rep.suites.map((s) => ({
        ...s,
        results: s.results.map((x) => ({ ...x, cached: false, finishedAt: 0, run: x.run && { ...x.run, timings: { ...x.run.timings, startedAt: 0 } } })),
      }));
    expect(strip(merged.report)).toEqual(strip(rOne!));
    expect(gateReport(merged.report).exitCode).toBe(1);

    // The command: same summary and exit code as the single run.
    const exec = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        ...cliCommand(["merge-reports", join(dir, "s?.report.json"), "--json", join(dir, "all.json"), "--junit", join(dir, "all.xml")]),
        { cwd: CLI_ROOT },
        (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(exec.stderr, exec.stderr).toBe("");
    expect(exec.code).toBe(1);
    expect(exec.stdout).toBe(one.stdout);
    expect(readReport(join(dir, "all.json")).suites[0]!.results).toHaveLength(24);
    expect(Number(parseXml(readFileSync(join(dir, "all.xml"), "utf8")).documentElement.getAttribute("tests"))).toBe(24);

    // A missing shard: not complete, exit 2.
    const partial = await new Promise<{ code: number; stderr: string }>((done) =>
      execFile(...cliCommand(["merge-reports", join(dir, "s1.report.json")]), { cwd: CLI_ROOT }, (error, _o, stderr) =>
        done({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/cells have no result \(shards 1 of 2 given\)/);
  });
});

describe("contract test --baseline", () => {
  it("fails on a planted regression the paired test calls significant", async () => {
    const dir = fresh("regress");
    // Every case has Summary, none has Missing: 10 regressions, McNemar p = 0.002.
    const file = withHistory(
      dir,
      "regress",
      ["Summary"],
      ["Summary", "Missing"],
      tenCases(() => SUMMARY_ONLY),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--baseline", "production", "--no-cache"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/against production \(1\.0\.0\): worse \(−100 points, p = 0\.002\); 10 regressions, 0 fixes over 10 paired cases/);
    expect(r.stdout).toContain("FAIL: a significant regression against the baseline");
  });

  it("passes on noise: one case that got worse is not significant", async () => {
    const dir = fresh("noise");
    const file = withHistory(
      dir,
      "noise",
      ["Summary"],
      ["Summary", "Details"],
      tenCases((i) => (i === 3 ? SUMMARY_ONLY : FULL)),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--baseline", "1.0.0", "--no-cache"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/against 1\.0\.0: no detectable difference with 10 cases/);
    expect(r.stdout).toMatch(/^ {4}case-3: .*\(missing "## Details"\)$/m);
    expect(r.stdout).toContain("PASS: 1 cell failed, but none is must-pass and no regression against the baseline is significant");
  });

  it("fails when a must-pass case fails, even without a significant regression", async () => {
    const dir = fresh("must");
    const file = withHistory(
      dir,
      "must",
      ["Summary"],
      ["Summary", "Details"],
      tenCases(
        (i) => (i === 3 ? SUMMARY_ONLY : FULL),
        (i) => (i === 3 ? ["must-pass"] : []),
      ),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--baseline", "production", "--no-cache"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[must-pass] case-3:");
    expect(r.stdout).toContain("FAIL: 1 must-pass cell failed");
  });

  it("runs a labelled version with --label and a case filter by tag", async () => {
    const dir = fresh("label");
    const file = withHistory(
      dir,
      "label",
      ["Summary"],
      ["Summary", "Missing"],
      tenCases(
        () => SUMMARY_ONLY,
        (i) => (i < 2 ? ["billing"] : []),
      ),
    );
    const r = await test([file, ...endpoint(), "--model", "test-echo", "--label", "production", "--case", "billing", "--no-cache"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/production \(1\.0\.0\) · test-echo\s+dev\s+2\s+100%/);
  });
});

describe("the API key", () => {
  it("is sent, and never printed nor written to a report or the cache", async () => {
    const dir = fresh("key");
    const file = write(
      dir,
      "key",
      body(
        "key",
        ["Summary"],
        [
          { id: "a", ticket: SUMMARY_ONLY },
          { id: "b", ticket: "none" },
        ],
      ),
    );
    const KEY = "sk-test-DO-NOT-LEAK-4f9a2c";
    const run = (model: string, extra: string[] = []) =>
      new Promise<{ code: number; out: string }>((done) =>
        execFile(
          ...cliCommand([
            "test",
            file,
            ...endpoint(),
            "--model",
            model,
            "--retries",
            "0",
            "--cache-dir",
            join(dir, "cache"),
            "--json",
            join(dir, `${model}.json`),
            "--junit",
            join(dir, `${model}.xml`),
            ...extra,
          ]),
          { cwd: dir, env: { ...process.env, MY_KEY: KEY, OPENAI_API_KEY: "" } },
          (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
        ),
      );
    const a = await run("test-echo", ["--api-key-env", "MY_KEY"]);
    expect(a.code).toBe(1);
    const b = await run("test-401", ["--api-key-env", "MY_KEY"]);
    expect(b.code).toBe(3);
    expect(b.out).toContain("MY_KEY");
    for (const out of [a.out, b.out]) expect(out).not.toContain(KEY);
    const files = [...readdirSync(dir), ...readdirSync(join(dir, "cache")).map((f) => `cache/${f}`)].filter((f) => /\.(json|xml)$/.test(f));
    expect(files.filter((f) => f.startsWith("cache/")).length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(dir, f), "utf8")).not.toContain(KEY);
  });
});
