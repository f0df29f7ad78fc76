/**
 * The compiler enforces where code may run (tsconfig.json explains the layers). These tests prove
 * the configs do what they claim: a probe file that touches the DOM or Node is compiled in memory
 * with a layer's options and must get "Cannot find name"; a probe that uses only what every
 * runtime has must compile clean (so the failures are for the right reason); and every source
 * file belongs to some layer, so a new folder cannot slip past `tsc -b` unchecked.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

function parseConfig(name: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, name), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`${name} could not be read`);
  expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  return parsed;
}

// Parsed lib and package .d.ts files, shared by every probe: parsing lib.dom.d.ts is most of a probe's cost.
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/** Type-checks one in-memory file, placed at `at` inside the repo, with a layer's options; returns its messages. */
function checkProbe(config: ts.ParsedCommandLine, at: string, source: string): string[] {
  const probePath = join(ROOT, at);
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, ...rest) => {
    if (resolve(file) === probePath) return ts.createSourceFile(file, source, lang);
    const key = `${file}\0${JSON.stringify(lang)}`;
    if (!parsedFiles.has(key)) parsedFiles.set(key, getSourceFile(file, lang, ...rest));
    return parsedFiles.get(key);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === probePath || fileExists(file);
  const program = ts.createProgram({ rootNames: [probePath], options: config.options, host });
  const probe = program.getSourceFile(probePath)!;
  return [...program.getSyntacticDiagnostics(probe), ...program.getSemanticDiagnostics(probe)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

const LAYERS = ["tsconfig.contracts.json", "tsconfig.app.json", "tsconfig.node.json", "tsconfig.e2e.json"];

describe("layer tsconfigs", () => {
  const contracts = parseConfig("tsconfig.contracts.json");
  const app = parseConfig("tsconfig.app.json");

  it("contracts/ outside cli/ cannot name document, window or process", () => {
    const messages = checkProbe(
      contracts,
      "contracts/__layer-probe__.ts",
      "export const title = document.title;\nexport const name = window.name;\nexport const env = process.env;\n",
    );
    for (const name of ["document", "window", "process"])
      expect(
        messages.some((m) => m.includes(`Cannot find name '${name}'`)),
        `${name}: ${messages.join(" | ")}`,
      ).toBe(true);
    expect(messages).toHaveLength(3);
  });

  it("contracts/ can use what a browser, a worker and Node all have", () => {
    const messages = checkProbe(
      contracts,
      "contracts/__layer-probe__.ts",
      [
        "export const bytes = new TextEncoder().encode('x');",
        "export const get = (url: string, signal: AbortSignal) => fetch(url, { signal });",
        "export const later = (f: () => void) => setTimeout(f, 1);",
        "export const id = () => crypto.randomUUID();",
        "export const body = (s: ReadableStream<Uint8Array>) => s.getReader();",
      ].join("\n"),
    );
    expect(messages).toEqual([]);
  });

  it("app/ and components/ see the DOM but not Node", () => {
    const messages = checkProbe(app, "app/__layer-probe__.ts", "export const t = document.title;\nexport const env = process.env;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Cannot find name 'process'");
  });

  it("the contracts layer covers the domain and leaves the CLI and the tests to Node", () => {
    const files = contracts.fileNames.map((f) => relative(ROOT, f).replace(/\\/g, "/"));
    expect(files).toContain("contracts/index.ts");
    expect(files.filter((f) => f.startsWith("contracts/cli/") || /\.test\.ts$/.test(f))).toEqual([]);
  });

  it("tsc -b checks every layer, and every source file is in one", () => {
    const solution = parseConfig("tsconfig.json");
    expect(solution.projectReferences?.map((r) => relative(ROOT, r.path)).sort()).toEqual([...LAYERS].sort());
    const covered = new Set(LAYERS.flatMap((l) => parseConfig(l).fileNames.map((f) => relative(ROOT, f).replace(/\\/g, "/"))));
    const all = ["app", "components", "contracts", "e2e", "bench", "scripts", "server"].flatMap(sourceFiles);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
  });
});
