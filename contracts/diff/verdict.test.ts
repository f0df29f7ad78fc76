import { describe, expect, it } from "vitest";
import type { ContractInput } from "../schema/contract.ts";
import { testContract } from "../versions/test-contract.ts";
import { allChanges, diffContracts, suggestNextVersion } from "./diff-contracts.ts";
import type { VerdictLevel } from "./types.ts";

// The test contract's output schema, loosely typed so cases can edit any keyword.
type Loose = any;
type Edit = (c: ContractInput & Loose) => void;
const schema = (c: Loose): Loose => c.output.schema;
const props = (c: Loose): Loose => c.output.schema.properties;
const dropRequired = (s: Loose, name: string) => (s.required = s.required.filter((r: string) => r !== name));

const toSections: Edit = (c) => {
  c.output = {
    kind: "sections",
    sections: [
      { heading: "Summary", required: true, description: "One paragraph" },
      { heading: "Next steps", required: false },
    ],
  };
};

interface Case {
  name: string;
  /** Applied to both sides before `after`, to set up a starting point other than the base contract. */
  before?: Edit;
  after: Edit;
  level: VerdictLevel;
  /** A reason sentence must contain this. */
  says?: string;
  /** Some change must have this JSON path. */
  path?: string;
}

const cases: Case[] = [
  // identical / wording
  { name: "identical contracts", after: () => {}, level: "none" },
  {
    name: "same content with keys in another order",
    after: (c) => {
      c.output.schema = Object.fromEntries(Object.entries(schema(c)).reverse());
      c.policy = Object.fromEntries(Object.entries(c.policy).reverse()) as Loose;
    },
    level: "none",
  },
  {
    name: "task instruction edited",
    after: (c) => {
      c.task.instruction = "Please triage this ticket from {{customer}}:\n\n{{ticket}}";
    },
    level: "patch",
    says: "Task instruction edited",
    path: "task.instruction",
  },
  {
    name: "rule reworded",
    after: (c) => {
      c.policy.rules![0] = "Never promise any refunds";
    },
    level: "patch",
    says: "Rule reworded",
  },
  {
    name: "refusal style changed",
    after: (c) => {
      c.policy.refusalStyle = "Decline briefly and offer a human agent.";
    },
    level: "patch",
    says: "Refusal style changed",
  },
  {
    name: "tone changed",
    after: (c) => {
      c.policy.tone = "formal";
    },
    level: "patch",
    says: "Tone changed: 'friendly' → 'formal'",
  },
  {
    name: "variable description reworded",
    after: (c) => {
      c.variables![0]!.description = "Name shown to the agent";
    },
    level: "patch",
    says: "Description of variable `customer` reworded",
  },
  {
    name: "context item content changed",
    after: (c) => {
      c.context!.items![0]!.content = "Refunds within 60 days.";
    },
    level: "patch",
    says: "Context item `kb-1` content changed",
    path: "context.items[0].content",
  },
  {
    name: "output field description reworded",
    after: (c) => {
      props(c).reply.description = "Reply draft";
    },
    level: "patch",
    says: "Description of output field `reply` reworded",
  },
  {
    name: "contract name changed",
    after: (c) => {
      c.name = "Ticket triage";
    },
    level: "patch",
    says: "Name changed",
  },
  {
    name: "temperature changed",
    after: (c) => {
      c.model!.temperature = 0.3;
    },
    level: "patch",
    says: "temperature",
  },
  {
    name: "anyOf switched to oneOf",
    after: (c) => {
      props(c).action = { oneOf: props(c).action.anyOf };
    },
    level: "patch",
    says: "switched from anyOf to oneOf",
  },

  // policy and task: minor
  {
    name: "policy rule added",
    after: (c) => {
      c.policy.rules!.push("Never share internal notes");
    },
    level: "minor",
    says: "Rule added: 'Never share internal notes'",
    path: "policy.rules[2]",
  },
  {
    name: "policy rule removed",
    after: (c) => {
      c.policy.rules!.splice(0, 1);
    },
    level: "minor",
    says: "Rule removed: 'Never promise refunds'",
    path: "policy.rules[0]",
  },
  {
    name: "verbosity changed",
    after: (c) => {
      c.policy.verbosity = "detailed";
    },
    level: "minor",
    says: "Verbosity changed from concise to detailed",
  },
  {
    name: "disallowed domain added",
    after: (c) => {
      c.policy.disallowedDomains!.push("medical advice");
    },
    level: "minor",
    says: "Disallowed domain added: 'medical advice'",
  },
  {
    name: "citations changed",
    after: (c) => {
      c.policy.citations = "optional";
    },
    level: "minor",
    says: "Citations changed from required to optional",
  },
  {
    name: "constraint added",
    after: (c) => {
      c.task.constraints!.push("Use the customer's name once");
    },
    level: "minor",
    says: "Constraint added",
  },
  {
    name: "constraint removed",
    after: (c) => {
      c.task.constraints = [];
    },
    level: "minor",
    says: "Constraint removed: 'Reply in under 120 words'",
  },

  // variables: judged from the code that fills them
  {
    name: "required variable added without a default",
    after: (c) => {
      c.variables!.push({ name: "order_id", type: "string" });
    },
    level: "major",
    says: "Required variable `order_id` added without a default",
  },
  {
    name: "required variable added with a default",
    after: (c) => {
      c.variables!.push({ name: "locale", type: "string", default: "en" });
    },
    level: "minor",
    says: "Variable `locale` added with a default",
  },
  {
    name: "optional variable added",
    after: (c) => {
      c.variables!.push({ name: "locale", type: "string", required: false });
    },
    level: "minor",
    says: "Optional variable `locale` added",
  },
  {
    name: "variable removed",
    after: (c) => {
      c.variables!.splice(2, 1);
    },
    level: "major",
    says: "Variable `channel` removed",
  },
  {
    name: "variable renamed",
    after: (c) => {
      c.variables![0]!.name = "customer_name";
      c.variables![0]!.description = "Customer name";
      c.task.instruction = "Triage this ticket from {{customer_name}}:\n\n{{ticket}}";
    },
    level: "major",
    says: "Variable `customer` renamed to `customer_name`",
  },
  {
    name: "variable retyped",
    after: (c) => {
      c.variables![1]!.type = "json";
    },
    level: "major",
    says: "changed type from string to json",
    path: "variables[1].type",
  },
  {
    name: "enum variable option removed",
    after: (c) => {
      c.variables![2]!.options = ["email"];
    },
    level: "major",
    says: "no longer accepts 'chat'",
  },
  {
    name: "enum variable option added",
    after: (c) => {
      c.variables![2]!.options = ["email", "chat", "phone"];
    },
    level: "minor",
    says: "now also accepts 'phone'",
  },
  {
    name: "optional variable made required without default",
    after: (c) => {
      c.variables![2]!.required = true;
      delete c.variables![2]!.default;
    },
    level: "major",
    says: "must now be passed",
  },

  // context
  {
    name: "context item added",
    after: (c) => {
      c.context!.items!.push({ id: "kb-3", source: "kb://returns#1", content: "Returns are free." });
    },
    level: "minor",
    says: "Context item `kb-3` added from 'kb://returns#1'",
  },
  {
    name: "context item removed",
    after: (c) => {
      c.context!.items!.splice(1, 1);
    },
    level: "minor",
    says: "Context item `kb-2` removed",
  },
  {
    name: "context item trusted",
    after: (c) => {
      c.context!.items![0]!.trusted = true;
    },
    level: "minor",
    says: "is now trusted",
  },

  // output: top-level fields
  {
    name: "required output field removed",
    after: (c) => {
      delete props(c).priority;
      dropRequired(schema(c), "priority");
    },
    level: "major",
    says: "Output field `priority` removed (readers of the output will break)",
    path: "output.schema.properties.priority",
  },
  {
    name: "optional output field removed",
    after: (c) => {
      delete props(c).tags;
    },
    level: "major",
    says: "Output field `tags` removed",
  },
  {
    name: "output field renamed",
    after: (c) => {
      props(c).urgency = props(c).priority;
      delete props(c).priority;
      schema(c).required = ["category", "urgency", "reply", "customer", "lines"];
    },
    level: "major",
    says: "Output field `priority` renamed to `urgency`",
  },
  {
    name: "required output field made optional",
    after: (c) => {
      dropRequired(schema(c), "reply");
    },
    level: "major",
    says: "Output field `reply` is no longer required",
  },
  {
    name: "optional output field made required",
    after: (c) => {
      schema(c).required.push("tags");
    },
    level: "minor",
    says: "Output field `tags` is now required",
  },
  {
    name: "output field type changed",
    after: (c) => {
      props(c).priority.type = "string";
    },
    level: "major",
    says: "Output field `priority` changed type from integer to string",
  },
  {
    name: "output field type widened with a type array",
    after: (c) => {
      props(c).reply.type = ["string", "null"];
    },
    level: "major",
    says: "Output field `reply` may now also be null",
  },
  {
    name: "output field type narrowed from a type array",
    before: (c) => {
      props(c).reply.type = ["string", "null"];
    },
    after: (c) => {
      props(c).reply.type = "string";
    },
    level: "minor",
    says: "can no longer be null",
  },
  {
    name: "integer widened to number",
    after: (c) => {
      props(c).priority.type = "number";
    },
    level: "major",
    says: "may now also be number",
  },
  {
    name: "enum value added",
    after: (c) => {
      props(c).category.enum.push("legal");
    },
    level: "major",
    says: "Output field `category` allows a new value 'legal' (readers may not handle it)",
  },
  {
    name: "enum value removed",
    after: (c) => {
      props(c).category.enum = ["billing", "shipping"];
    },
    level: "minor",
    says: "Output field `category` no longer produces 'other'",
  },
  {
    name: "enum dropped entirely",
    after: (c) => {
      delete props(c).category.enum;
    },
    level: "major",
    says: "is no longer limited to",
  },
  {
    name: "optional output field added",
    after: (c) => {
      props(c).language = { type: "string" };
    },
    level: "minor",
    says: "Optional output field `language` added",
  },
  {
    name: "required output field added",
    after: (c) => {
      props(c).language = { type: "string" };
      schema(c).required.push("language");
    },
    level: "minor",
    says: "Required output field `language` added",
  },
  {
    name: "upper bound loosened",
    after: (c) => {
      props(c).priority.maximum = 10;
    },
    level: "major",
    says: "maximum changed from 5 to 10",
  },
  {
    name: "upper bound tightened",
    after: (c) => {
      props(c).priority.maximum = 3;
    },
    level: "minor",
    says: "maximum changed from 5 to 3",
  },
  {
    name: "output kind switched",
    after: (c) => {
      c.output = { kind: "text", description: "A reply" };
    },
    level: "major",
    says: "Output kind switched from json_schema to text",
  },
  {
    name: "strict schema enforcement turned off",
    after: (c) => {
      c.output.strict = false;
    },
    level: "major",
    says: "no longer enforced strictly",
  },

  // output: nested objects through $ref/$defs
  {
    name: "field removed inside a $ref'd object",
    after: (c) => {
      const d = schema(c).$defs.customer;
      delete d.properties.name;
      d.required = ["tier"];
    },
    level: "major",
    says: "Output field `customer.name` removed",
    path: "output.schema.properties.customer.properties.name",
  },
  {
    name: "enum value added inside a $ref'd object",
    after: (c) => {
      schema(c).$defs.customer.properties.tier.enum.push("enterprise");
    },
    level: "major",
    says: "Output field `customer.tier` allows a new value 'enterprise'",
  },
  {
    name: "$ref replaced by the same object inline",
    after: (c) => {
      props(c).customer = structuredClone(schema(c).$defs.customer);
    },
    level: "none",
  },
  {
    name: "recursive $defs are walked without looping",
    before: (c) => {
      schema(c).$defs.node = { type: "object", properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } } };
      props(c).tree = { $ref: "#/$defs/node" };
    },
    after: (c) => {
      schema(c).$defs.node.properties.label.type = "number";
    },
    level: "major",
    says: "Output field `tree.label` changed type from string to number",
  },

  // output: arrays of objects
  {
    name: "field removed from array items",
    after: (c) => {
      const it = props(c).lines.items;
      delete it.properties.qty;
      it.required = ["sku"];
    },
    level: "major",
    says: "Output field `lines[].qty` removed",
    path: "output.schema.properties.lines.items.properties.qty",
  },
  {
    name: "optional field added to array items",
    after: (c) => {
      props(c).lines.items.properties.price = { type: "number" };
    },
    level: "minor",
    says: "Optional output field `lines[].price` added",
  },
  {
    name: "array item type changed",
    after: (c) => {
      props(c).tags.items.type = "integer";
    },
    level: "major",
    says: "Output field `tags[]` changed type from string to integer",
  },

  // output: anyOf variants
  {
    name: "anyOf variant added",
    after: (c) => {
      props(c).action.anyOf.push({ type: "null" });
    },
    level: "major",
    says: "Output field `action` may now also be null",
  },
  {
    name: "anyOf variant removed",
    after: (c) => {
      props(c).action.anyOf.splice(1, 1);
    },
    level: "minor",
    says: 'can no longer be an object with kind="escalate"',
  },
  {
    name: "field retyped inside an anyOf variant",
    after: (c) => {
      props(c).action.anyOf[0].properties.amount.type = "string";
    },
    level: "major",
    says: "Output field `action.amount` (option 1) changed type from number to string",
  },
  {
    name: "plain field made nullable with anyOf",
    after: (c) => {
      props(c).reply = { anyOf: [{ type: "string" }, { type: "null" }], description: "Draft reply to the customer" };
    },
    level: "major",
    says: "Output field `reply` may now also be null",
  },

  // output: additionalProperties, judged from the reader
  {
    name: "additionalProperties opened on array items",
    after: (c) => {
      props(c).lines.items.additionalProperties = true;
    },
    level: "major",
    says: "may now carry extra fields",
  },
  {
    name: "additionalProperties removed (open by default)",
    after: (c) => {
      delete schema(c).additionalProperties;
    },
    level: "major",
    says: "The output object may now carry extra fields",
  },
  {
    name: "additionalProperties closed",
    before: (c) => {
      props(c).meta = { type: "object", properties: { source: { type: "string" } } };
    },
    after: (c) => {
      props(c).meta.additionalProperties = false;
    },
    level: "minor",
    says: "Output object `meta` no longer allows extra fields",
  },

  // output: sections
  {
    name: "required section removed",
    before: toSections,
    after: (c) => {
      c.output.sections.splice(0, 1);
    },
    level: "major",
    says: "Required section 'Summary' removed",
  },
  {
    name: "optional section removed",
    before: toSections,
    after: (c) => {
      c.output.sections.splice(1, 1);
    },
    level: "minor",
    says: "Optional section 'Next steps' removed",
  },
  {
    name: "section added",
    before: toSections,
    after: (c) => {
      c.output.sections.push({ heading: "Sources", required: true });
    },
    level: "minor",
    says: "Required section 'Sources' added",
  },
  {
    name: "required section made optional",
    before: toSections,
    after: (c) => {
      c.output.sections[0].required = false;
    },
    level: "major",
    says: "Section 'Summary' is no longer required",
  },

  // tests, model, meta
  {
    name: "test added",
    after: (c) => {
      c.tests!.push({ id: "angry", assertions: [{ type: "not_refusal" }] });
    },
    level: "minor",
    says: "Test `angry` added",
  },
  {
    name: "test removed",
    after: (c) => {
      c.tests = [];
    },
    level: "minor",
    says: "Test `late-refund` (Refund after 30 days) removed",
  },
  {
    name: "model changed",
    after: (c) => {
      c.model!.model = "gpt-4o";
    },
    level: "minor",
    says: "Model setting model changed",
  },
  {
    name: "contract id changed",
    after: (c) => {
      c.id = "ticket-triage";
    },
    level: "major",
    says: "Contract id changed",
  },
];

