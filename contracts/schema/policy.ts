import { z } from "zod";

/** How the assistant behaves: who it is, what it may do, how it refuses. */
export const PolicySchema = z.strictObject({
  role: z.string().min(1, "describe the assistant's role in a sentence"),
  rules: z.array(z.string()).default([]),
  refusalStyle: z.string().default(""),
  tone: z.string().default(""),
  verbosity: z.enum(["concise", "normal", "detailed"]).default("normal"),
  allowedDomains: z.array(z.string()).default([]),
  disallowedDomains: z.array(z.string()).default([]),
  citations: z.enum(["required", "optional", "none"]).default("none"),
  /** Kinds of claim that must be supported by the context packet. */
  groundedClaims: z.array(z.string()).default([]),
  /** What to answer when the context does not hold the answer ("I don't know" policy). */
  unknownAnswer: z.string().default(""),
  /** Actions the assistant may propose but never take without a human's confirmation. */
  humanConfirmation: z.array(z.string()).default([]),
});
export type Policy = z.infer<typeof PolicySchema>;
