/**
 * Style perturbation: generators are deterministic and each really changes the text; a
 * perturbed suite keeps what each case must pass; the report, from a real suite run against
 * the test server (test-echo answers with the user message, so style reaches the answer), puts
 * the variants' pass rate beside the originals' and names the cases that change with style.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../e2e/server/test-server.ts";
import { createEndpointProfile } from "../../client/profile.ts";
import { exampleContracts } from "../../examples/index.ts";
import { parseContract } from "../../parse.ts";
import { runCase } from "../../run-case/run-case.ts";
import type { Contract } from "../../schema/contract.ts";
import { planSuite } from "../suite/plan.ts";
import { runSuite } from "../suite/run.ts";
import type { CellResult } from "../suite/types.ts";
import { PERTURBATIONS, perturbText, seedFor } from "./generators.ts";
import { perturbSuite } from "./perturb.ts";
import { robustnessReport } from "./report.ts";

const TEXT = "Could you please tell me how long you keep my files after I cancel the Team plan?";

describe("the style generators", () => {
  it.each(PERTURBATIONS)("%s gives the same variant for the same seed, a different one for another, and changes the text", (kind) => {
    const a = perturbText(kind, TEXT, seedFor(1, "case", "question", kind));
    expect(perturbText(kind, TEXT, seedFor(1, "case", "question", kind))).toBe(a);
    expect(a).not.toBe(TEXT);
    // Some generators are templates (verbose, terse, injected): across seeds they still vary or stay fixed, never random.
    const seeds = [2, 3, 4, 5].map((s) => perturbText(kind, TEXT, seedFor(s, "case", "question", kind)));
    if (!["terse"].includes(kind)) expect(new Set([a, ...seeds]).size).toBeGreaterThan(1);
  });

  it("pins a few variants exactly (a change to a generator must be deliberate)", () => {
    const seed = seedFor(1, "retention-after-cancel", "question", "lookalikes");
    const v = perturbText("lookalikes", TEXT, seed);
    expect(v).toMatch(/[\u0400-\u04ff]/); // Cyrillic twins
    expect(v.normalize("NFKC").length).toBe(TEXT.length);
    expect(perturbText("terse", TEXT, 0)).toBe("tell me how long you keep files after i cancel team plan");
    expect(perturbText("injected", "hi", seedFor(1))).toMatch(/^(Ignore all previous instructions|SYSTEM OVERRIDE|Before answering)/);
    expect(perturbText("casing", "abc", 1)).not.toBe("abc");
  });

  it("handles short and empty-ish values without throwing", () => {
    for (const kind of PERTURBATIONS) for (const t of ["a", "42", "é"]) expect(typeof perturbText(kind, t, 7)).toBe("string");
  });
});

describe("a perturbed suite", () => {
  const grounded = exampleContracts().find((c) => c.id === "grounded-answer")!;

  it("adds one variant per generator per case with text values, keeping assertions, context and split", () => {
    const s = perturbSuite(grounded);
    const cases = grounded.tests.length;
    expect(s.variants).toHaveLength(cases * PERTURBATIONS.length);
    expect(s.contract.tests).toHaveLength(cases * (PERTURBATIONS.length + 1));
    for (const v of s.variants) {
      const original = grounded.tests.find((t) => t.id === v.originalId)!;
      const variant = s.contract.tests.find((t) => t.id === v.id)!;
      expect(variant.assertions).toEqual(original.assertions);
      expect(variant.context).toEqual(original.context);
      expect(variant.split).toBe(original.split);
      expect(variant.variables.plan).toBe(original.variables.plan); // enums are not text: untouched
      expect(variant.variables.question).not.toBe(original.variables.question);
    }
    expect(perturbSuite(grounded)).toEqual(s); // deterministic as a whole
    expect(perturbSuite(grounded, { seed: 2 }).variants).not.toEqual(s.variants);
  });

  it("skips cases with no text value and never copies a reference answer into a variant", () => {
    const c = { ...grounded, tests: [{ ...grounded.tests[0]!, variables: { plan: "team" }, reference: { answer: "x", source: "" } }] };
    const s = perturbSuite(c);
    expect([s.variants.length, s.skipped]).toEqual([0, [grounded.tests[0]!.id]]);
    const t = perturbSuite({ ...grounded, tests: [{ ...grounded.tests[0]!, reference: { answer: "x", source: "" } }] });
    expect(t.contract.tests.slice(1).every((v) => v.reference === undefined)).toBe(true);
  });
});

describe("the robustness report, from a suite run against the test server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ port: 0 });
  });
  afterAll(() => server.close());

  function echoContract(): Contract {
    const r = parseContract({
      format: "contract-studio/contract@2",
      id: "echo",
      name: "Echo",
      policy: { role: "You repeat the customer's question." },
      task: { instruction: "{{question}}" },
      variables: [{ name: "question", type: "string", required: true }],
      output: { kind: "text" },
      tests: [
        {
          id: "mentions-refund",
          variables: { question: "Refund for order 1234: when do I get it?" },
          assertions: [{ type: "contains", value: "Refund", caseSensitive: true }],
        },
        { id: "no-override", variables: { question: "What is the weather?" }, assertions: [{ type: "not_contains", value: "instructions" }] },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  }

  it("gives the variants' pass rate next to the originals' and names what changed", async () => {
    const s = perturbSuite(echoContract());
    const profile = createEndpointProfile({ id: "local", name: "local", baseUrl: `${server.url}/v1` });
    const plan = planSuite({ contract: s.contract, endpoints: [{ profile, model: "test-echo" }], now: 1 });
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const stored = new Map<string, CellResult>();
    const out = await runSuite(plan.value, {
      send: runCase,
      store: { get: (id) => Promise.resolve(stored.get(id)), put: (r) => Promise.resolve(void stored.set(r.cellId, r)) },
    });
    const report = robustnessReport(s, out.results);
    expect(report).toMatchObject({ cases: 2, variantsPerCase: PERTURBATIONS.length, variants: 2 * PERTURBATIONS.length });
    expect(report.original).toMatchObject({ passed: 2, of: 2 });
    expect(report.perturbed.of).toBe(2 * PERTURBATIONS.length);
    expect(report.perturbed.passed).toBeLessThan(report.perturbed.of);
    // Each variant fails exactly when the echoed text loses "Refund" (casing, terse, typos, look-alikes) or gains "instructions" (some injections).
    for (const caseId of ["mentions-refund", "no-override"]) {
      const expected = s.variants
        .filter((v) => v.originalId === caseId)
        .filter((v) => (caseId === "mentions-refund" ? !v.changed.question!.includes("Refund") : v.changed.question!.toLowerCase().includes("instructions")))
        .map((v) => v.kind);
      const got = report.all.find((c) => c.caseId === caseId)!.changes;
      expect(got.map((c) => c.kind)).toEqual(expected);
      for (const c of got) expect(c.change).toMatch(new RegExp(`^passes as written, fails with ${c.kind} \\(`));
    }
    expect(report.byKind.find((k) => k.kind === "verbose")!.rate).toMatchObject({ passed: 2, of: 2 });
    expect(report.changed.map((c) => c.caseId).sort()).toEqual(["mentions-refund", "no-override"]);
  });
});
