/**
 * `contract diff A B [--json]`: the semantic diff and breaking-change verdict between two
 * contracts. A and B are files (their drafts) or `FILE@1.2.0` (a published version in that
 * file's history) or `FILE@draft`, or two folders or globs (files paired by their path below
 * each). Exit 0 when the diff was computed, 2 on bad arguments or unreadable or invalid files.
 * With `--fail-on LEVEL` (major, minor or patch) a change of at least LEVEL that B's version
 * does not announce (a MAJOR verdict without a major version bump: an unannounced breaking
 * change) exits 1, "checks failed", per exit-codes.ts; a contract removed from a folder counts
 * as an unannounced major change.
 *
 * Does not import commands.ts (which loads this module lazily): it only has to fit its shape.
 */
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseContract } from "../parse.ts";
import { errorLine } from "../errors.ts";
import type { Contract, ContractBody } from "../schema/contract.ts";
import { contentHash } from "../versions/hash.ts";
import { bodyAt, latestVersion, versionContentHash } from "../versions/publish.ts";
import { isSemver, parseSemver } from "../versions/semver.ts";
import { diffContracts, nextVersion } from "../diff/diff-contracts.ts";
import type { SemanticDiff } from "../diff/types.ts";
import { oneOf, UsageError, usageMessage } from "./args.ts";
import { EXIT } from "./exit-codes.ts";
import { glob, hasWildcard } from "./glob.ts";

const USAGE = `usage: contract diff FILE_A FILE_B [--json] [--fail-on major|minor|patch]
       contract diff FILE@1.0.0 FILE@1.1.0   (versions in FILE's history; FILE@draft is the draft)
       contract diff OLD_DIR NEW_DIR          (or two globs: files paired by their path below each)
  Prints the semantic diff, the verdict (major, minor, patch, none) and the next version.
  --json             one JSON object (an array of them for folders): sections, verdict, versions
  --fail-on LEVEL    exit 1 on a change of at least LEVEL that B's version does not announce
                     (e.g. a MAJOR verdict without a major version bump)
`;

const RANK = { none: 0, patch: 1, minor: 2, major: 3 } as const;
type Level = keyof typeof RANK;

/** The version a side is: its ref, or for a draft the published version with the same body (none: unpublished). */
export function versionOfSide(side: Side, contract: Contract, body: ContractBody): string | null {
  if (side.ref !== "draft") return side.ref;
  const hash = contentHash(body);
  return contract.history?.versions.find((v) => versionContentHash(v) === hash)?.version ?? null;
}

/** The level a version change announces: major when the major number grew, and so on; none without a version. */
export function announcedLevel(from: string | null | undefined, to: string | null): Level {
  const a = from ? parseSemver(from) : null;
  const b = to ? parseSemver(to) : null;
  if (!b) return "none";
  if (!a) return "major"; // a first version announces anything
  if (b.major !== a.major) return b.major > a.major ? "major" : "none";
  if (b.minor !== a.minor) return b.minor > a.minor ? "minor" : "none";
  return b.patch > a.patch ? "patch" : "none";
}

/** True when the verdict is at least `failOn` and more than the version change announces. */
export function unannounced(verdict: Level, announced: Level, failOn: Exclude<Level, "none">): boolean {
  return RANK[verdict] >= RANK[failOn] && RANK[announced] < RANK[verdict];
}

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

interface PairResult {
  text: string;
  json: unknown;
  failed: boolean;
}

