/**
 * Sends a generation request (contracts/generate) to the profile and model the user picked,
 * whole (not streamed: the answer is parsed only when complete), with the profile's key from
 * this tab's memory. Errors come back as one sentence in the client's own words.
 */
import type { ChatRequest } from "../../../contracts/assembly-types.ts";
import { runChat } from "../../../contracts/client/run.ts";
import { studioStore } from "../../store/index.ts";

export type SendOutcome = { ok: true; text: string } | { ok: false; message: string };

export async function sendGeneration(profileId: string, request: ChatRequest, signal?: AbortSignal): Promise<SendOutcome> {
  const s = studioStore.getState();
  const profile = s.profiles.find((p) => p.id === profileId);
  if (!profile) return { ok: false, message: "Pick an endpoint profile first (Endpoints… in the top bar)." };
  if (!request.model) return { ok: false, message: "Name the model to ask." };
  const out = await runChat({ profile, apiKey: s.apiKeys[profile.id] || undefined, request, signal });
  if (out.error) return { ok: false, message: `${out.error.title}: ${out.error.explanation}` };
  if (out.refusal) return { ok: false, message: `The model refused: ${out.refusal}` };
  if (out.finishReason === "length")
    return { ok: false, message: "The answer was cut off at the token limit, so it cannot be read: try a model with a longer output." };
  return { ok: true, text: out.output };
}

/** The top bar's profile and model, as the pickers' starting point. */
export function defaultChoice(): { profileId: string; model: string } {
  const s = studioStore.getState();
  const profile = s.profiles.find((p) => p.id === s.selectedProfileId) ?? s.profiles[0];
  return { profileId: profile?.id ?? "", model: s.selectedModel || profile?.defaultModel || "" };
}
