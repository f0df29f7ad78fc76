import { z } from "zod";
import { SEMVER_PATTERN, compareSemver, isSemver } from "../versions/semver.ts";
import { HASH_SCHEME, expectedHash, type FrozenBody, type FrozenReader } from "../versions/frozen.ts";

/**
 * A contract's history: immutable published versions, labels pointing at them, and the log
 * of label moves. Optional in the file (`contract-studio/contract@1` files without it still
 * read), so this is a compatible extension of the format, not a new revision.
 *
 * The schema is built by a factory taking the reader of frozen bodies because the body schema
 * lives in contract.ts, which in turn embeds this schema: a direct import both ways would leave
 * one side undefined at module evaluation. (Tests also build it for a changed body schema.)
 */

export const SemverSchema = z.string().regex(SEMVER_PATTERN, "must be a version like 1.2.0 (MAJOR.MINOR.PATCH)");

/** production, staging, canary-eu, v2-beta … */
export const LABEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const LabelNameSchema = z.string().regex(LABEL_NAME, "must be a label like production (letters, digits, . _ -)");

export const ReviewStatusSchema = z.enum(["draft", "in_review", "approved"]);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/** Who reviewed and when are free text: teams record them their own way ("Ana, PM", "Tuesday standup"). */
export const ReviewSchema = z.strictObject({
  status: ReviewStatusSchema,
  by: z.string().default(""),
  at: z.string().default(""),
});
export type Review = z.infer<typeof ReviewSchema>;

const IsoDateTime = z.iso.datetime({ offset: true, error: "must be an ISO date-time like 2026-01-31T09:30:00Z" });

export const LabelMoveSchema = z.strictObject({
  label: LabelNameSchema,
  /** null when the label was created by this move. */
  from: SemverSchema.nullable(),
  /** null when the label was removed by this move. */
  to: SemverSchema.nullable(),
  at: IsoDateTime,
  by: z.string().optional(),
});
export type LabelMove = z.infer<typeof LabelMoveSchema>;

/** A frozen body as it sits in the file: any format revision, kept byte for byte (versions/frozen.ts). */
export const FrozenBodySchema = z
  .record(z.string(), z.unknown())
  .describe("The contract body (no history) exactly as published, in the format revision its own `format` names; never edited (the hash covers it).");

export function historySchema<B extends object>(reader: FrozenReader<B>) {
  const VersionSchema = z
    .strictObject({
      version: SemverSchema,
      createdAt: IsoDateTime,
      /** The changelog entry. */
      message: z.string().trim().min(1, "a version needs a changelog message"),
      /** Lets a run record exactly what it ran and lets import detect tampering; what it covers is `hashScheme`'s. */
      hash: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest (64 lowercase hex characters)"),
      /**
       * "frozen-body": the hash is contentHash of `body` exactly as written here. Absent (files
       * written before it existed): the hash covers the body after revision 1's defaults were filled in.
       */
      hashScheme: z.literal(HASH_SCHEME).optional(),
      review: ReviewSchema.optional(),
      /**
       * The contract body (no history) exactly as published, in the format revision it names;
       * read through the migrations and checked against the current schema, never rewritten.
       */
      body: FrozenBodySchema.superRefine((raw, ctx) => {
        const read = reader.read(raw as FrozenBody);
        if (!read.ok) for (const i of read.issues) ctx.addIssue({ ...i } as Parameters<typeof ctx.addIssue>[0] & object);
      }),
    })
    .superRefine((v, ctx) => {
      const actual = expectedHash(v);
      if (actual !== v.hash)
        ctx.addIssue({
          code: "custom",
          path: ["hash"],
          message: `does not match the version's content (expected ${actual}); the body was changed after ${v.version} was published`,
        });
    });

  return z
    .strictObject({
      versions: z.array(VersionSchema).default([]),
      labels: z.record(LabelNameSchema, SemverSchema).default({}),
      labelMoves: z.array(LabelMoveSchema).default([]),
    })
    .superRefine((h, ctx) => {
      const seen = new Set<string>();
      h.versions.forEach((v, i) => {
        if (seen.has(v.version)) ctx.addIssue({ code: "custom", path: ["versions", i, "version"], message: `duplicate version '${v.version}'` });
        seen.add(v.version);
      });
      // Published in order: each version is higher than the one before it. (zod runs this
      // refinement even when a version string failed its regex, hence the isSemver guard.)
      for (let i = 1; i < h.versions.length; i++) {
        const prev = h.versions[i - 1]!.version;
        const cur = h.versions[i]!.version;
        if (isSemver(prev) && isSemver(cur) && compareSemver(cur, prev) < 0)
          ctx.addIssue({
            code: "custom",
            path: ["versions", i, "version"],
            message: `${cur} comes after ${prev}: versions must be listed in increasing order`,
          });
      }
      for (const [label, version] of Object.entries(h.labels)) {
        if (!seen.has(version)) ctx.addIssue({ code: "custom", path: ["labels", label], message: `points at version ${version}, which does not exist` });
      }
    });
}

// The History and PublishedVersion types live in contract.ts beside the schema instance,
// so this module never imports contract.ts (the import-boundaries test forbids cycles).
