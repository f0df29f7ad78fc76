/**
 * Imports flow one way (STYLE.md): components and app use contracts; contracts uses nothing of
 * theirs, no browser-only package and (outside cli/ and tests) no Node built-in, so the browser
 * and the CLI share it; components does not import app; product code never imports the e2e
 * harness. The checker is a pure function over { path, text } so each rule is shown to fire on a
 * small in-memory case before it runs over the real tree; the tree walk fails loudly when a folder
 * is missing or empty, so the check cannot pass by finding nothing. Imports are read with the
 * TypeScript parser (not a regex), so strings and comments that look like imports are ignored.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

interface SourceText {
  /** Repo-relative, forward slashes. */
  path: string;
  text: string;
}

interface Import {
  spec: string;
  /** `import type`, `export type` or an `import("x").T` type: erased at build time. */
  typeOnly: boolean;
}

const parsed = new WeakMap<SourceText, Import[]>();

/** Every module a file names: static and dynamic imports, re-exports, `require`, import types. */
function importsOf(file: SourceText): Import[] {
  const known = parsed.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, file.path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      out.push({ spec: node.moduleSpecifier.text, typeOnly: !!node.importClause?.isTypeOnly });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression))
      out.push({ spec: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal))
      out.push({ spec: node.argument.literal.text, typeOnly: true });
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      out.push({ spec: node.arguments[0].text, typeOnly: false });
    ts.forEachChild(node, visit);
  };
  visit(source);
  parsed.set(file, out);
  return out;
}

const topDir = (path: string) => path.split("/")[0]!;
const resolveRelative = (from: string, spec: string) => join(dirname(from), spec).replace(/\\/g, "/");
/** Where an import points inside the repo, or the bare package name. */
const targetOf = (from: string, spec: string) => (spec.startsWith(".") ? resolveRelative(from, spec) : spec);

const isTest = (f: string) => /\.test\.tsx?$/.test(f);
const inCli = (f: string) => f.startsWith("contracts/cli/");

const NODE_BUILTINS = new Set(builtinModules);
/** `fs`, `fs/promises`, `node:anything`: modules that exist only in Node. */
const isNodeBuiltin = (spec: string) => spec.startsWith("node:") || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split("/")[0]!);

/** Packages that need a DOM, React or the app's browser storage; the domain must run without them. */
const BROWSER_ONLY = ["react", "react-dom", "zustand", "monaco-editor", "@monaco-editor/react", "dompurify", "idb-keyval", "@testing-library/react", "jsdom"];
const isBrowserOnly = (spec: string) =>
  BROWSER_ONLY.some((p) => spec === p || spec.startsWith(`${p}/`)) || spec.startsWith("@monaco-editor/") || /\?(worker|url|raw|inline)$/.test(spec);

const PRODUCT = new Set(["app", "components", "contracts", "server"]);

/** Every import that breaks a boundary rule, as "file imports spec (why)". */
function boundaryViolations(files: SourceText[]): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const f = file.path;
    const dir = topDir(f);
    for (const { spec } of importsOf(file)) {
      const target = targetOf(f, spec);
      const into = spec.startsWith(".") ? topDir(target) : undefined;
      if (dir === "contracts") {
        if (into === "app" || into === "components") bad.push(`${f} imports ${spec} (contracts/ uses nothing of ${into}/)`);
        if (!inCli(f) && isBrowserOnly(spec)) bad.push(`${f} imports ${spec} (a browser-only package; the domain must also run in Node)`);
        if (!inCli(f) && !isTest(f) && isNodeBuiltin(spec)) bad.push(`${f} imports ${spec} (a Node built-in; only contracts/cli/ and tests may)`);
      }
      if (dir === "components" && into === "app") bad.push(`${f} imports ${spec} (components/ does not import app/)`);
      // Tests may start the e2e test server (a real server beats a mock); shipped code may not.
      if (PRODUCT.has(dir) && !isTest(f) && into === "e2e") bad.push(`${f} imports ${spec} (product code does not import the e2e harness)`);
    }
  }
  return bad;
}

/** Cycles among runtime relative imports (`import type` is erased and cannot form one). */
function importCycles(files: SourceText[]): string[] {
  const known = new Set(files.map((f) => f.path));
  const withExt = (p: string) => [p, `${p}.ts`, `${p}.tsx`, `${p}/index.ts`].find((c) => known.has(c)) ?? p;
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps = importsOf(file)
      .filter((i) => !i.typeOnly && i.spec.startsWith(".") && !/\?(worker|url|raw|inline)$/.test(i.spec))
      .map((i) => withExt(resolveRelative(file.path, i.spec)))
      .filter((d) => known.has(d));
    graph.set(file.path, deps);
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
  for (const f of files) visit(f.path);
  return cycles;
}

/** A folder's .ts/.tsx files; throws when the folder does not exist. */
function sourceFiles(dir: string): SourceText[] {
  const out: SourceText[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(name)) out.push({ path: rel, text: readFileSync(join(ROOT, rel), "utf8") });
  }
  return out;
}

const src = (path: string, text: string): SourceText => ({ path, text });

