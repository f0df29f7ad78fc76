/**
 * File arguments for `validate`, `assemble`, `diff` and `test`: a file, a folder (every
 * `*.contract.json` under it), or a glob with `*` (any characters but `/`), `?` (one character
 * but `/`) and `**` (any number of folders, none included). Node 20's fs has no glob, and these
 * three wildcards over readdir cover what CI configs write (`contracts/**\/*.contract.json`),
 * so no dependency. The shell usually expands globs first; quoting one ('contracts/**\/*.json')
 * hands it to us, which also works on Windows shells that do not expand.
 *
 * Results are sorted and de-duplicated, so shards and reports list files in the same order on
 * every machine. Hidden folders and node_modules are skipped by `**` (not by a literal path).
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

export const CONTRACT_SUFFIX = ".contract.json";

export const hasWildcard = (pattern: string) => /[*?]/.test(pattern);

/** A glob segment (no `/`) as a regular expression over one path segment. */
export function segmentRegex(segment: string): RegExp {
  let re = "";
  for (const ch of segment) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const skipped = (name: string) => name.startsWith(".") || name === "node_modules";

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function entries(dir: string): Promise<{ name: string; dir: boolean }[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list.map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
}

/** Matches `segments` (the pattern split at `/`) below `base`; `prefix` is what is printed for base. */
async function walk(base: string, prefix: string, segments: readonly string[], out: Set<string>): Promise<void> {
  if (!segments.length) return;
  const [head, ...rest] = segments as [string, ...string[]];
  const at = (name: string) => (prefix ? `${prefix}/${name}` : name);
  if (head === "**") {
    // Zero folders: the rest matches here; or one more folder, and ** again.
    await walk(base, prefix, rest, out);
    for (const e of await entries(base)) if (e.dir && !skipped(e.name)) await walk(join(base, e.name), at(e.name), segments, out);
    return;
  }
  if (!hasWildcard(head)) {
    const path = join(base, head);
    if (!rest.length) {
      if (!(await isDir(path))) {
        try {
          await stat(path);
          out.add(at(head));
        } catch {
          /* no such file: no match */
        }
      }
      return;
    }
    await walk(path, at(head), rest, out);
    return;
  }
  const re = segmentRegex(head);
  for (const e of await entries(base)) {
    if (!re.test(e.name) || (e.name.startsWith(".") && !head.startsWith("."))) continue;
    if (rest.length) {
      if (e.dir) await walk(join(base, e.name), at(e.name), rest, out);
    } else if (!e.dir) out.add(at(e.name));
  }
}

/** Every file a glob matches, relative paths as the pattern wrote them (absolute stays absolute). */
export async function glob(pattern: string, cwd = process.cwd()): Promise<string[]> {
  const norm = pattern.split(sep).join("/");
  const absolute = norm.startsWith("/");
  const segments = norm.split("/").filter((s, i) => s !== "" && !(s === "." && i === 0));
  const out = new Set<string>();
  await walk(absolute ? "/" : cwd, absolute ? "" : norm.startsWith("./") ? "." : "", segments, out);
  return [...out].map((p) => (absolute ? `/${p}` : p)).sort();
}

/** Every `*.contract.json` under a folder, as paths starting with the folder as given. */
export function contractsIn(dir: string, cwd = process.cwd()): Promise<string[]> {
  return glob(`${dir.replace(/[\\/]+$/, "")}/**/*${CONTRACT_SUFFIX}`, cwd);
}

export type ExpandResult = { ok: true; files: string[] } | { ok: false; message: string };

/**
 * The files named by command-line arguments: a glob or a folder expands (to nothing is an
 * error, with the pattern); a plain path is kept as given (so a missing file is reported by
 * whoever reads it, as before). Order: as the arguments, each glob sorted; duplicates dropped.
 */
export async function expandFileArgs(args: readonly string[], cwd = process.cwd()): Promise<ExpandResult> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = relative(cwd, resolve(cwd, f)) || f;
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const arg of args) {
    if (hasWildcard(arg)) {
      const found = await glob(arg, cwd);
      if (!found.length) return { ok: false, message: `${arg}: no file matches` };
      found.forEach(add);
    } else if (await isDir(resolve(cwd, arg))) {
      const found = await contractsIn(arg, cwd);
      if (!found.length) return { ok: false, message: `${arg}: a folder with no *${CONTRACT_SUFFIX} file in it` };
      found.forEach(add);
    } else add(arg);
  }
  return { ok: true, files };
}
