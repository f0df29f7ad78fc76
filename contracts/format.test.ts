import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseContract, serializeContract } from "./parse.ts";
import { exampleContracts, EXAMPLE_FILES } from "./examples/index.ts";

const EXAMPLES_DIR = join(import.meta.dirname, "examples");
const exampleFiles = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".contract.json"));
const read = (f: string) => readFileSync(join(EXAMPLES_DIR, f), "utf8");

/** A small valid contract that the invalid cases below each break in one place. */
function base(): Record<string, unknown> {
  return {
    format: "contract-studio/contract@1",
    id: "tiny",
    name: "Tiny",
    policy: { role: "You answer questions." },
    task: { instruction: "Answer {{question}}." },
    variables: [{ name: "question", type: "string" }],
    context: { mode: "delimit", items: [{ id: "doc-1", source: "kb://1", content: "text" }] },
    output: { kind: "text" },
  };
}

function errorsOf(input: unknown) {
  const r = parseContract(input);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

describe("the contract format", () => {
  it("ships three examples, and the barrel lists them all", () => {
    expect(exampleFiles.sort()).toEqual(["grounded-answer.contract.json", "meeting-notes.contract.json", "support-triage.contract.json"]);
    expect(Object.keys(EXAMPLE_FILES).sort()).toEqual(exampleFiles);
    expect(exampleContracts().map((c) => c.id)).toEqual(["support-triage", "grounded-answer", "meeting-notes"]);
  });

  it.each(exampleFiles)("%s parses, and serializes back to the same bytes", (file) => {
    const text = read(file);
    const parsed = parseContract(text);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    expect(serializeContract(parsed.value)).toBe(text);
    expect(`${parsed.value.id}.contract.json`).toBe(file);
  });

  it("a minimal contract parses with defaults filled in", () => {
    const r = parseContract(base());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.context.items[0]!.trusted).toBe(false);
      expect(r.value.policy.citations).toBe("none");
    }
  });

  it("refuses an unknown format and says which formats it reads", () => {
    const errors = errorsOf({ ...base(), format: "contract-studio/contract@9" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("format");
    expect(errors[0]!.message).toMatch(/unknown format 'contract-studio\/contract@9'.*contract@1/);
  });

  it("refuses malformed JSON with a position and no stack trace", () => {
    const errors = errorsOf('{"format": "contract-studio/contract@1", "id": }');
    expect(errors[0]!.path).toBe("(file)");
    expect(errors[0]!.message).toMatch(/not valid JSON/);
    expect(errors[0]!.message).not.toMatch(/\n\s+at /);
  });

  it("refuses a file that is not an object", () => {
    expect(errorsOf("[1, 2]")[0]).toEqual({ path: "(file)", message: "must be a JSON object (a contract file)" });
  });

  type Case = [name: string, change: (c: Record<string, any>) => void, path: string, message: RegExp];
  const cases: Case[] = [
    ["missing format", (c) => delete c.format, "format", /is required/],
    ["missing name", (c) => delete c.name, "name", /required/],
    ["bad id", (c) => (c.id = "Not A Slug"), "id", /slug/],
    ["missing role", (c) => (c.policy = {}), "policy.role", /required/],
    ["wrong type of rules", (c) => (c.policy.rules = "be nice"), "policy.rules", /must be a list/],
    ["bad citations value", (c) => (c.policy.citations = "sometimes"), "policy.citations", /one of/],
    ["empty instruction", (c) => (c.task.instruction = ""), "task.instruction", /needs an instruction/],
    ["malformed placeholder", (c) => (c.task.instruction = "Answer {{ the question }}"), "task.instruction", /malformed placeholder/],
    ["duplicate variable", (c) => c.variables.push({ name: "question", type: "string" }), "variables[1].name", /duplicate name 'question'/],
    ["bad variable name", (c) => (c.variables[0].name = "2nd"), "variables[0].name", /must be a name/],
    ["unknown variable type", (c) => (c.variables[0].type = "date"), "variables[0].type", /one of/],
    ["enum without options", (c) => c.variables.push({ name: "tier", type: "enum" }), "variables[1].options", /at least one option/],
    ["default of the wrong type", (c) => c.variables.push({ name: "n", type: "number", default: "five" }), "variables[1].default", /must be a number/],
    [
      "duplicate context id",
      (c) => c.context.items.push({ id: "doc-1", source: "kb://2", content: "" }),
      "context.items[1].id",
      /duplicate context item id 'doc-1'/,
    ],
    ["context item without source", (c) => delete c.context.items[0].source, "context.items[0].source", /required/],
    ["unknown context mode", (c) => (c.context.mode = "xml"), "context.mode", /one of/],
    ["unknown field", (c) => (c.policy.persona = "pirate"), "policy", /unknown field 'persona'/],
    ["unknown output kind", (c) => (c.output = { kind: "yaml" }), "output.kind", /one of/],
    ["sections output without sections", (c) => (c.output = { kind: "sections", sections: [] }), "output.sections", /at least one section/],
    ["bad schema name", (c) => (c.output = { kind: "json_schema", name: "my schema", schema: {} }), "output.name", /letters, digits/],
    ["temperature out of range", (c) => (c.model = { model: "m", temperature: 3 }), "model.temperature", /at most 2/],
    ["duplicate test id", (c) => (c.tests = [{ id: "t" }, { id: "t" }]), "tests[1].id", /duplicate test id/],
    ["test variable of the wrong type", (c) => (c.tests = [{ id: "t", variables: { question: 5 } }]), "tests[0].variables.question", /must be a string/],
    ["unknown assertion", (c) => (c.tests = [{ id: "t", assertions: [{ type: "vibes" }] }]), "tests[0].assertions[0].type", /one of/],
  ];

  it.each(cases)("%s is reported at its path", (_name, change, path, message) => {
    const c = base() as Record<string, any>;
    change(c);
    const errors = errorsOf(c);
    const hit = errors.find((e) => e.path === path);
    expect(hit, `errors were: ${JSON.stringify(errors)}`).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("every error of a badly broken file names a path, never the file as a whole", () => {
    const c = base() as Record<string, any>;
    c.id = "BAD";
    c.policy.role = "";
    c.variables.push({ name: "question", type: "blob" });
    c.context.items.push({ id: "doc-1", content: 3 });
    const errors = errorsOf(c);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    for (const e of errors) {
      expect(e.path).not.toBe("(file)");
      expect(e.message).not.toMatch(/^\s*$/);
    }
  });
});
