/**
 * test-generator: deterministic answers to Contract Studio's generation prompts
 * (contracts/generate), recognised by the marker in their system message.
 *  - Case generation: one case per coverage target listed in the prompt (`  - id: goal`), with
 *    values of each listed variable's type, then two cases that must be dropped in review: one
 *    with a variable the contract does not declare, one with an assertion type that does not exist.
 *  - A fix proposal: the contract's rules plus one new rule, with an explanation naming the
 *    failing case ids.
 * Any other request gets the ordinary answer.
 */

// The markers of contracts/generate/cases-prompt.ts and fix-prompt.ts (generation.test.ts checks they match).
export const CASES_MARKER = "[contract-studio:generate-cases]";
export const FIX_MARKER = "[contract-studio:propose-fix]";
export const ADDED_RULE = "Always end the reply by naming the next step the customer can take.";

interface Msg {
  role: string;
  content: unknown;
}
const text = (m: Msg | undefined) => (m && typeof m.content === "string" ? m.content : "");

export function wantsGenerator(model: string): boolean {
  return model.split("+").some((f) => f.trim().replace(/^test-/, "") === "generator");
}

function valueFor(type: string, options: string[], i: number): unknown {
  if (type === "enum") return options[i % Math.max(1, options.length)] ?? "";
  if (type === "number") return [0, -1, 1e9][i % 3];
  if (type === "boolean") return i % 2 === 0;
  if (type === "json") return {};
  return ["Where is my parcel?", "Ok", "¿Dónde está mi pedido? ".repeat(3).trim()][i % 3];
}

function casesAnswer(user: string): string {
  const variables = [
    ...user.matchAll(/^ {2}- ([A-Za-z_][A-Za-z0-9_]*): (string|number|boolean|enum|json)(?: \(one of: ([^)]*)\))?, (required|optional)/gm),
  ].map((m) => ({
    name: m[1]!,
    type: m[2]!,
    options: m[3] ? m[3].split(", ") : [],
  }));
  const targets = [...user.matchAll(/^ {2}- ([a-z][a-z0-9_-]*): (.+)$/gm)]
    .map((m) => ({ id: m[1]!, goal: m[2]! }))
    .filter((t) => !variables.some((v) => v.name === t.id));
  const cases: unknown[] = targets.map((t, i) => ({
    id: `gen-${t.id}`,
    name: t.goal.length > 70 ? `${t.goal.slice(0, 69)}…` : t.goal,
    covers: [t.id],
    split: t.id.startsWith("domain-out") || t.id === "refusal" ? "adversarial" : "dev",
    tags: ["generated"],
    variables: Object.fromEntries(variables.map((v) => [v.name, valueFor(v.type, v.options, i)])),
    assertions:
      t.id === "refusal" || t.id.startsWith("domain-out") ? [{ type: "is_refusal" }] : t.id === "unknown" ? [{ type: "says_idk" }] : [{ type: "not_refusal" }],
  }));
  cases.push(
    { id: "gen-undeclared", name: "uses a variable the contract lacks", covers: [], variables: { nonexistent: "x" }, assertions: [] },
    { id: "gen-bad-assertion", name: "an assertion type that does not exist", covers: [], variables: {}, assertions: [{ type: "looks_good" }] },
  );
  return JSON.stringify({ cases }, null, 2);
}

function fixAnswer(user: string): string {
  const body = /^The contract[^\n]*:\n([\s\S]*?)\n\nFailing cases/m.exec(user)?.[1];
  let rules: string[] = [];
  try {
    const parsed = JSON.parse(body ?? "{}") as { policy?: { rules?: unknown } };
    rules = Array.isArray(parsed.policy?.rules) ? parsed.policy.rules.filter((r): r is string => typeof r === "string") : [];
  } catch {
    // not the prompt we know: propose the rule alone
  }
  const ids = [...user.matchAll(/^- ([A-Za-z0-9][A-Za-z0-9._-]*)[ ,]/gm)].map((m) => m[1]);
  return JSON.stringify({
    explanation: `The failing cases (${ids.join(", ")}) end without telling the customer what happens next; a rule asks for it.`,
    patch: { policy: { rules: [...rules, ADDED_RULE] } },
  });
}

/** The answer to a generation prompt, or null for any other request (or another mode). */
export function generationAnswer(model: string, messages: readonly Msg[]): string | null {
  if (!wantsGenerator(model)) return null;
  const system = messages
    .filter((m) => m.role === "system")
    .map(text)
    .join("\n");
  const user = text([...messages].reverse().find((m) => m.role === "user"));
  if (system.includes(CASES_MARKER)) return casesAnswer(user);
  if (system.includes(FIX_MARKER)) return fixAnswer(user);
  return null;
}
