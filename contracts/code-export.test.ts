import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../e2e/server/test-server.ts";
import type { ChatRequest } from "./assembly-types.ts";
import { toCurl, toPython, toTypeScript } from "./code-export.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(() => server.close());

const request: ChatRequest = {
  model: "test-echo",
  messages: [
    { role: "system", content: "Be terse. It's 'quoted' and \"double\" and $HOME and `ticks`." },
    { role: "user", content: "JSON\nline two ünï 🙂" },
  ],
  response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object", properties: {}, additionalProperties: false }, strict: true } },
  temperature: 0,
  stream: false,
};
const profile = () => ({ baseUrl: `${server.url}/v1/`, extraHeaders: { "X-Title": "Contract Studio" } });

describe("copy as code", () => {
  it("never contains a key, only the OPENAI_API_KEY placeholder", () => {
    // The exporters are not even given a key; this pins that the snippets read it from the environment.
    expect(toCurl(request, profile())).toContain("Bearer $OPENAI_API_KEY");
    expect(toTypeScript(request, profile())).toContain("apiKey: process.env.OPENAI_API_KEY");
    expect(toPython(request, profile())).toContain('api_key=os.environ["OPENAI_API_KEY"]');
    for (const snippet of [toCurl, toTypeScript, toPython].map((f) => f(request, profile()))) expect(snippet).not.toMatch(/sk-[A-Za-z0-9]/);
  });

  it("gives a curl command that sends the exact request", async () => {
    // Async: a sync child would block this process, and with it the test server it calls.
    const { stdout: out } = await promisify(execFile)("bash", ["-c", toCurl(request, profile())], {
      env: { PATH: process.env.PATH, OPENAI_API_KEY: "sk-from-env" },
      encoding: "utf8",
    });
    expect(JSON.parse(out).choices[0].message.content).toBe("JSON\nline two ünï 🙂");
  });

  it("gives Python that parses, with Python literals", () => {
    const code = toPython({ ...request, stream: true }, profile());
    expect(code).toContain('"strict": True');
    expect(code).toContain("for chunk in stream:");
    execFileSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], { input: code });
  });

  it("gives TypeScript typed with the SDK's request params", () => {
    expect(toTypeScript(request, profile())).toContain("const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {");
    expect(toTypeScript({ ...request, stream: true }, profile())).toContain("for await (const chunk of stream)");
    expect(toTypeScript(request, profile())).toContain('baseURL: "http://127.0.0.1:');
  });
});
