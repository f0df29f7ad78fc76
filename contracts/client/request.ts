/**
 * Fits an assembled request to a profile: the profile's default model when the contract names
 * none, and streaming / usage-in-stream only where the endpoint supports them. The app shows and
 * sends the result, so the preview and the bytes sent stay the same.
 */
import type { ChatRequest } from "../assembly-types.ts";
import type { EndpointProfile } from "./profile.ts";

export function requestForProfile(request: ChatRequest, profile: EndpointProfile, model?: string): ChatRequest {
  const out: ChatRequest = { ...request, model: model || request.model || profile.defaultModel };
  delete out.stream;
  delete out.stream_options;
  if (profile.capabilities.streaming) {
    out.stream = true;
    if (profile.capabilities.usageInStream) out.stream_options = { include_usage: true };
  }
  return out;
}
