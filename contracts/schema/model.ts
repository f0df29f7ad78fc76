import { z } from "zod";
import { ToolChoiceSchema } from "./tools.ts";

/** Default request parameters; an endpoint profile may override the model. */
export const ModelSettingsSchema = z.strictObject({
  model: z.string().default(""),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  /** Ask for each answer token's log-probability (OpenAI, vLLM, llama.cpp), so the run view can show where the model guessed. */
  logprobs: z.boolean().optional(),
  /** With logprobs: how many likely alternatives to return per token (OpenAI allows 0 to 20). */
  top_logprobs: z.int().min(0, "at least 0").max(20, "at most 20 (OpenAI's limit)").optional(),
  max_tokens: z.int().positive().optional(),
  seed: z.int().optional(),
  stop: z.array(z.string()).max(4, "at most 4 stop sequences").optional(),
  /** Sent only when the contract declares tools (schema/tools.ts). */
  tool_choice: ToolChoiceSchema.optional(),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;
