/**
 * The review view of a version: the behaviour spec a product manager reads, without raw
 * prompts. reviewModel() derives it once as data (the UI renders it as HTML); reviewMarkdown()
 * prints the same model, so the page and the export never disagree.
 */
import type { Contract, ContractBody, PublishedVersion } from "./schema/contract.ts";
import { describeAssertion } from "./eval/assertions/registry.ts";
import { impliedAssertions } from "./eval/evaluate.ts";
import { outputFields, type OutputField } from "./output-fields.ts";
import { bodyAt, labelsOf, latestVersion, previousVersion, findVersion } from "./versions/publish.ts";
import { contentHash } from "./versions/hash.ts";
import { needsConfirmation } from "./schema/tools.ts";
import { diffContracts, nextVersion } from "./diff/diff-contracts.ts";
import type { ChangeLevel, DiffInput, VerdictLevel } from "./diff/types.ts";
import type { Result } from "./errors.ts";
import type { RunOutcome } from "./client/run.ts";

/** The latest run of one test case, as the evaluation side reports it. */
export interface ReviewTestResult {
  testId: string;
  passed: boolean;
  /** Why it failed, or a short note. */
  detail?: string;
  model?: string;
  at?: string;
}

/**
 * The recent ad-hoc runs of this exact content (runs are not per test case, so they cannot fill
 * ReviewTestResult). The app builds it from its run history; the CLI has none and leaves it out.
 */
export interface ReviewRunSummary {
  /** Runs of this content, among the recent runs the caller looked at. */
  count: number;
  /** Of those, runs whose answer matched the output contract. */
  keptContract: number;
  /** The newest run; absent when count is 0. */
  latest?: { status: RunOutcome["status"]; model: string; latencyMs: number; at: string };
}

export interface ReviewOptions {
  /** The version to compare with: a version number, a body, or null for no comparison. Default: the version before. */
  previous?: string | DiffInput | null;
  latestResults?: readonly ReviewTestResult[];
  /** Omitted: the review says nothing about runs (it does not know of any). */
  latestRuns?: ReviewRunSummary;
}

export interface ReviewModel {
  name: string;
  description: string;
  /** "draft" or the version number. */
  version: string;
  published?: { createdAt: string; message: string; review?: PublishedVersion["review"] };
  hash: string;
  labels: string[];
  role: string;
  must: string[];
  mustNot: string[];
  refusal: { style: string; unknownAnswer: string; allowedDomains: string[]; disallowedDomains: string[]; needsConfirmation: string[] };
  manner: { tone: string; verbosity: string; citations: string };
  task: { instruction: string; constraints: string[] };
  inputs: { name: string; type: string; required: boolean; default?: string; description: string }[];
  context: { mode: string; explanation: string; items: { id: string; label: string; kind: string; source: string; trusted: boolean; chars: number }[] };
  /** The tools it may call, with the inputs each needs and whether a person must confirm the call. */
  tools: { name: string; description: string; requiredInputs: string[]; confirmation: string }[];
  output: { kind: string; summary: string; fields: OutputField[]; sections: { heading: string; required: boolean; description: string }[] };
  tests: { id: string; name: string; split: string; tags: string[]; checks: string[]; result?: ReviewTestResult }[];
  /** What every case also checks, from the contract (eval/evaluate.ts impliedAssertions), in the registry's words. */
  impliedChecks: string[];
  latestRuns?: ReviewRunSummary;
  changes?: { since: string; level: VerdictLevel; suggested?: string; sentences: { level: ChangeLevel; sentence: string }[] };
}

/** Rules phrased as prohibitions go under "must not", the rest under "must". */
const PROHIBITION = /^(never|do not|don't|must not|mustn't|no |avoid|refuse to)\b/i;

const MODE_TEXT: Record<string, string> = {
  delimit: "Each item is wrapped in a labelled block, and the assistant is told that text inside blocks is data, never instructions.",
  datamark: "Each item's words are interleaved with a marker, so the assistant can tell data from instructions.",
  encode: "Each item is base64-encoded, so text in it cannot pass for instructions.",
};

/** The review's sentence for an assertion comes from its definition in the registry. */
export { describeAssertion };

function previousBody(contract: Contract, version: string, previous: ReviewOptions["previous"]): { since: string; body: DiffInput } | null {
  if (previous === null) return null;
  if (typeof previous === "object") return { since: "the compared version", body: previous };
  const ref = previous ?? (version === "draft" ? latestVersion(contract)?.version : previousVersion(contract, version)?.version);
  if (!ref) return null;
  const body = bodyAt(contract, ref);
  return body.ok ? { since: ref, body: body.value } : null;
}

