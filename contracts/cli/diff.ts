/**
 * `contract diff A B [--json]`: the semantic diff and breaking-change verdict between two
 * contracts. A and B are files (their drafts) or `FILE@1.2.0` (a published version in that
 * file's history) or `FILE@draft`. Exit 0 when the diff was computed, 2 on bad arguments or
 * unreadable or invalid files; the verdict itself never fails the command (yet: a future
 * `--fail-on major` would exit 1, "checks failed", per exit-codes.ts).
 *
 * Does not import commands.ts (which loads this module lazily): it only has to fit its shape.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseContract } from "../parse.ts";
import { errorLine } from "../errors.ts";
import type { Contract, ContractBody } from "../schema/contract.ts";
import { bodyAt, latestVersion } from "../versions/publish.ts";
import { isSemver } from "../versions/semver.ts";
import { diffContracts, nextVersion } from "../diff/diff-contracts.ts";
import type { SemanticDiff } from "../diff/types.ts";
import { UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";

const USAGE = `usage: contract diff FILE_A FILE_B [--json]
       contract diff FILE@1.0.0 FILE@1.1.0   (versions in FILE's history; FILE@draft is the draft)
  Prints the semantic diff, the verdict (major, minor, patch, none) and the next version.
  --json     one JSON object: sections, verdict, base and suggested version
`;

export interface Side {
  file: string;
  /** A version, or "draft". */
  ref: string;
}

/** Splits `FILE@ref`. An `@` elsewhere in a path (node_modules/@scope/…) is left alone. */
export function parseSide(arg: string): Side {
  const m = /^(.+)@([^@/\\]+)$/.exec(arg);
  if (!m) return { file: arg, ref: "draft" };
  const ref = m[2]!;
  if (ref === "draft" || isSemver(ref)) return { file: m[1]!, ref };
  if (/^v?\d/.test(ref)) throw new UsageError(`'${ref}' in '${arg}' is not a version like 1.2.0 (or 'draft')`);
  return { file: arg, ref: "draft" };
}

async function load(side: Side, cache: Map<string, Contract>): Promise<{ contract: Contract; body: ContractBody }> {
  let contract = cache.get(side.file);
  if (!contract) {
    let text: string;
    try {
      text = await readFile(side.file, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`${side.file}: ${code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(e)})`}`);
    }
    const parsed = parseContract(text);
    if (!parsed.ok) throw new UsageError(parsed.errors.map((e) => `${side.file}: ${errorLine(e)}`).join("\n"));
    contract = parsed.value;
    cache.set(side.file, contract);
  }
  const body = bodyAt(contract, side.ref);
  if (!body.ok) throw new UsageError(body.errors.map((e) => `${side.file}@${side.ref}: ${e.message}`).join("\n"));
  return { contract, body: body.value };
}

/** The version the suggestion counts from: A's version, else the newest version in A's (or B's) file. */
function baseVersion(a: Side, ca: Contract, cb: Contract): string | undefined {
  if (a.ref !== "draft") return a.ref;
  return latestVersion(ca)?.version ?? latestVersion(cb)?.version;
}

function label(s: Side): string {
  return `${s.file}@${s.ref}`;
}

export function formatDiffText(diff: SemanticDiff, a: Side, b: Side, base: string | undefined): string {
  const lines = [`Semantic diff: ${label(a)} → ${label(b)}`, ""];
  for (const s of diff.sections) {
    if (!s.changes.length) continue;
    lines.push(`${s.section}`);
    for (const c of s.changes) lines.push(`  ${c.level.padEnd(5)}  ${c.sentence}`, `         at ${c.path}`);
    lines.push("");
  }
  if (diff.verdict.level === "none") lines.push("No changes.", "");
  const top = diff.verdict.reasons.filter((r) => r.level === diff.verdict.level);
  lines.push(`Verdict: ${diff.verdict.level.toUpperCase()}${top.length ? ", because:" : ""}`);
  for (const r of top) lines.push(`  - ${r.sentence} (${r.path})`);
  const lesser = (["minor", "patch"] as const)
    .filter((l) => l !== diff.verdict.level)
    .map((l) => [l, diff.verdict.reasons.filter((r) => r.level === l).length] as const)
    .filter(([, n]) => n > 0);
  if (lesser.length) lines.push(`  plus ${lesser.map(([l, n]) => `${n} ${l}`).join(", ")} change${lesser.reduce((t, [, n]) => t + n, 0) > 1 ? "s" : ""}`);
  if (base) lines.push(`Suggested next version: ${nextVersion(diff.verdict.level, base)} (from ${base})`);
  else if (diff.verdict.level !== "none") lines.push(`Suggested bump: ${diff.verdict.level} (no published version to count from)`);
  return lines.join("\n") + "\n";
}

export const diffCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let json: boolean;
    let positional: string[];
    try {
      const parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: "boolean", default: false } } });
      json = parsed.values.json;
      positional = parsed.positionals;
      if (positional.length !== 2) throw new UsageError(`expected two contracts to compare, got ${positional.length}`);
    } catch (e) {
      process.stderr.write(usageMessage("diff", e, USAGE));
      return EXIT.usage;
    }
    try {
      const a = parseSide(positional[0]!);
      const b = parseSide(positional[1]!);
      const cache = new Map<string, Contract>();
      const la = await load(a, cache);
      const lb = await load(b, cache);
      const diff = diffContracts(la.body, lb.body);
      const base = baseVersion(a, la.contract, lb.contract);
      if (json) {
        const out = {
          a,
          b,
          sections: diff.sections,
          verdict: diff.verdict,
          base: base ?? null,
          suggested: base ? nextVersion(diff.verdict.level, base) : null,
        };
        process.stdout.write(JSON.stringify(out, null, 2) + "\n");
      } else process.stdout.write(formatDiffText(diff, a, b, base));
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      process.stderr.write(`contract diff: ${e.message}\n`);
      return EXIT.usage;
    }
  },
};
