/**
 * Golden outputs: the exact request each example assembles to, with its issues and token
 * counts, plus the messages as plain text for a person to review in a diff.
 * Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run contracts/assemble-golden
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assemble } from "./assemble.ts";
import { exampleContracts } from "./examples/index.ts";
import { loadEncoding } from "./tokens.ts";

const DIR = join(import.meta.dirname, "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function compare(file: string, actual: string) {
  const path = join(DIR, file);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`golden file ${file} was missing and has been written; check it and commit it`);
    return;
  }
  expect(actual, `${file} differs; if the change is intended run UPDATE_GOLDEN=1`).toBe(readFileSync(path, "utf8"));
}

describe("golden assembly of the examples", () => {
  beforeAll(() => loadEncoding("o200k_base"));

  it.each(exampleContracts().map((c) => [c.id, c] as const))("%s assembles to its golden request", (id, contract) => {
    const result = assemble(contract, {}, { canary: "CANARY-0000" });
    expect(result.ok).toBe(true);
    expect(result.body).toBe(JSON.stringify(result.request));
    const { request, issues, tokens, boundary } = result;
    compare(`${id}.request.json`, JSON.stringify({ boundary, issues, tokens, request }, null, 2) + "\n");
    compare(`${id}.messages.txt`, request.messages.map((m) => `===== ${m.role} =====\n${m.content}`).join("\n") + "\n");
  });
});