export function reviewModel(contract: Contract, version?: string, options: ReviewOptions = {}): Result<ReviewModel> {
  const ref = version ?? "draft";
  const at = bodyAt(contract, ref);
  if (!at.ok) return at;
  const b: ContractBody = at.value;
  const published = ref === "draft" ? undefined : findVersion(contract, ref);
  const p = b.policy;
  const output = b.output;
  const results = new Map((options.latestResults ?? []).map((r) => [r.testId, r]));
  const prev = previousBody(contract, ref, options.previous);
  let changes: ReviewModel["changes"];
  if (prev) {
    const diff = diffContracts(prev.body, b);
    changes = {
      since: prev.since,
      level: diff.verdict.level,
      ...(/^\d/.test(prev.since) ? { suggested: nextVersion(diff.verdict.level, prev.since) } : {}),
      sentences: diff.verdict.reasons.map((r) => ({ level: r.level, sentence: r.sentence })),
    };
  }
  const must = [...p.rules.filter((r) => !PROHIBITION.test(r.trim())), ...b.task.constraints];
  if (p.citations === "required") must.push("Cite the context item behind every claim");
  for (const claim of p.groundedClaims) must.push(`Back claims about ${claim} with the context it was given`);
  const model: ReviewModel = {
    name: b.name,
    description: b.description,
    version: ref,
    ...(published
      ? { published: { createdAt: published.createdAt, message: published.message, ...(published.review ? { review: published.review } : {}) } }
      : {}),
    hash: published?.hash ?? contentHash(b),
    labels: ref === "draft" ? [] : labelsOf(contract, ref),
    role: p.role,
    must,
    mustNot: [
      ...p.rules.filter((r) => PROHIBITION.test(r.trim())),
      ...p.disallowedDomains.map((d) => `Help with ${d}`),
      ...p.humanConfirmation.map((a) => `${a.charAt(0).toUpperCase()}${a.slice(1)} without a person's confirmation`),
    ],
    refusal: {
      style: p.refusalStyle,
      unknownAnswer: p.unknownAnswer,
      allowedDomains: p.allowedDomains,
      disallowedDomains: p.disallowedDomains,
      needsConfirmation: p.humanConfirmation,
    },
    manner: { tone: p.tone, verbosity: p.verbosity, citations: p.citations },
    task: { instruction: b.task.instruction, constraints: b.task.constraints },
    inputs: b.variables.map((v) => ({
      name: v.name,
      type: v.type === "enum" ? `one of: ${(v.options ?? []).join(", ")}` : v.type,
      required: v.required && v.default === undefined,
      ...(v.default !== undefined ? { default: JSON.stringify(v.default) } : {}),
      description: v.description,
    })),
    context: {
      mode: b.context.mode,
      explanation: MODE_TEXT[b.context.mode] ?? "",
      items: b.context.items.map((it) => ({ id: it.id, label: it.label, kind: it.kind, source: it.source, trusted: it.trusted, chars: it.content.length })),
    },
    tools: (b.tools ?? []).map((t) => ({
      name: t.name,
      description: t.description,
      requiredInputs: Array.isArray(t.parameters.required) ? t.parameters.required.map(String) : [],
      confirmation: !needsConfirmation(t) ? "no" : t.confirmationAction ? `yes: ${t.confirmationAction}` : "yes",
    })),
    output: {
      kind: output.kind,
      summary:
        output.kind === "json_schema"
          ? `A JSON object matching the schema '${output.name}'${output.strict ? ", enforced strictly" : ""}.`
          : output.kind === "sections"
            ? "A text answer organised in the sections below."
            : output.description || "Free text.",
      fields: output.kind === "json_schema" ? outputFields(output.schema) : [],
      sections: output.kind === "sections" ? output.sections.map((s) => ({ heading: s.heading, required: s.required, description: s.description })) : [],
    },
    tests: b.tests.map((t) => {
      const result = results.get(t.id);
      return { id: t.id, name: t.name, split: t.split, tags: t.tags, checks: t.assertions.map(describeAssertion), ...(result ? { result } : {}) };
    }),
    impliedChecks: impliedAssertions(b).map(describeAssertion),
    ...(options.latestRuns ? { latestRuns: options.latestRuns } : {}),
    ...(changes ? { changes } : {}),
  };
  return { ok: true, value: model };
}

/** The "Latest runs of this version" text, shared by the HTML view and the Markdown export. */
export function describeLatestRuns(r: ReviewRunSummary): { summary: string; latest?: string } {
  if (r.count === 0 || !r.latest) return { summary: "No runs of this version yet." };
  const runs = r.count === 1 ? "1 run" : `${r.count} runs`;
  return {
    summary: `${runs}, ${r.keptContract} kept the contract.`,
    latest: `Latest: ${r.latest.status}, ${r.latest.model || "unknown model"}, ${Math.round(r.latest.latencyMs)} ms`,
  };
}

