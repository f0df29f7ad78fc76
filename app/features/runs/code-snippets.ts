/**
 * Snippets for "Copy as code". The key is always the OPENAI_API_KEY placeholder: this function
 * is never given one. (Stand-in until contracts/code-export.ts lands; same inputs.)
 */
import type { ChatRequest } from "../../../contracts/assembly-types.ts";
import type { SnippetLanguage } from "../../../components/runs/code-dialog.tsx";

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function snippetsFor(request: ChatRequest, baseUrl: string, extraHeaders: Record<string, string>): Record<SnippetLanguage, string> {
  const base = baseUrl.replace(/\/+$/, "");
  const body = JSON.stringify(request, null, 2);
  const headerLines = Object.entries(extraHeaders).map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)} \\`);
  const curl = [
    `curl ${shellQuote(`${base}/chat/completions`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "Authorization: Bearer $OPENAI_API_KEY" \\`,
    ...headerLines,
    `  -d ${shellQuote(JSON.stringify(request))}`,
  ].join("\n");
  const hdrs = Object.keys(extraHeaders).length ? `,\n  defaultHeaders: ${JSON.stringify(extraHeaders)}` : "";
  const stream = request.stream === true;
  const ts = [
    `import OpenAI from "openai";`,
    ``,
    `const client = new OpenAI({\n  baseURL: ${JSON.stringify(base)},\n  apiKey: process.env.OPENAI_API_KEY${hdrs},\n});`,
    ``,
    stream
      ? `const stream = await client.chat.completions.create(${body});\nfor await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`
      : `const completion = await client.chat.completions.create(${body});\nconsole.log(completion.choices[0]?.message.content);`,
  ].join("\n");
  const py = [
    `import json, os`,
    `from openai import OpenAI`,
    ``,
    `client = OpenAI(base_url=${JSON.stringify(base)}, api_key=os.environ["OPENAI_API_KEY"]${Object.keys(extraHeaders).length ? `, default_headers=json.loads(${JSON.stringify(JSON.stringify(extraHeaders))})` : ""})`,
    `request = json.loads(${JSON.stringify(JSON.stringify(request))})`,
    stream
      ? `for chunk in client.chat.completions.create(**request):\n    if chunk.choices:\n        print(chunk.choices[0].delta.content or "", end="")`
      : `completion = client.chat.completions.create(**request)\nprint(completion.choices[0].message.content)`,
  ].join("\n");
  return { curl, typescript: ts, python: py };
}
