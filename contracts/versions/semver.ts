/**
 * Semantic versions as contracts use them: plain MAJOR.MINOR.PATCH, no pre-release or build
 * suffix. A contract version is something product code pins, so one ordering with no
 * surprises beats the full semver grammar.
 */
export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export type BumpLevel = "major" | "minor" | "patch";

/** No leading zeros, as semver.org requires, so "1.01.0" and "1.1.0" cannot both exist. */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseSemver(text: string): Semver | null {
  const m = SEMVER_PATTERN.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function isSemver(text: string): boolean {
  return SEMVER_PATTERN.test(text);
}

export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

function toSemver(v: string | Semver): Semver {
  if (typeof v !== "string") return v;
  const parsed = parseSemver(v);
  if (!parsed) throw new Error(`'${v}' is not a version like 1.2.0`);
  return parsed;
}

/** Negative when a < b, 0 when equal, positive when a > b. Throws on text that is not a version. */
export function compareSemver(a: string | Semver, b: string | Semver): number {
  const x = toSemver(a);
  const y = toSemver(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The next version at `level`: 1.4.2 → major 2.0.0, minor 1.5.0, patch 1.4.3. */
export function bumpSemver(v: string | Semver, level: BumpLevel): string {
  const s = toSemver(v);
  if (level === "major") return formatSemver({ major: s.major + 1, minor: 0, patch: 0 });
  if (level === "minor") return formatSemver({ major: s.major, minor: s.minor + 1, patch: 0 });
  return formatSemver({ major: s.major, minor: s.minor, patch: s.patch + 1 });
}

/** The highest of some versions, or undefined for none. */
export function maxSemver(versions: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (isSemver(v) && (best === undefined || compareSemver(v, best) > 0)) best = v;
  return best;
}
