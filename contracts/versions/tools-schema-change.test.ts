/**
 * Issue 11's tools (schema/tools.ts) were added to the format the way schema-change.test.ts
 * proves safe: `tools` on the body, `tools` on a test case and `model.tool_choice` are optional
 * without a default, so every existing file and every published version reads, writes and
 * hashes exactly as before, in revision @2, with no migration. These tests pin that against the
 * real fixtures, and show a contract that does declare tools publishes and reads back.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_FORMAT } from "../schema/contract.ts";
import { parseContract, serializeContract } from "../parse.ts";
import { contentHash } from "./hash.ts";
import { draftBody, findVersionByHash, publishVersion, versionBody, versionContentHash } from "./publish.ts";

const FIXTURES = join(import.meta.dirname, "../migrations/fixtures");
const FILES = ["contract@1.contract.json", "contract@1.hand-written.contract.json", "contract@1.tests.contract.json", "contract@2.contract.json"];
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

describe("adding tools to the format", () => {
  it.each(FILES)("leaves %s without a tools key anywhere, and every stored hash verified", (name) => {
    const text = fixture(name);
    const c = ok(parseContract(text));
    expect("tools" in c).toBe(false);
    expect("tool_choice" in c.model).toBe(false);
    for (const t of c.tests) expect("tools" in t).toBe(false);
    const stored = (JSON.parse(text).history?.versions ?? []) as { hash: string }[];
    c.history?.versions.forEach((v, i) => {
      expect(v.hash).toBe(stored[i]!.hash);
      const body = ok(versionBody(v));
      expect("tools" in body).toBe(false);
    });
  });

  it("hashes a version published in revision @2 the same when read now (the draft equal to it still finds it)", () => {
    const c = ok(parseContract(fixture("contract@2.contract.json")));
    const v = c.history!.versions.find((x) => (x.body as { format: string }).format === CONTRACT_FORMAT)!;
    expect(versionContentHash(v)).toBe(v.hash);
    const restored = ok(versionBody(v));
    expect(findVersionByHash(c, contentHash(restored))?.version).toBe(v.version);
  });

  it("writes the revision @2 fixture back byte for byte", () => {
    const text = fixture("contract@2.contract.json");
    expect(serializeContract(ok(parseContract(text)))).toBe(text);
  });

  it("publishes a draft with tools, whose hash covers them and which reads back with them", () => {
    const c = ok(parseContract(fixture("contract@2.contract.json")));
    const withTools = ok(
      parseContract({
        ...JSON.parse(serializeContract(c)),
        policy: { ...c.policy, humanConfirmation: ["issue a refund"] },
        tools: [
          { name: "lookup_order", description: "Finds an order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } },
          { name: "issue_refund", requiresConfirmation: true, confirmationAction: "issue a refund" },
        ],
        model: { ...c.model, tool_choice: "auto" },
      }),
    );
    expect(contentHash(draftBody(withTools))).not.toBe(contentHash(draftBody(c)));
    const published = ok(publishVersion(withTools, { message: "Tools", now: "2026-12-03T00:00:00.000Z" }));
    const back = ok(parseContract(serializeContract(published)));
    const last = back.history!.versions.at(-1)!;
    expect(versionContentHash(last)).toBe(last.hash);
    const body = ok(versionBody(last));
    expect(body.tools?.map((t) => [t.name, t.requiresConfirmation, t.parameters])).toEqual([
      ["lookup_order", false, { type: "object", properties: { id: { type: "string" } }, required: ["id"] }],
      ["issue_refund", true, { type: "object", properties: {} }],
    ]);
    // Adding tools and a required tool parameter is at least a minor change.
    expect(last.version).toBe("1.2.0");
  });
});

describe("tool rules of the format", () => {
  const base = JSON.parse(fixture("contract@2.contract.json"));
  delete base.history;
  const errors = (patch: Record<string, unknown>) => {
    const r = parseContract({ ...base, ...patch });
    return r.ok ? [] : r.errors;
  };

  it("names a duplicate tool by its path", () => {
    expect(errors({ tools: [{ name: "a" }, { name: "a" }] })).toEqual([{ path: "tools[1].name", message: "duplicate tool name 'a'" }]);
  });

  it("ties confirmationAction to the policy's human-confirmation list", () => {
    expect(errors({ tools: [{ name: "refund", confirmationAction: "issue a refund" }] })).toEqual([
      { path: "tools[0].confirmationAction", message: "'issue a refund' is not in the policy's human-confirmation actions (the policy lists none)" },
    ]);
    expect(
      errors({ policy: { ...base.policy, humanConfirmation: ["issue a refund"] }, tools: [{ name: "refund", confirmationAction: "issue a refund" }] }),
    ).toEqual([]);
  });

  it("rejects a tool_choice naming no declared tool, and a bad tool name", () => {
    expect(errors({ tools: [{ name: "a" }], model: { model: "m", tool_choice: { name: "b" } } })).toEqual([
      { path: "model.tool_choice.name", message: "no tool named 'b' is declared" },
    ]);
    expect(errors({ tools: [{ name: "has space" }] }).map((e) => e.path)).toEqual(["tools[0].name"]);
  });
});
