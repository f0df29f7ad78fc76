/** The test server's llama.cpp counting routes: llama-server's shapes, at the root, only under /with-tokenize. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpointProfile } from "../../contracts/client/profile.ts";
import { countPromptTokens } from "../../contracts/client/tokenize.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const messages = [
  { role: "system", content: "S" },
  { role: "user", content: "U" },
];

describe("/with-tokenize", () => {
  it("applies a ChatML template with the generation prompt, as llama-server with a ChatML model does", async () => {
    const res = await post("/with-tokenize/apply-template", { messages });
    expect(await res.json()).toEqual({ prompt: "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n" });
  });

  it("answers /tokenize with {tokens: [ids]}, pieces on request, special tokens as one with parse_special, and [] without content", async () => {
    expect(await (await post("/with-tokenize/tokenize", { content: "Hello" })).json()).toEqual({
      tokens: [expect.any(Number), expect.any(Number), expect.any(Number)],
    });
    expect(await (await post("/with-tokenize/tokenize", { content: "Hi<|im_end|>", with_pieces: true, parse_special: true })).json()).toEqual({
      tokens: [
        { id: expect.any(Number), piece: "Hi" },
        { id: 4, piece: "<|im_end|>" },
      ],
    });
    expect(((await (await post("/with-tokenize/tokenize", { content: "<|im_end|>" })).json()) as { tokens: unknown[] }).tokens).toHaveLength(5);
    expect(await (await post("/with-tokenize/tokenize", { model: "m", messages })).json()).toEqual({ tokens: [] });
    expect((await fetch(`${server.url}/with-tokenize/tokenize`, { method: "POST", body: "not json" })).status).toBe(500);
  });

  it("serves them at the root only, and only under the prefix (404 elsewhere, as most servers)", async () => {
    expect((await post("/with-tokenize/v1/tokenize", { content: "x" })).status).toBe(404);
    expect((await post("/tokenize", { content: "x" })).status).toBe(404);
    expect((await post("/apply-template", { messages })).status).toBe(404);
  });

  it("gives countPromptTokens llama.cpp's count through the template, after input_tokens is not found", async () => {
    const profile = createEndpointProfile({ id: "p", name: "p", baseUrl: `${server.url}/with-tokenize/v1` });
    const result = await countPromptTokens(profile, { model: "test-model", messages: messages as { role: "system" | "user"; content: string }[] });
    // <|im_start|> "system\nS" (4) <|im_end|> "\n" <|im_start|> "user\nU" (3) <|im_end|> "\n" <|im_start|> "assistant\n" (5)
    expect(result).toEqual({ ok: true, tokens: 1 + 4 + 1 + 1 + 1 + 3 + 1 + 1 + 1 + 5, source: "llama.cpp tokenize" });
    const plain = createEndpointProfile({ id: "q", name: "q", baseUrl: `${server.url}/v1` });
    expect((await countPromptTokens(plain, { model: "test-model", messages: [] })).ok).toBe(false);
  });
});
