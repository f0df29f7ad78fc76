import { describe, expect, it } from "vitest";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { createAssembleClient } from "./assemble-client.ts";

describe("assemble client (main-thread fallback)", () => {
  it("assembles with token counts per section", async () => {
    const client = createAssembleClient({ useWorker: false });
    const [c] = exampleContracts();
    const out = await client.request(c!, "o200k_base");
    expect(out?.failure).toBeNull();
    expect(out?.validation).toEqual([]);
    expect(out?.result?.tokens?.sections.policy).toBeGreaterThan(0);
    expect(out?.result?.body).toBe(JSON.stringify(out?.result?.request));
  });

  it("latest request wins: superseded requests resolve null", async () => {
    const client = createAssembleClient({ useWorker: false });
    const [a, b, c] = exampleContracts();
    const results = await Promise.all([client.request(a!, "o200k_base"), client.request(b!, "o200k_base"), client.request(c!, "o200k_base")]);
    expect(results[0]).toBeNull();
    expect(results[1]).toBeNull();
    expect(results[2]?.result?.request.messages[1]?.content).toContain(c!.task.instruction.slice(0, 20));
  });

  it("reports format errors of the draft without failing", async () => {
    const client = createAssembleClient({ useWorker: false });
    const [a] = exampleContracts();
    const out = await client.request({ ...a!, policy: { ...a!.policy, role: "" } }, "o200k_base");
    expect(out?.validation.map((e) => e.path)).toContain("policy.role");
    expect(out?.result).not.toBeNull();
  });
});
