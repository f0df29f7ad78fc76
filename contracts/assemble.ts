/**
 * assemble(contract, inputs, options): the exact chat-completions request a contract makes,
 * with a source map, token counts and issues (DESIGN 3). Pure and deterministic: the same
 * contract, inputs and options give the same bytes, in a browser worker or in Node.
 */
import type { AssembleOptions, AssembleResult, AssemblyIssue, ChatMessage, ChatRequest, ResponseFormat, SourceSpan, TokenCounts } from "./assembly-types.ts";
import type { Contract } from "./schema/contract.ts";
import type { TestCase } from "./schema/tests.ts";
import { contextBoundary } from "./assembly/boundary.ts";
import { writeContextPacket, type DelimitedVariable } from "./assembly/context-render.ts";
import { MessageBuilder, type Piece } from "./assembly/message-builder.ts";
import { outputSchemaIssues } from "./assembly/output-schema-check.ts";
import { emptyEntryIssues } from "./assembly/empty-entries.ts";
import { contextDataRuleIssues } from "./assembly/context-data-rule-issue.ts";
import { writeCanary, writeContextRules, writeOutputContract, writePolicy } from "./assembly/system-prompt.ts";
import { requestTools, toolIssues, writeToolRules } from "./assembly/tools.ts";
import { DEFAULT_ENCODING, chatMessageOverhead, CHAT_REPLY_PRIMING, countTokens, isEncodingLoaded, type TokenEncoding } from "./tokens.ts";
import { fillPlaceholders, formatVariableValue, resolveVariables, unusedVariableIssues, type FilledPiece } from "./variables.ts";

/** Writes the task; returns its issues and the untrusted variables it used, to delimit in the packet. */
function writeTask(b: MessageBuilder, contract: Contract, inputs: Record<string, unknown>): { issues: AssemblyIssue[]; delimited: DelimitedVariable[] } {
  const vars = resolveVariables(contract, inputs);
  const issues = [...vars.issues];
  const used = new Set<string>();
  const emit = (pieces: FilledPiece[]) => pieces.forEach((p) => b.add(p.text, p.field));
  const instruction = fillPlaceholders(contract.task.instruction.trim(), "task.instruction", vars);
  emit(instruction.pieces);
  b.add("\n", "task");
  issues.push(...instruction.issues);
  instruction.used.forEach((n) => used.add(n));
  const constraints = contract.task.constraints.map((c, i) => ({ c, i })).filter(({ c }) => c.trim());
  if (constraints.length) {
    b.add("\n# Constraints\n", "task");
    for (const { c, i } of constraints) {
      const filled = fillPlaceholders(c.trim(), `task.constraints[${i}]`, vars);
      b.add("- ", "task");
      emit(filled.pieces);
      b.add("\n", "task");
      issues.push(...filled.issues);
      filled.used.forEach((n) => used.add(n));
    }
  }
  issues.push(...unusedVariableIssues(vars, used));
  const delimited = [...vars.byName.values()]
    .filter((r) => r.variable.untrusted && used.has(r.variable.name))
    .map((r) => ({ index: r.index, name: r.variable.name, text: formatVariableValue(r.variable, r.value) }));
  return { issues, delimited };
}

function responseFormat(contract: Contract, enforcement: AssembleOptions["enforcement"]): ResponseFormat | undefined {
  const out = contract.output;
  if (out.kind !== "json_schema") return undefined;
  switch (enforcement ?? "json_schema") {
    case "json_schema":
      return { type: "json_schema", json_schema: { name: out.name, schema: out.schema, strict: out.strict } };
    case "json_object":
      return { type: "json_object" };
    case "prompt_only":
      return undefined;
  }
}

/** The request body, keys in the order of ChatRequest (the bytes sent depend on it). */
function buildRequest(contract: Contract, messages: ChatMessage[], options: AssembleOptions): ChatRequest {
  const m = contract.model;
  const request: ChatRequest = { model: options.model ?? m.model, messages, ...requestTools(contract) };
  const format = responseFormat(contract, options.enforcement);
  if (format) request.response_format = format;
  if (m.temperature !== undefined) request.temperature = m.temperature;
  if (m.top_p !== undefined) request.top_p = m.top_p;
  // top_logprobs means nothing without logprobs (OpenAI rejects it alone), so it goes only with it.
  if (m.logprobs) {
    request.logprobs = true;
    if (m.top_logprobs !== undefined) request.top_logprobs = m.top_logprobs;
  }
  if (m.max_tokens !== undefined) request.max_tokens = m.max_tokens;
  if (m.seed !== undefined) request.seed = m.seed;
  if (m.stop !== undefined && m.stop.length) request.stop = m.stop;
  if (options.stream) {
    request.stream = true;
    request.stream_options = { include_usage: true };
  }
  return request;
}

/** The token-count section a field belongs to: policy, task, output, context, context.items[i]. */
export function sectionOf(field: string): string | null {
  const item = /^context\.items\[\d+\]/.exec(field);
  if (item) return item[0];
  const head = /^[a-z]+/i.exec(field)?.[0];
  if (head === "variables") return "task";
  if (head === "policy" || head === "task" || head === "output" || head === "context") return head;
  return null;
}

/**
 * Tokens of the user message, counted block by block: a context block starts with `<` right
 * after a newline, which both encodings' pre-tokenizers always split at, so the per-block
 * counts add up exactly to the whole message's. Each block's count is then the item's
 * section count, and after a keystroke only the blocks that changed are encoded again
 * (countTokens caches by text) instead of the whole megabyte.
 */
