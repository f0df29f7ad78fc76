/**
 * "Copy as code": the assembled request as curl, TypeScript and Python (openai SDK). The key is
 * always a placeholder read from OPENAI_API_KEY: these functions are never given the real one,
 * so a snippet pasted into a chat or a ticket cannot leak it. The URL is the endpoint's own
 * (never the app's proxy), since the snippet runs outside the browser.
 */
import type { ChatRequest } from "./assembly-types.ts";
import type { EndpointProfile } from "./client/profile.ts";

export type CodeTarget = Pick<EndpointProfile, "baseUrl" | "extraHeaders">;

const base = (p: CodeTarget) => p.baseUrl.replace(/\/+$/, "");

/** Single-quoted for POSIX shells: only ' needs escaping. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(request: ChatRequest, profile: CodeTarget): string {
  const lines = [
    `curl ${request.stream ? "-N " : ""}${shellQuote(`${base(profile)}/chat/completions`)}`,
    `  -H "Content-Type: application/json"`,
    `  -H "Authorization: Bearer $OPENAI_API_KEY"`,
    ...Object.entries(profile.extraHeaders).map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)}`),
  ];
  // A quoted heredoc passes the body byte for byte: no shell expansion, no quoting to get wrong.
  let fence = "JSON";
  const body = JSON.stringify(request, null, 2);
  while (body.split("\n").includes(fence)) fence += "_";
  return `${lines.join(" \\\n")} \\\n  --data-binary @- <<'${fence}'\n${body}\n${fence}\n`;
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

export function toTypeScript(request: ChatRequest, profile: CodeTarget): string {
  const headers = Object.keys(profile.extraHeaders).length ? `\n  defaultHeaders: ${indent(JSON.stringify(profile.extraHeaders, null, 2), "  ")},` : "";
  const paramsType = request.stream ? "ChatCompletionCreateParamsStreaming" : "ChatCompletionCreateParamsNonStreaming";
  const body = JSON.stringify(request, null, 2);
  const call = request.stream
    ? `const stream = await client.chat.completions.create(body);\nfor await (const chunk of stream) {\n  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");\n}\n`
    : `const completion = await client.chat.completions.create(body);\nconsole.log(completion.choices[0]?.message.content);\n`;
  return (
    `import OpenAI from "openai";\n\n` +
    `const client = new OpenAI({\n  baseURL: ${JSON.stringify(base(profile))},\n  apiKey: process.env.OPENAI_API_KEY,${headers}\n});\n\n` +
    `const body: OpenAI.Chat.${paramsType} = ${body};\n\n` +
    call
  );
}

/** A JSON value as a Python literal (True/False/None; JSON string escapes are valid Python). */
function pythonLiteral(value: unknown, pad = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  const inner = pad + "    ";
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => inner + pythonLiteral(v, inner)).join(",\n")},\n${pad}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)}`).join(",\n")},\n${pad}}`;
}

export function toPython(request: ChatRequest, profile: CodeTarget): string {
  const headers = Object.keys(profile.extraHeaders).length ? `\n    default_headers=${pythonLiteral(profile.extraHeaders, "    ")},` : "";
  const call = request.stream
    ? `stream = client.chat.completions.create(**body)\nfor chunk in stream:\n    if chunk.choices:\n        print(chunk.choices[0].delta.content or "", end="", flush=True)\nprint()\n`
    : `completion = client.chat.completions.create(**body)\nprint(completion.choices[0].message.content)\n`;
  return (
    `import os\n\nfrom openai import OpenAI\n\n` +
    `client = OpenAI(\n    base_url=${JSON.stringify(base(profile))},\n    api_key=os.environ["OPENAI_API_KEY"],${headers}\n)\n\n` +
    `body = ${pythonLiteral(request)}\n\n` +
    call
  );
}