describe("breaking-change verdict", () => {
  it.each(cases)("$name → $level", ({ before, after, level, says, path }) => {
    const a = testContract(before);
    const b = testContract((c) => {
      before?.(c);
      after(c);
    });
    const diff = diffContracts(a, b);
    const detail = diff.verdict.reasons.map((r) => `${r.level} ${r.path}: ${r.sentence}`).join("\n");
    expect(diff.verdict.level, detail).toBe(level);
    if (says)
      expect(
        diff.verdict.reasons.some((r) => r.sentence.includes(says)),
        `no reason says "${says}":\n${detail}`,
      ).toBe(true);
    if (path)
      expect(
        allChanges(diff).some((c) => c.path === path),
        `no change at ${path}:\n${detail}`,
      ).toBe(true);
    // The verdict is the most severe change, and the first reason carries it.
    if (level !== "none") expect(diff.verdict.reasons[0]!.level).toBe(level);
    else expect(diff.verdict.reasons).toEqual([]);
  });

  it("covers at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it("suggests the next semver from the verdict", () => {
    const a = testContract();
    const major = diffContracts(
      a,
      testContract((c) => void delete props(c).priority),
    );
    const minor = diffContracts(
      a,
      testContract((c) => void c.policy.rules!.push("Be brief")),
    );
    const patch = diffContracts(
      a,
      testContract((c) => void (c.policy.tone = "warm")),
    );
    const none = diffContracts(a, testContract());
    expect([major, minor, patch, none].map((d) => d.suggested("1.4.2"))).toEqual(["2.0.0", "1.5.0", "1.4.3", "1.4.2"]);
  });

  it("is plain data: JSON and structured clone keep everything but the suggested() helper", () => {
    const diff = diffContracts(
      testContract(),
      testContract((c) => void delete props(c).priority),
    );
    const cloned = structuredClone(diff);
    expect(JSON.parse(JSON.stringify(diff))).toEqual(cloned);
    expect(suggestNextVersion(cloned, "1.0.0")).toBe("2.0.0");
  });

  it("lists every section in file order, changed or not", () => {
    const diff = diffContracts(testContract(), testContract());
    expect(diff.sections.map((s) => s.section)).toEqual(["meta", "policy", "task", "variables", "context", "output", "model", "tests", "tools"]);
  });

  it("ignores history: a contract and its own body diff as identical", () => {
    const c = testContract();
    const withHistory = { ...c, history: { versions: [], labels: {}, labelMoves: [] } };
    expect(diffContracts(c, withHistory).verdict.level).toBe("none");
  });
});