function countByBlocks(text: string, blockStarts: readonly number[], encoding: TokenEncoding): { total: number; blocks: number[] } {
  const cuts = [0, ...blockStarts, text.length];
  const counts = cuts.slice(0, -1).map((start, i) => countTokens(text.slice(start, cuts[i + 1]), encoding));
  return { total: counts.reduce((a, n) => a + n, 0), blocks: counts.slice(1) };
}

/** Section counts for the small sections (policy, task, output, context framing), from their pieces. */
function countSections(pieces: readonly Piece[], encoding: TokenEncoding): Record<string, number> {
  const texts: Record<string, string[]> = { policy: [], task: [], output: [], context: [] };
  for (const p of pieces) {
    const s = sectionOf(p.field);
    if (s && s in texts) texts[s]!.push(p.text);
  }
  return Object.fromEntries(Object.entries(texts).map(([k, list]) => [k, countTokens(list.join(""), encoding)]));
}

export function assemble(contract: Contract, inputs: Record<string, unknown> = {}, options: AssembleOptions = {}): AssembleResult {
  const issues: AssemblyIssue[] = [];
  const boundary = contextBoundary(contract.context);
  const items = contract.context.items.length;
  const enforcement = options.enforcement ?? "json_schema";

  // The user message first: the system message says which variables the packet delimits.
  const user = new MessageBuilder(1);
  const task = writeTask(user, contract, inputs);
  issues.push(...task.issues);
  const packet = writeContextPacket(user, contract.context, boundary, task.delimited);
  issues.push(...packet.issues);

  const system = new MessageBuilder(0);
  writePolicy(system, contract, contract.context.items[0]?.id ?? "doc-1");
  writeContextRules(
    system,
    contract,
    boundary,
    items,
    task.delimited.map((v) => v.name),
  );
  writeOutputContract(system, contract, enforcement);
  writeToolRules(system, contract);
  if (options.canary) writeCanary(system, options.canary);

  // Last, over each whole message: every context-tag look-alike but the real delimiters is
  // defused, wherever it came from (task, variables, policy, examples, items, trusted or not).
  system.escapeLookalikes();
  const shift = user.escapeLookalikes();
  const blockStarts = packet.blockStarts.map(shift);
  issues.push(...emptyEntryIssues(contract));
  issues.push(...contextDataRuleIssues(contract));
  issues.push(...toolIssues(contract));

  if (contract.output.kind === "json_schema") issues.push(...outputSchemaIssues(contract.output.schema, contract.output.strict, enforcement === "json_schema"));
  if (!(options.model ?? contract.model.model))
    issues.push({ severity: "warning", path: "model.model", message: "no model is set: choose one here or in the endpoint profile" });

  const messages: ChatMessage[] = [
    { role: "system", content: system.text() },
    { role: "user", content: user.text() },
  ];
  const request = buildRequest(contract, messages, options);
  const spans: SourceSpan[] = [...system.spans(), ...user.spans()];

  let tokens: TokenCounts | null = null;
  if (options.countTokens !== false) {
    const encoding = options.encoding ?? DEFAULT_ENCODING;
    if (isEncodingLoaded(encoding)) {
      const userCount = countByBlocks(messages[1]!.content, blockStarts, encoding);
      const contents = [countTokens(messages[0]!.content, encoding), userCount.total];
      const perMessage = messages.map((m, i) => chatMessageOverhead(m.role, encoding) + contents[i]!);
      const sections = countSections([...system.pieces, ...user.pieces], encoding);
      // Items' blocks come first; the variables' blocks after them count towards the task.
      userCount.blocks.forEach((n, i) => {
        if (i < items) sections[`context.items[${i}]`] = n;
      });
      tokens = { encoding, messages: perMessage, sections, total: perMessage.reduce((a, n) => a + n, CHAT_REPLY_PRIMING) };
    } else {
      issues.push({ severity: "warning", path: "(tokens)", message: `token counts are not available yet: the ${encoding} tables are still loading` });
    }
  }

  return { ok: !issues.some((i) => i.severity === "error"), request, body: JSON.stringify(request), spans, tokens, issues, boundary };
}

/**
 * A test case as assembly sees it: the contract with the case's context override applied
 * (schema/tests.ts ContextOverrideSchema: base, remove, replace by id, add) and the case's
 * variables as inputs. Ids the override names that the packet does not have are warnings
 * (the test runner and the preview show them), never a crash.
 */
export function contractForTest(contract: Contract, testCase: TestCase): { contract: Contract; inputs: Record<string, unknown>; issues: AssemblyIssue[] } {
  const o = testCase.context;
  const issues: AssemblyIssue[] = [];
  let items = contract.context.items;
  if (o) {
    const index = contract.tests.findIndex((t) => t.id === testCase.id);
    const at = index >= 0 ? `tests[${index}].context` : "(test case).context";
    items = o.base === "none" ? [] : items;
    const present = new Set(items.map((it) => it.id));
    o.remove.forEach((id, i) => {
      if (!present.has(id)) issues.push({ severity: "warning", path: `${at}.remove[${i}]`, message: `no context item '${id}' in the packet to remove` });
    });
    const removed = new Set(o.remove);
    items = items.filter((it) => !removed.has(it.id));
    const byId = new Map(o.replace.map((it) => [it.id, it]));
    o.replace.forEach((r, i) => {
      if (!items.some((it) => it.id === r.id))
        issues.push({ severity: "warning", path: `${at}.replace[${i}].id`, message: `no context item '${r.id}' in the packet to replace` });
    });
    items = [...items.map((it) => byId.get(it.id) ?? it), ...o.add];
  }
  return { contract: { ...contract, context: { ...contract.context, items } }, inputs: { ...testCase.variables }, issues };
}
