/**
 * Imports flow one way (STYLE.md): components and app use contracts; contracts uses nothing
 * of theirs and no React, DOM or Node built-ins (so the browser and the CLI share it);
 * components does not import app. This test reads every import and says which one breaks a rule,
 * and finds import cycles among relative imports.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(name)) out.push(rel);
  }
  return out;
}

/** A file's imports; `runtimeOnly` leaves out `import type`, which is erased at build time and cannot form a cycle. */
function importsOf(file: string, runtimeOnly = false): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s(type\s)?[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g))
    if (!(runtimeOnly && m[1])) specs.push((m[2] ?? m[3] ?? m[4])!);
  return specs;
}

function topDir(file: string): string {
  return file.split("/")[0]!;
}

function resolveRelative(from: string, spec: string): string {
  return relative(ROOT, resolve(ROOT, dirname(from), spec)).replace(/\\/g, "/");
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);
// CLI and tests run in Node only; the rest of contracts/ must run in a browser too.
const nodeOnly = (f: string) => f.startsWith("contracts/cli/") || isTest(f);

describe("import boundaries", () => {
  const files = ["contracts", "components", "app"].flatMap((d) => {
    try {
      return sourceFiles(d);
    } catch {
      return [];
    }
  });

  it("contracts/ imports no React, DOM or app code, and Node built-ins only in the CLI and tests", () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => f.startsWith("contracts/"))) {
      for (const spec of importsOf(f)) {
        const target = spec.startsWith(".") ? resolveRelative(f, spec) : spec;
        if (/^(react|react-dom|zustand|monaco-editor|@monaco-editor)/.test(spec)) bad.push(`${f} imports ${spec}`);
        if (target.startsWith("app/") || target.startsWith("components/")) bad.push(`${f} imports ${target}`);
        if (spec.startsWith("node:") && !nodeOnly(f)) bad.push(`${f} imports ${spec} (browser code cannot)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("components/ does not import app/", () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => f.startsWith("components/"))) {
      for (const spec of importsOf(f)) {
        if (spec.startsWith(".") && topDir(resolveRelative(f, spec)) === "app") bad.push(`${f} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map<string, string[]>();
    const known = new Set(files);
    const withExt = (p: string) => [p, `${p}.ts`, `${p}.tsx`, `${p}/index.ts`].find((c) => known.has(c)) ?? p;
    for (const f of files) {
      const deps = importsOf(f, true)
        .filter((s) => s.startsWith(".") && !/\?(worker|url|raw)/.test(s))
        .map((s) => withExt(resolveRelative(f, s)))
        .filter((d) => known.has(d));
      graph.set(f, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (n: string) => {
      if (state.get(n) === "done") return;
      if (state.get(n) === "visiting") {
        cycles.push([...stack.slice(stack.indexOf(n)), n].join(" -> "));
        return;
      }
      state.set(n, "visiting");
      stack.push(n);
      for (const d of graph.get(n) ?? []) visit(d);
      stack.pop();
      state.set(n, "done");
    };
    for (const f of files) visit(f);
    expect(cycles).toEqual([]);
  });
});