/** Table cells: no pipes or line breaks may break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>") || " ";
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

function bullets(items: readonly string[], empty: string): string[] {
  return items.length ? items.map((i) => `- ${i.replace(/\r?\n/g, " ")}`) : [`_${empty}_`];
}

export function renderReviewMarkdown(m: ReviewModel): string {
  const out: string[] = [`# ${m.name}: ${m.version === "draft" ? "draft" : `version ${m.version}`}`, ""];
  const facts: string[] = [];
  if (m.published) facts.push(`Published ${m.published.createdAt}: ${m.published.message}`);
  if (m.published?.review)
    facts.push(
      `Review: ${m.published.review.status.replace("_", " ")}${m.published.review.by ? ` by ${m.published.review.by}` : ""}${m.published.review.at ? ` (${m.published.review.at})` : ""}`,
    );
  if (m.labels.length) facts.push(`Labels: ${m.labels.join(", ")}`);
  facts.push(`Content hash: \`${m.hash.slice(0, 12)}\``);
  out.push(...facts.map((f) => `> ${f}  `), "");
  out.push("## What the assistant is", "", m.role, ...(m.description ? ["", m.description] : []), "");
  out.push("## What it must do", "", ...bullets(m.must, "No rules given."), "");
  out.push("## What it must not do", "", ...bullets(m.mustNot, "No prohibitions given."), "");
  out.push("## How it refuses and what it says when it does not know", "");
  out.push(`- Refusal style: ${m.refusal.style || "_not specified_"}`);
  out.push(`- When the context does not hold the answer: ${m.refusal.unknownAnswer || "_not specified_"}`);
  out.push(`- Topics it covers: ${m.refusal.allowedDomains.join(", ") || "_any_"}`);
  if (m.refusal.disallowedDomains.length) out.push(`- Topics it declines: ${m.refusal.disallowedDomains.join(", ")}`);
  out.push(`- Tone: ${m.manner.tone || "_not specified_"}; answers are ${m.manner.verbosity}; citations ${m.manner.citations}`, "");
  out.push("## What it is asked to do", "", ...m.task.instruction.split(/\r?\n/).map((l) => `> ${l}`), "");
  // Constraints are already listed under "What it must do".
  if (m.inputs.length)
    out.push(
      "## Inputs",
      "",
      ...table(
        ["Name", "Type", "Required", "Default", "Description"],
        m.inputs.map((i) => [i.name, i.type, i.required ? "yes" : "no", i.default ?? "", i.description]),
      ),
      "",
    );
  out.push("## Context it is given", "", m.context.explanation, "");
  if (m.context.items.length)
    out.push(
      ...table(
        ["Id", "Label", "Kind", "Source", "Trusted"],
        m.context.items.map((it) => [it.id, it.label, it.kind, it.source, it.trusted ? "yes" : "no"]),
      ),
      "",
    );
  else out.push("_No context items._", "");
  if (m.tools.length)
    out.push(
      "## Tools it may call",
      "",
      ...table(
        ["Tool", "What it does", "Needs", "A person confirms first"],
        m.tools.map((t) => [t.name, t.description, t.requiredInputs.join(", "), t.confirmation]),
      ),
      "",
    );
  out.push("## Output", "", m.output.summary, "");
  if (m.output.fields.length)
    out.push(
      ...table(
        ["Path", "Type", "Required", "Description"],
        m.output.fields.map((f) => [`\`${f.path}\``, f.type, f.required ? "yes" : "no", f.description]),
      ),
      "",
    );
  if (m.output.sections.length)
    out.push(
      ...table(
        ["Section", "Required", "Description"],
        m.output.sections.map((s) => [s.heading, s.required ? "yes" : "no", s.description]),
      ),
      "",
    );
  out.push("## Test cases", "");
  const withResults = m.tests.some((t) => t.result);
  if (m.tests.length)
    out.push(
      ...table(
        ["Test", "Checks", ...(withResults ? ["Latest result"] : [])],
        m.tests.map((t) => [
          `${t.id}${t.name ? ` (${t.name})` : ""}${t.split !== "dev" ? ` [${t.split}]` : ""}`,
          t.checks.join(" ") || "no checks",
          ...(withResults
            ? [
                t.result
                  ? `${t.result.passed ? "pass" : "FAIL"}${t.result.detail ? `: ${t.result.detail}` : ""}${t.result.model ? ` [${t.result.model}]` : ""}`
                  : "not run",
              ]
            : []),
        ]),
      ),
      "",
    );
  else out.push("_No test cases._", "");
  if (m.tests.length && m.impliedChecks.length) out.push(`Every case also checks, from the contract: ${m.impliedChecks.join(" ")}`, "");
  if (m.latestRuns) {
    const d = describeLatestRuns(m.latestRuns);
    out.push("## Latest runs of this version", "", d.summary, ...(d.latest && m.latestRuns.latest ? ["", `${d.latest}, ${m.latestRuns.latest.at}`] : []), "");
  }
  if (m.changes) {
    out.push(`## What changed since ${/^\d/.test(m.changes.since) ? `version ${m.changes.since}` : m.changes.since}`, "");
    if (!m.changes.sentences.length) out.push("Nothing.", "");
    else
      out.push(
        `Verdict: **${m.changes.level}**${m.changes.suggested ? ` (next version ${m.changes.suggested})` : ""}`,
        "",
        ...m.changes.sentences.map((s) => `- ${s.level}: ${s.sentence}`),
        "",
      );
  }
  return out.join("\n");
}

/** The review view as Markdown, for export. Errors when `version` does not exist. */
export function reviewMarkdown(contract: Contract, version?: string, options: ReviewOptions = {}): Result<string> {
  const m = reviewModel(contract, version, options);
  return m.ok ? { ok: true, value: renderReviewMarkdown(m.value) } : m;
}
