/**
 * The shape of the built CLI (dist-cli/, built by the global setup): what a start loads. The
 * entry must import no chunk statically (so `--version` and `--help` read one small file), each
 * command must be its own lazily imported chunk, and the tokenizer tables must be reachable only
 * through a dynamic import (loaded when counting, never by `validate` or `diff`).
 */
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_BIN } from "./cli-process.ts";
import { commands } from "./commands.ts";

const OUT = join(CLI_BIN, "..");
const read = (file: string) => readFileSync(join(OUT, file), "utf8");
const specifiers = (src: string, re: RegExp) => [...src.matchAll(re)].map((m) => m[1]!);
// Minified ES output: `import{a as b}from"./x.mjs"`, `import"./x.mjs"`, `import(\`./x.mjs\`)`.
const STATIC = /(?:\bfrom\s*|\bimport\s*)["'`]([^"'`]+)["'`]/g;
const DYNAMIC = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;

/** Files (relative to dist-cli/) a module pulls in through static imports, itself included. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  for (const spec of specifiers(read(file), STATIC)) {
    if (!spec.startsWith(".")) continue;
    staticClosure(join(dir, spec).replace(/^\.\//, ""), seen);
  }
  return seen;
}

describe("the built CLI (dist-cli/)", () => {
  const entry = basename(CLI_BIN);
  const chunks = readdirSync(join(OUT, "chunks")).map((f) => `chunks/${f}`);

  it("starts from an entry that imports only Node built-ins statically", () => {
    const src = read(entry);
    expect(src.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(specifiers(src, STATIC).filter((s) => !s.startsWith("node:"))).toEqual([]);
    expect([...staticClosure(entry)]).toEqual([entry]);
  });

  it("loads each command from its own chunk, lazily", () => {
    const lazy = specifiers(read(entry), DYNAMIC);
    expect(lazy).toHaveLength(Object.keys(commands).length);
    for (const name of Object.keys(commands))
      expect(
        lazy.some((s) => new RegExp(`^\\./chunks/${name}-[\\w-]+\\.mjs$`).test(s)),
        name,
      ).toBe(true);
  });

  it("reaches the tokenizer tables only through a dynamic import", () => {
    const tables = chunks.filter((c) => /(o200k|cl100k)_base/.test(c));
    expect(tables).toHaveLength(2);
    // The walk does follow static imports (a command chunk shares the library chunks).
    expect(staticClosure(chunks.find((c) => c.startsWith("chunks/validate-"))!).size).toBeGreaterThan(2);
    for (const c of chunks) for (const t of tables) if (c !== t) expect(staticClosure(c).has(t), `${c} -> ${t}`).toBe(false);
    const dynamicTargets = chunks.flatMap((c) => specifiers(read(c), DYNAMIC).map((s) => basename(s)));
    for (const t of tables) expect(dynamicTargets).toContain(basename(t));
  });
});
