import { describe, expect, it } from "vitest";
import type { Contract } from "./schema/contract.ts";
import { publishVersion, moveLabel } from "./versions/publish.ts";
import { testContract } from "./versions/test-contract.ts";
import { reviewMarkdown, reviewModel } from "./review.ts";

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}

function twoVersions(): Contract {
  const v1 = ok(publishVersion(testContract(), { message: "First release", now: "2026-01-01T00:00:00Z" }));
  const schema = structuredClone((v1.output as unknown as { schema: { properties: Record<string, unknown>; required: string[] } }).schema);
  delete schema.properties.priority;
  schema.required = schema.required.filter((r) => r !== "priority");
  const edited = {
    ...v1,
    output: { ...v1.output, schema } as Contract["output"],
    policy: { ...v1.policy, rules: [...v1.policy.rules, "Never share internal notes"] },
  };
  const v2 = ok(publishVersion(edited, { message: "Drop priority", now: "2026-01-02T00:00:00Z", review: { status: "approved", by: "Ana (PM)", at: "Jan 2" } }));
  return ok(moveLabel(v2, "production", "2.0.0", { now: "2026-01-03T00:00:00Z" }));
}

describe("review view", () => {
  const md = ok(reviewMarkdown(twoVersions(), "2.0.0", { latestResults: [{ testId: "late-refund", passed: true, model: "gpt-4o-mini" }] }));

  it("says what the assistant is, what it must and must not do, and how it refuses", () => {
    expect(md).toContain("# Support triage: version 2.0.0");
    expect(md).toContain("## What the assistant is\n\nYou triage customer support tickets for Acme.");
    expect(md).toMatch(/## What it must do\n\n- Answer only from the context\n- Reply in under 120 words/);
    expect(md).toMatch(
      /## What it must not do\n\n- Never promise refunds\n- Never share internal notes\n- Help with legal advice\n- Issue a refund without a person's confirmation/,
    );
    expect(md).toContain("- Refusal style: Politely decline and point to the help centre.");
    expect(md).toContain("> Review: approved by Ana (PM) (Jan 2)");
    expect(md).toContain("> Labels: production");
  });

  it("lists the context with its sources, the output fields as a table and the test cases with results", () => {
    expect(md).toContain("| kb-1 | Refund policy | retrieval | kb://refunds#1 | no |");
    expect(md).toContain("| Path | Type | Required | Description |");
    expect(md).toContain('| `customer.tier` | one of: "free", "pro" | yes |   |');
    expect(md).toContain("| `lines[].sku` | string | yes |   |");
    expect(md).not.toContain("`priority`  |");
    expect(md).toContain("| late-refund (Refund after 30 days) | The answer is JSON that matches the output schema. | pass [gpt-4o-mini] |");
    expect(md).toMatch(/^Every case also checks, from the contract: The answer is JSON that matches the output schema\. The answer is complete/m);
  });

  it("says what changed since the previous version, in sentences from the diff", () => {
    expect(md).toContain("## What changed since version 1.0.0");
    expect(md).toContain("Verdict: **major** (next version 2.0.0)");
    expect(md).toContain("- major: Output field `priority` removed (readers of the output will break)");
    expect(md).toContain("- minor: Rule added: 'Never share internal notes'");
  });

  it("has no comparison for the first version, and compares the draft with the latest version", () => {
    const c = twoVersions();
    expect(ok(reviewModel(c, "1.0.0")).changes).toBeUndefined();
    const draft = ok(reviewModel({ ...c, name: "Ticket triage" }));
    expect(draft.version).toBe("draft");
    expect(draft.changes).toMatchObject({
      since: "2.0.0",
      level: "patch",
      sentences: [{ level: "patch", sentence: "Name changed from 'Support triage' to 'Ticket triage'" }],
    });
  });

  it("gives the UI the same content as structured data", () => {
    const m = ok(reviewModel(twoVersions(), "2.0.0"));
    expect(m.output.fields.find((f) => f.path === "reply")).toEqual({
      path: "reply",
      type: "string",
      required: true,
      description: "Draft reply to the customer",
    });
    expect(m.context.items.map((i) => i.source)).toEqual(["kb://refunds#1", "kb://shipping#2"]);
    expect(m.tests[0]!.checks).toEqual(["The answer is JSON that matches the output schema."]);
    expect(m.impliedChecks[0]).toBe("The answer is JSON that matches the output schema.");
    expect(m.impliedChecks).toContain("The answer is complete, not cut off at the token limit.");
  });

  it("escapes table cells and reports a missing version", () => {
    const c = testContract((x) => void (x.context!.items![0]!.label = "a | b\nc"));
    expect(ok(reviewMarkdown(c))).toContain("| kb-1 | a \\| b<br>c |");
    expect(reviewMarkdown(c, "3.0.0").ok).toBe(false);
  });

  it("summarises the latest runs of this version, says when there are none, and stays silent when it is not told", () => {
    const c = twoVersions();
    const runs = { count: 3, keptContract: 2, latest: { status: "ok" as const, model: "gpt-4o-mini", latencyMs: 812.4, at: "2026-01-04T09:00:00.000Z" } };
    expect(ok(reviewModel(c, "2.0.0", { latestRuns: runs })).latestRuns).toEqual(runs);
    expect(ok(reviewMarkdown(c, "2.0.0", { latestRuns: runs }))).toContain(
      "## Latest runs of this version\n\n3 runs, 2 kept the contract.\n\nLatest: ok, gpt-4o-mini, 812 ms, 2026-01-04T09:00:00.000Z\n",
    );
    expect(ok(reviewMarkdown(c, "2.0.0", { latestRuns: { count: 0, keptContract: 0 } }))).toContain(
      "## Latest runs of this version\n\nNo runs of this version yet.\n",
    );
    // The CLI has no run history: no section rather than a false "no runs".
    expect(ok(reviewMarkdown(c, "2.0.0"))).not.toContain("Latest runs");
  });
  it("lists the tools it may call, what each needs and which a person confirms first; says nothing of tools when there are none", () => {
    const base = testContract();
    const withTools: Contract = {
      ...base,
      tools: [
        { name: "lookup_order", description: "Find an order.", parameters: { type: "object", required: ["order_id"] }, requiresConfirmation: false },
        {
          name: "refund_order",
          description: "Refund an order.",
          parameters: { type: "object" },
          requiresConfirmation: true,
          confirmationAction: "issue a refund",
        },
      ],
    };
    const m = ok(reviewModel(withTools));
    expect(m.tools).toEqual([
      { name: "lookup_order", description: "Find an order.", requiredInputs: ["order_id"], confirmation: "no" },
      { name: "refund_order", description: "Refund an order.", requiredInputs: [], confirmation: "yes: issue a refund" },
    ]);
    const text = ok(reviewMarkdown(withTools));
    expect(text).toMatch(/## Tools it may call\n\n\| Tool \| What it does \| Needs \| A person confirms first \|/);
    expect(text).toContain("| refund_order | Refund an order. |   | yes: issue a refund |");
    expect(ok(reviewMarkdown(base))).not.toContain("## Tools it may call");
  });
});