describe("the import checker itself", () => {
  const cases: [string, SourceText, string][] = [
    ["a bare Node built-in in contracts/", src("contracts/a.ts", 'import { readFileSync } from "fs";'), "a Node built-in"],
    ["a side-effect import of a built-in", src("contracts/a.ts", 'import "fs";'), "a Node built-in"],
    ["a node: module", src("contracts/x/a.ts", 'import { join } from "node:path";'), "a Node built-in"],
    ["a built-in subpath", src("contracts/a.ts", 'import { readFile } from "fs/promises";'), "a Node built-in"],
    ["a dynamic import of a built-in", src("contracts/a.ts", 'const fs = await import("node:fs");'), "a Node built-in"],
    ["a require of a built-in", src("contracts/a.ts", 'const fs = require("path");'), "a Node built-in"],
    ["react in contracts/", src("contracts/a.ts", 'import { useState } from "react";'), "browser-only"],
    ["a type-only react import in contracts/", src("contracts/a.ts", 'import type { ReactNode } from "react";'), "browser-only"],
    ["react-dom/client", src("contracts/a.ts", 'import { createRoot } from "react-dom/client";'), "browser-only"],
    ["monaco-editor", src("contracts/a.ts", 'import * as monaco from "monaco-editor";'), "browser-only"],
    ["@monaco-editor/react", src("contracts/a.ts", 'export { Editor } from "@monaco-editor/react";'), "browser-only"],
    ["dompurify", src("contracts/a.ts", 'import DOMPurify from "dompurify";'), "browser-only"],
    ["zustand", src("contracts/a.ts", 'import { create } from "zustand";'), "browser-only"],
    ["idb-keyval", src("contracts/a.ts", 'import { get } from "idb-keyval";'), "browser-only"],
    ["a browser-only package in a contracts/ test", src("contracts/a.test.ts", 'import { render } from "@testing-library/react";'), "browser-only"],
    ["contracts/ importing app/", src("contracts/a.ts", 'import { x } from "../app/store/index.ts";'), "uses nothing of app/"],
    ["contracts/ importing components/", src("contracts/x/a.ts", 'import { x } from "../../components/ui/button.tsx";'), "uses nothing of components/"],
    ["components/ importing app/", src("components/ui/a.tsx", 'import { useStudio } from "../../app/store/index.ts";'), "does not import app/"],
    ["app/ importing e2e/", src("app/a.ts", 'import { modes } from "../e2e/server/modes.ts";'), "e2e harness"],
    ["components/ importing e2e/", src("components/x/a.tsx", 'import { f } from "../../e2e/fixtures/f.ts";'), "e2e harness"],
    ["contracts/ importing e2e/", src("contracts/cli/a.ts", 'import { start } from "../../e2e/server/start.ts";'), "e2e harness"],
    ["server/ importing e2e/", src("server/proxy.ts", 'import { answers } from "../e2e/server/answers.ts";'), "e2e harness"],
  ];
  it.each(cases)("flags %s", (_name, file, why) => {
    const bad = boundaryViolations([file]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain(why);
  });

  const allowed: [string, SourceText][] = [
    ["Node built-ins in contracts/cli/", src("contracts/cli/a.ts", 'import { readFileSync } from "node:fs";\nimport path from "path";')],
    ["Node built-ins in a contracts/ test", src("contracts/a.test.ts", 'import { readFileSync } from "fs";')],
    ["portable packages in contracts/", src("contracts/a.ts", 'import { z } from "zod";\nimport { createParser } from "eventsource-parser";')],
    ["app/ using contracts/ and React", src("app/a.tsx", 'import { useState } from "react";\nimport { x } from "../contracts/index.ts";')],
    ["a test starting the e2e test server", src("contracts/client/run.test.ts", 'import { startTestServer } from "../../e2e/server/test-server.ts";')],
    ["e2e/ using product code", src("e2e/a.spec.ts", 'import { x } from "../contracts/index.ts";')],
    ["import-like text in strings and comments", src("contracts/a.ts", '// import "fs"\nconst s = \'import { x } from "react"\';\nconst t = `require("fs")`;')],
  ];
  it.each(allowed)("allows %s", (_name, file) => {
    expect(boundaryViolations([file])).toEqual([]);
  });

  it("finds a cycle, and ignores one closed only by a type import", () => {
    const a = src("app/a.ts", 'import { b } from "./b.ts";');
    expect(importCycles([a, src("app/b.ts", 'import { a } from "./a";')])).toEqual(["app/a.ts -> app/b.ts -> app/a.ts"]);
    expect(importCycles([a, src("app/b.ts", 'import type { A } from "./a";')])).toEqual([]);
  });
});

describe("import boundaries of the tree", () => {
  // The product code: the rules are about what it may import; e2e/, scripts/ and bench/ may import anything.
  const FOLDERS = [...PRODUCT];
  // sourceFiles throws if a folder is missing, so a renamed folder fails here instead of passing unchecked.
  const byFolder = new Map(FOLDERS.map((d) => [d, sourceFiles(d)]));
  const files = [...byFolder.values()].flat();

  it("finds source files in every folder it checks", () => {
    expect([...byFolder].filter(([, fs]) => fs.length === 0).map(([d]) => d)).toEqual([]);
    expect(byFolder.get("contracts")!.filter((f) => !inCli(f.path) && !isTest(f.path)).length).toBeGreaterThan(20);
  });

  it("every import stays inside its layer's rules", () => {
    expect(boundaryViolations(files)).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(importCycles(files)).toEqual([]);
  });
});
