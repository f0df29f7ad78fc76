import { z } from "zod";
import { PolicySchema } from "./policy.ts";
import { TaskSchema, VariableSchema, type Variable } from "./task.ts";
import { ContextSchema } from "./context.ts";
import { OutputSchema } from "./output.ts";
import { ModelSettingsSchema } from "./model.ts";
import { TestCaseSchema } from "./tests.ts";
import { ToolSchema } from "./tools.ts";
import { findPlaceholders } from "../placeholders.ts";
import { historySchema } from "./history.ts";
import { frozenReader } from "../versions/frozen.ts";
import { MIGRATIONS } from "../migrations/index.ts";

export const CONTRACT_FORMAT = "contract-studio/contract@2";

/** The body of a contract: everything a version freezes. */
export const ContractBodySchema = z.strictObject({
  format: z.literal(CONTRACT_FORMAT),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a slug like support-triage (lowercase letters, digits, -)"),
  name: z.string().min(1, "the contract needs a name"),
  description: z.string().default(""),
  policy: PolicySchema,
  task: TaskSchema,
  variables: z.array(VariableSchema).default([]),
  context: ContextSchema.default({ mode: "delimit", items: [] }),
  output: OutputSchema,
  model: ModelSettingsSchema.default({ model: "" }),
  tests: z.array(TestCaseSchema).default([]),
  /**
   * Tools the assistant may call (schema/tools.ts). Optional without a default, so a file or a
   * published body without tools reads and hashes exactly as before (no new revision needed).
   */
  tools: z.array(ToolSchema).optional(),
});

type Ctx = z.core.$RefinementCtx<z.output<typeof ContractBodySchema>>;

function flagDuplicates(ctx: Ctx, values: string[], path: (i: number) => PropertyKey[], what: string) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: "custom", path: path(i), message: `duplicate ${what} '${v}'` });
    seen.add(v);
  });
}

function checkVariableValue(v: Variable, value: unknown): string | null {
  if (value === undefined) return null;
  switch (v.type) {
    case "string":
      return typeof value === "string" ? null : "must be a string";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "enum":
      return typeof value === "string" && (v.options ?? []).includes(value) ? null : `must be one of: ${(v.options ?? []).join(", ")}`;
    case "json":
      return null;
  }
}

/** Rules that span fields: unique ids, enum options, values matching their declared types, placeholders. */
export function refineContract(c: z.output<typeof ContractBodySchema>, ctx: Ctx) {
  flagDuplicates(
    ctx,
    c.variables.map((v) => v.name),
    (i) => ["variables", i, "name"],
    "name",
  );
  flagDuplicates(
    ctx,
    c.context.items.map((it) => it.id),
    (i) => ["context", "items", i, "id"],
    "context item id",
  );
  flagDuplicates(
    ctx,
    c.tests.map((t) => t.id),
    (i) => ["tests", i, "id"],
    "test id",
  );
  c.variables.forEach((v, i) => {
    if (v.type === "enum" && !(v.options && v.options.length > 0))
      ctx.addIssue({ code: "custom", path: ["variables", i, "options"], message: "an enum variable needs at least one option" });
    for (const key of ["default", "testValue"] as const) {
      const problem = checkVariableValue(v, v[key]);
      if (problem) ctx.addIssue({ code: "custom", path: ["variables", i, key], message: `${problem} (declared type ${v.type})` });
    }
  });
  refineTools(c, ctx);
  for (const p of findPlaceholders(c.task.instruction)) {
    if (p.malformed)
      ctx.addIssue({
        code: "custom",
        path: ["task", "instruction"],
        message: `malformed placeholder '${p.raw}' at character ${p.start}: use {{name}} with letters, digits and _`,
      });
  }
  c.tests.forEach((t, ti) => {
    for (const list of ["add", "replace"] as const)
      flagDuplicates(ctx, t.context?.[list].map((it) => it.id) ?? [], (i) => ["tests", ti, "context", list, i, "id"], "context item id");
    for (const [name, value] of Object.entries(t.variables)) {
      const v = c.variables.find((d) => d.name === name);
      if (!v) continue; // undeclared variables are an assembly warning, not a format error
      const problem = checkVariableValue(v, value);
      if (problem) ctx.addIssue({ code: "custom", path: ["tests", ti, "variables", name], message: `${problem} (declared type ${v.type})` });
    }
  });
}

/** Tool names are unique; a tool's confirmationAction is one of the policy's human-confirmation actions. */
function refineTools(c: z.output<typeof ContractBodySchema>, ctx: Ctx) {
  const tools = c.tools ?? [];
  flagDuplicates(
    ctx,
    tools.map((t) => t.name),
    (i) => ["tools", i, "name"],
    "tool name",
  );
  tools.forEach((t, i) => {
    if (t.confirmationAction !== undefined && !c.policy.humanConfirmation.includes(t.confirmationAction)) {
      const list = c.policy.humanConfirmation.map((a) => `'${a}'`).join(", ");
      ctx.addIssue({
        code: "custom",
        path: ["tools", i, "confirmationAction"],
        message: `'${t.confirmationAction}' is not in the policy's human-confirmation actions (${list || "the policy lists none"})`,
      });
    }
  });
  const choice = c.model.tool_choice;
  if (typeof choice === "object" && !tools.some((t) => t.name === choice.name))
    ctx.addIssue({ code: "custom", path: ["model", "tool_choice", "name"], message: `no tool named '${choice.name}' is declared` });
}

/** A body with its cross-field rules checked: what a published version holds. */
export const ValidContractBodySchema = ContractBodySchema.superRefine(refineContract);
export type ContractBody = z.infer<typeof ValidContractBodySchema>;

/** Reads a published version's frozen body (any revision) as a body of this revision (versions/frozen.ts). */
export const FROZEN_BODIES = frozenReader({ format: CONTRACT_FORMAT, body: ValidContractBodySchema, migrations: MIGRATIONS });

/** Published versions and labels (schema/history.ts); optional, so files without it still read. */
export const HistorySchema = historySchema(FROZEN_BODIES);
export type History = z.infer<typeof HistorySchema>;
export type PublishedVersion = History["versions"][number];

/** The file: the draft body plus, optionally, its history. */
export const ContractFileSchema = ContractBodySchema.extend({ history: HistorySchema.optional() });

export const ContractSchema = ContractFileSchema.superRefine(refineContract);

/** A parsed, valid contract. */
export type Contract = z.infer<typeof ContractSchema>;
/** What a file may hold before defaults are filled in. */
export type ContractInput = z.input<typeof ContractSchema>;
