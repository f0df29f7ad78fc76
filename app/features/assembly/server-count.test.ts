/**
 * The server's prompt count: probed once per profile, debounced, labelled exact / updating /
 * estimate / openai. The debounce timer is driven by hand (no waiting on time); the server is a
 * fetch answering with llama-server's shapes (the e2e spec runs against the real test server).
 */
import { describe, expect, it, vi } from "vitest";
import type { AssembleResult, ChatRequest } from "../../../contracts/assembly-types.ts";
import { createEndpointProfile } from "../../../contracts/client/profile.ts";
import type { FetchLike } from "../../../contracts/client/run.ts";
import { parseContract } from "../../../contracts/parse.ts";
import { createStudioStore } from "../../store/index.ts";
import { probeKey, selectPromptCount, startServerTokenCount } from "./server-count.ts";

const server = { url: "http://127.0.0.1:8090" };

/**
 * llama-server at `/with-tokenize` (POST /apply-template -> {prompt}, /tokenize {content} ->
 * {tokens}, /tokenize without content -> {tokens: []}); `/needs-key` answers 401 without
 * `Bearer sk-test`; everything else is 404, as a server without these routes.
 */
const llamaServer: FetchLike = async (url, init) => {
  const path = new URL(url).pathname;
  const body = JSON.parse(String(init.body)) as { content?: string; messages?: { role: string; content: string }[] };
  const headers = init.headers as Record<string, string>;
  if (path.startsWith("/needs-key/") && headers.authorization !== "Bearer sk-test")
    return Response.json({ error: { message: "Invalid API Key" } }, { status: 401 });
  const route = path.replace(/^\/needs-key/, "");
  if (route === "/with-tokenize/apply-template")
    return Response.json({ prompt: (body.messages ?? []).map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") + "<|im_start|>assistant\n" });
  if (route === "/with-tokenize/tokenize")
    return Response.json({ tokens: typeof body.content === "string" ? Array.from({ length: Math.ceil(body.content.length / 2) }, (_, i) => i) : [] });
  return Response.json({ error: { code: 404, message: "File Not Found", type: "not_found_error" } }, { status: 404 });
};

function contract() {
  const r = parseContract({
    format: "contract-studio/contract@1",
    id: "c",
    name: "c",
    policy: { role: "You help." },
    task: { instruction: "Hi" },
    output: { kind: "text" },
  });
  if (!r.ok) throw new Error("invalid fixture");
  return r.value;
}

/** An assembly outcome as the worker reports it, for a request with this user text and model. */
function assembled(text: string, model: string, localTokens = 11) {
  const request: ChatRequest = {
    model,
    messages: [
      { role: "system", content: "You help." },
      { role: "user", content: text },
    ],
    stream: true,
  };
  const result = {
    ok: true,
    request,
    body: JSON.stringify(request),
    tokens: { encoding: "o200k_base", total: localTokens, messages: [5, 6], sections: {} },
    spans: [],
    issues: [],
  } as unknown as AssembleResult;
  return { validation: [], result, failure: null, draftHash: null };
}

function setup(baseUrl: string, model = "test-model", apiKey = "") {
  const store = createStudioStore();
  store.getState().hydrate({ entries: { k: { key: "k", contract: contract(), revision: 1, updatedAt: 0 } }, order: ["k"], selectedKey: "k", broken: [] });
  const profile = createEndpointProfile({ id: "p", name: "Local", baseUrl });
  store.getState().saveProfile(profile, { apiKey, remember: false });
  store.getState().selectModel(model);
  const calls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push(new URL(url).pathname);
    return llamaServer(url, init);
  };
  const pending: (() => void)[] = [];
  const schedule = (fn: () => void) => {
    pending.push(fn);
    return () => void pending.splice(pending.indexOf(fn) >>> 0, 1);
  };
  const stop = startServerTokenCount(store, { fetch, schedule });
  let revision = 1;
  const show = (text: string, m = model, local?: number) => store.getState().setAssembly("k", revision++, assembled(text, m, local));
  /** Runs what the debounce holds, as if the user paused. */
  const pause = () => pending.splice(0).forEach((fn) => fn());
  return { store, calls, pending, show, pause, stop, profile };
}

describe("server prompt count", () => {
  it("on a llama.cpp-like server: probes, then counts exactly; an edit shows the old count as updating until the new one", async () => {
    const t = setup(`${server.url}/with-tokenize/v1`);
    t.show("Hello there");
    expect(selectPromptCount(t.store.getState())).toMatchObject({ tokens: 11, basis: "estimate" });
    expect(t.calls).toEqual([]); // nothing until the pause
    t.pause();
    await vi.waitFor(() => expect(selectPromptCount(t.store.getState())?.basis).toBe("exact"));
    // input_tokens is not there; /tokenize with messages answers [] (llama.cpp), so its template is used.
    expect(t.calls).toEqual([
      "/with-tokenize/v1/chat/completions/input_tokens",
      "/with-tokenize/tokenize",
      "/with-tokenize/apply-template",
      "/with-tokenize/tokenize",
    ]);
    const first = selectPromptCount(t.store.getState())!;
    expect(first).toMatchObject({ basis: "exact", source: "llama.cpp tokenize" });
    expect(first.tokens).not.toBe(11);

    t.calls.length = 0;
    t.show("Hello there, and a much longer question than before");
    expect(selectPromptCount(t.store.getState())).toMatchObject({ tokens: first.tokens, basis: "updating" });
    t.pause();
    await vi.waitFor(() => expect(selectPromptCount(t.store.getState())?.basis).toBe("exact"));
    expect(selectPromptCount(t.store.getState())!.tokens).toBeGreaterThan(first.tokens);
    // The probe's answer is kept: only the route that worked is asked.
    expect(t.calls).toEqual(["/with-tokenize/apply-template", "/with-tokenize/tokenize"]);
    t.stop();
  });

  it("an edit while the probe is on its way does not start the probe again: the new text is counted through the route it found", async () => {
    const t = setup(`${server.url}/with-tokenize/v1`);
    t.show("Hello there");
    t.pause();
    expect(t.calls).toEqual(["/with-tokenize/v1/chat/completions/input_tokens"]); // the probe is under way
    t.show("Hello there, edited while probing");
    expect(t.pending).toHaveLength(0); // nothing new is scheduled while the probe is out
    // The probe answers, and the edited text is scheduled for counting (then the user pauses).
    await vi.waitFor(() => expect(t.pending).toHaveLength(1));
    t.pause();
    await vi.waitFor(() => expect(t.store.getState().serverCount?.body).toContain("edited while probing"));
    expect(selectPromptCount(t.store.getState())?.basis).toBe("exact");
    expect(t.calls.filter((p) => p.endsWith("/input_tokens"))).toHaveLength(1);
    t.stop();
  });

  it("debounces: edits before the pause are not counted, only the last", async () => {
    const t = setup(`${server.url}/with-tokenize/v1`);
    t.show("one");
    t.show("one two");
    t.show("one two three");
    expect(t.pending).toHaveLength(1);
    t.pause();
    await vi.waitFor(() => expect(selectPromptCount(t.store.getState())?.basis).toBe("exact"));
    expect(t.store.getState().serverCount?.body).toContain("one two three");
    expect(t.calls.filter((p) => p.endsWith("/tokenize")).length).toBe(2); // one probe (messages) + one count (content)
    t.stop();
  });

  it("on a server without a tokenize endpoint: probes once, then never asks again; non-OpenAI models are estimates", async () => {
    const t = setup(`${server.url}/v1`, "llama-3.1-8b");
    t.show("Hello");
    t.pause();
    await vi.waitFor(() => expect(t.store.getState().tokenizeSupport[probeKey(t.profile, undefined)]?.kind).toBe("none"));
    const probed = t.calls.length;
    expect(t.calls.every((p) => p.startsWith("/v1/") || p === "/tokenize")).toBe(true);
    t.show("Hello again");
    t.show("Hello again and again");
    expect(t.pending).toHaveLength(0);
    expect(t.calls).toHaveLength(probed);
    expect(selectPromptCount(t.store.getState())).toMatchObject({ tokens: 11, basis: "estimate", model: "llama-3.1-8b" });
    t.show("Hello", "gpt-4o-mini");
    expect(selectPromptCount(t.store.getState())).toMatchObject({ basis: "openai" });
    t.stop();
  });

  it("probes again when a key is added (a 401 without one said nothing about the route), and keeps the key out of the state's keys", async () => {
    const t = setup(`${server.url}/needs-key/with-tokenize/v1`);
    t.show("Hello");
    t.pause();
    await vi.waitFor(() => expect(t.store.getState().tokenizeSupport[probeKey(t.profile, undefined)]?.kind).toBe("none"));
    t.store.getState().saveProfile(t.profile, { apiKey: "sk-test", remember: false });
    t.pause();
    await vi.waitFor(() => expect(selectPromptCount(t.store.getState())?.basis).toBe("exact"));
    expect(JSON.stringify(t.store.getState().tokenizeSupport)).not.toContain("sk-test");
    expect(JSON.stringify(t.store.getState().serverCount)).not.toContain("sk-test");
    t.stop();
  });

  it("a count for another contract or profile is not shown", async () => {
    const t = setup(`${server.url}/with-tokenize/v1`);
    t.show("Hello");
    t.pause();
    await vi.waitFor(() => expect(selectPromptCount(t.store.getState())?.basis).toBe("exact"));
    t.store.getState().saveProfile(createEndpointProfile({ id: "q", name: "Other", baseUrl: `${server.url}/v1` }), { apiKey: "", remember: false });
    t.store.getState().selectProfile("q");
    t.store.getState().selectModel("test-model");
    expect(selectPromptCount(t.store.getState())).toMatchObject({ tokens: 11, basis: "estimate" });
    t.stop();
  });
});