async function diffPair(a: Side, b: Side, cache: Map<string, Contract>, failOn: Exclude<Level, "none"> | undefined): Promise<PairResult> {
  const la = await load(a, cache);
  const lb = await load(b, cache);
  const diff = diffContracts(la.body, lb.body);
  const base = baseVersion(a, la.contract, lb.contract);
  const fromVersion = a.ref !== "draft" ? a.ref : (versionOfSide(a, la.contract, la.body) ?? latestVersion(la.contract)?.version ?? null);
  const toVersion = versionOfSide(b, lb.contract, lb.body);
  const announced = announcedLevel(fromVersion, toVersion);
  const failed = failOn !== undefined && unannounced(diff.verdict.level, announced, failOn);
  let text = formatDiffText(diff, a, b, base);
  if (failOn !== undefined && failed)
    text += `Unannounced ${diff.verdict.level.toUpperCase()} change: ${label(b)} is ${toVersion ? `version ${toVersion}` : "not a published version"}, not a ${diff.verdict.level} version bump from ${fromVersion ?? "the first version"} (--fail-on ${failOn})\n`;
  const json = {
    a,
    b,
    sections: diff.sections,
    verdict: diff.verdict,
    base: base ?? null,
    suggested: base ? nextVersion(diff.verdict.level, base) : null,
    versions: { a: fromVersion, b: toVersion, announced },
    ...(failOn !== undefined ? { failOn, failed } : {}),
  };
  return { text, json, failed };
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The files of a folder or glob, keyed by their path below the folder (or below the glob's fixed prefix). */
async function filesBelow(arg: string): Promise<Map<string, string>> {
  const pattern = hasWildcard(arg) ? arg : `${arg.replace(/[\\/]+$/, "")}/**/*.contract.json`;
  const segments = pattern.split("/");
  const fixed = segments
    .slice(
      0,
      segments.findIndex((s) => hasWildcard(s)),
    )
    .join("/");
  const files = await glob(pattern);
  return new Map(files.map((f) => [fixed && f.startsWith(`${fixed}/`) ? f.slice(fixed.length + 1) : f, f]));
}

export const diffCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let json: boolean;
    let positional: string[];
    let failOn: Exclude<Level, "none"> | undefined;
    try {
      const parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { json: { type: "boolean", default: false }, "fail-on": { type: "string" } },
      });
      json = parsed.values.json;
      failOn = oneOf(parsed.values["fail-on"], ["major", "minor", "patch"] as const, "--fail-on");
      positional = parsed.positionals;
      if (positional.length !== 2) throw new UsageError(`expected two contracts to compare, got ${positional.length}`);
    } catch (e) {
      process.stderr.write(usageMessage("diff", e, USAGE));
      return EXIT.usage;
    }
    try {
      const cache = new Map<string, Contract>();
      const [argA, argB] = positional as [string, string];
      const many = [argA, argB].map((x) => hasWildcard(x));
      const dirs = await Promise.all([isDir(argA), isDir(argB)]);
      if ((many[0] || dirs[0]) !== (many[1] || dirs[1])) throw new UsageError("compare a file with a file, or a folder or glob with a folder or glob");
      if (!(many[0] || dirs[0])) {
        const r = await diffPair(parseSide(argA), parseSide(argB), cache, failOn);
        process.stdout.write(json ? JSON.stringify(r.json, null, 2) + "\n" : r.text);
        return r.failed ? EXIT.failed : EXIT.ok;
      }
      const [filesA, filesB] = await Promise.all([filesBelow(argA), filesBelow(argB)]);
      if (!filesA.size && !filesB.size) throw new UsageError(`no contract file in ${argA} or ${argB}`);
      const names = [...new Set([...filesA.keys(), ...filesB.keys()])].sort();
      const out: unknown[] = [];
      const texts: string[] = [];
      let failed = false;
      for (const name of names) {
        const fa = filesA.get(name);
        const fb = filesB.get(name);
        if (!fa || !fb) {
          const gone = !fb;
          // A contract that disappears breaks whoever loads it: an unannounced major change.
          if (gone && failOn) failed = true;
          texts.push(
            `${name}: ${gone ? `removed (only in ${argA})${failOn ? `: an unannounced MAJOR change (--fail-on ${failOn})` : ""}` : `new (only in ${argB})`}\n`,
          );
          out.push({ file: name, [gone ? "removed" : "added"]: true });
          continue;
        }
        const r = await diffPair({ file: fa, ref: "draft" }, { file: fb, ref: "draft" }, cache, failOn);
        failed ||= r.failed;
        texts.push(`${name}\n${r.text}`);
        out.push({ file: name, ...(r.json as object) });
      }
      process.stdout.write(json ? JSON.stringify(out, null, 2) + "\n" : texts.join("\n"));
      return failed ? EXIT.failed : EXIT.ok;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      process.stderr.write(`contract diff: ${e.message}\n`);
      return EXIT.usage;
    }
  },
};
