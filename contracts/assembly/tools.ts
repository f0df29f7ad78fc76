/**
 * Tools in the request (issue 11 item 1): the contract's tools as OpenAI function tools, the
 * tool_choice when the contract sets one, and the system prompt's sentence on the tools that
 * need a human's confirmation first. Nothing is written when the contract has no tools, so
 * every contract without them assembles to the same bytes as before.
 */
import type { AssemblyIssue, ChatTool, ChatToolChoice } from "../assembly-types.ts";
import type { Contract } from "../schema/contract.ts";
import { needsConfirmation } from "../schema/tools.ts";
import type { MessageBuilder } from "./message-builder.ts";

export function requestTools(contract: Contract): { tools?: ChatTool[]; tool_choice?: ChatToolChoice } {
  const tools = contract.tools ?? [];
  if (!tools.length) return {};
  const out: { tools: ChatTool[]; tool_choice?: ChatToolChoice } = {
    tools: tools.map((t) => ({
      type: "function",
      function: { name: t.name, ...(t.description.trim() ? { description: t.description.trim() } : {}), parameters: t.parameters },
    })),
  };
  const choice = contract.model.tool_choice;
  if (choice !== undefined) out.tool_choice = typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
  return out;
}

/**
 * The confirmation step, in words the model reads: a confirmation-required tool is called only
 * once the user message says the person confirmed it; before that, the model proposes the action
 * and asks. eval/tool-calls.ts checks the same rule against the case's `tools.confirmed`.
 */
export function writeToolRules(b: MessageBuilder, contract: Contract): void {
  const gated = (contract.tools ?? []).map((t, i) => ({ t, i })).filter(({ t }) => needsConfirmation(t));
  if (!gated.length) return;
  b.add(`${b.isEmpty ? "" : "\n"}# Tools that need a human's confirmation\n`, "tools");
  b.add(
    "Do not call these tools until the user message says a person has confirmed that exact action. Until then, say what you would do and ask for confirmation.\n",
    "tools",
  );
  for (const { t, i } of gated) {
    b.add("- ", "tools").add(t.name, `tools[${i}].name`);
    if (t.confirmationAction) b.add(" (", "tools").add(t.confirmationAction, `tools[${i}].confirmationAction`).add(")", "tools");
    b.add("\n", "tools");
  }
}

/** Parameters that are not an object schema cannot be sent as a function's parameters. */
export function toolIssues(contract: Contract): AssemblyIssue[] {
  return (contract.tools ?? []).flatMap((t, i): AssemblyIssue[] =>
    t.parameters.type !== undefined && t.parameters.type !== "object"
      ? [
          {
            severity: "error",
            path: `tools[${i}].parameters.type`,
            message: `a tool's parameters must be an object schema ("type": "object"), not ${JSON.stringify(t.parameters.type)}`,
          },
        ]
      : [],
  );
}
