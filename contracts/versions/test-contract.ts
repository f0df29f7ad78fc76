/**
 * A small, valid contract for tests of versions, diff, review and share: every section is
 * populated so each diff rule has something to change. Tests only; not an example for users.
 */
import { parseContract } from "../parse.ts";
import type { Contract, ContractInput } from "../schema/contract.ts";

export function testContractInput(): ContractInput {
  return {
    format: "contract-studio/contract@2",
    id: "support-triage",
    name: "Support triage",
    description: "Classifies a support ticket and drafts a reply.",
    policy: {
      role: "You triage customer support tickets for Acme.",
      rules: ["Never promise refunds", "Answer only from the context"],
      refusalStyle: "Politely decline and point to the help centre.",
      tone: "friendly",
      verbosity: "concise",
      allowedDomains: ["billing", "shipping"],
      disallowedDomains: ["legal advice"],
      citations: "required",
      groundedClaims: ["order status"],
      unknownAnswer: "I don't know.",
      humanConfirmation: ["issue a refund"],
    },
    task: {
      instruction: "Triage this ticket from {{customer}}:\n\n{{ticket}}",
      constraints: ["Reply in under 120 words"],
    },
    variables: [
      { name: "customer", type: "string", description: "Customer display name", required: true },
      { name: "ticket", type: "string", description: "The ticket text", required: true },
      { name: "channel", type: "enum", options: ["email", "chat"], required: false, default: "email" },
    ],
    context: {
      mode: "delimit",
      items: [
        { id: "kb-1", label: "Refund policy", kind: "retrieval", source: "kb://refunds#1", content: "Refunds within 30 days." },
        { id: "kb-2", label: "Shipping", kind: "retrieval", source: "kb://shipping#2", content: "Ships in 2 days." },
      ],
    },
    output: {
      kind: "json_schema",
      name: "triage",
      strict: true,
      schema: {
        type: "object",
        additionalProperties: false,
        required: ["category", "priority", "reply", "customer", "lines"],
        properties: {
          category: { type: "string", enum: ["billing", "shipping", "other"], description: "Ticket category" },
          priority: { type: "integer", minimum: 1, maximum: 5, description: "1 = urgent" },
          reply: { type: "string", description: "Draft reply to the customer" },
          tags: { type: "array", items: { type: "string" } },
          customer: { $ref: "#/$defs/customer" },
          lines: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["sku", "qty"],
              properties: { sku: { type: "string" }, qty: { type: "integer" } },
            },
          },
          action: {
            anyOf: [
              {
                type: "object",
                properties: { kind: { const: "refund" }, amount: { type: "number" } },
                required: ["kind", "amount"],
                additionalProperties: false,
              },
              {
                type: "object",
                properties: { kind: { const: "escalate" }, team: { type: "string" } },
                required: ["kind", "team"],
                additionalProperties: false,
              },
            ],
          },
        },
        $defs: {
          customer: {
            type: "object",
            additionalProperties: false,
            required: ["name", "tier"],
            properties: { name: { type: "string" }, tier: { type: "string", enum: ["free", "pro"] } },
          },
        },
      },
    },
    model: { model: "gpt-4o-mini", temperature: 0 },
    tests: [
      {
        id: "late-refund",
        name: "Refund after 30 days",
        variables: { customer: "Ana", ticket: "Refund please, bought 40 days ago" },
        assertions: [{ type: "schema_valid" }],
      },
    ],
  };
}

export function testContract(edit?: (c: ContractInput) => void): Contract {
  const input = structuredClone(testContractInput());
  edit?.(input);
  const r = parseContract(input);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}
