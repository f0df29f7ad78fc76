/**
 * planSuite: the cells a suite runs, decided before anything is sent, as a value the app stores
 * (resume after a reload) and the CLI shards. Targets are resolved here (a label to the version
 * it points at now) and their bodies kept in the plan, so a resume runs exactly what was planned
 * even if the draft or a label moved meanwhile.
 */
import type { ContractError } from "../../errors.ts";
import { effectiveModel } from "../../run-case/plan.ts";
import type { Contract, ContractBody } from "../../schema/contract.ts";
import type { TestCase } from "../../schema/tests.ts";
import { canonicalJson, contentHash } from "../../versions/hash.ts";
import { draftBody, findVersion, findVersionByHash, versionBody } from "../../versions/publish.ts";
import { sha256Hex } from "../../versions/sha256.ts";
import {
  SuiteOptionsSchema,
  type PlannedCase,
  type PlannedEndpoint,
  type PlannedTarget,
  type PlanSuite,
  type SuiteCell,
  type SuitePlan,
  type TargetRef,
} from "./types.ts";

type Resolved = { ok: true; value: PlannedTarget } | { ok: false; error: ContractError };

function resolveTarget(contract: Contract, ref: TargetRef, path: string): Resolved {
  const fail = (message: string): Resolved => ({ ok: false, error: { path, message } });
  const fromVersion = (version: string, name: string): Resolved => {
    const v = findVersion(contract, version);
    if (!v) return fail(`no version ${version} is published`);
    const body = versionBody(v);
    if (!body.ok) return fail(`version ${version} cannot be read: ${body.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    return { ok: true, value: { id: `v${version}`, name, ref, version, contractHash: contentHash(body.value), body: body.value } };
  };
  switch (ref.kind) {
    case "draft": {
      const body = draftBody(contract);
      return { ok: true, value: { id: "draft", name: "draft", ref, version: null, contractHash: contentHash(body), body } };
    }
    case "version":
      return fromVersion(ref.version, ref.version);
    case "hash": {
      const v = findVersionByHash(contract, ref.hash);
      return v ? fromVersion(v.version, v.version) : fail(`no published version has the hash ${ref.hash.slice(0, 12)}…`);
    }
    case "label": {
      const version = contract.history?.labels[ref.label];
      if (!version) {
        const known = Object.keys(contract.history?.labels ?? {});
        return fail(`no label '${ref.label}'${known.length ? ` (labels: ${known.join(", ")})` : " (no labels yet)"}`);
      }
      return fromVersion(version, `${ref.label} (${version})`);
    }
  }
}

/**
 * The stable id of a cell: a hash of everything that decides its request and its checks: the
 * body without its test list (so editing one case leaves the other cells' ids alone), the case
 * itself, where it is sent (profile id, URL, proxy, extra headers), the model and the repeat.
 */
export function cellIdOf(parts: {
  body: ContractBody;
  testCase: TestCase;
  endpoint: PlannedEndpoint;
  model: string;
  repeat: number;
  /** bodyHashOf(body), when the caller has it (planSuite works it out once per target). */
  bodyHash?: string;
}): string {
  const { id, baseUrl, useProxy, extraHeaders } = parts.endpoint.profile;
  const key = canonicalJson({
    body: parts.bodyHash ?? bodyHashOf(parts.body),
    case: parts.testCase,
    endpoint: { id, baseUrl, useProxy, extraHeaders },
    model: parts.model,
    repeat: parts.repeat,
  });
  return `cell-${sha256Hex(key).slice(0, 32)}`;
}

/** The body's part of a cell id: its hash without the test list. */
export function bodyHashOf(body: ContractBody): string {
  return contentHash({ ...body, tests: [] });
}

/** The model a cell asks for: the pair's (or the profile's default), else the target's contract model. */
export function cellModel(target: PlannedTarget, endpoint: PlannedEndpoint): string {
  return effectiveModel(target.body, { profile: endpoint.profile, model: endpoint.model });
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}#${n}`;
  taken.add(id);
  return id;
}

export const planSuite: PlanSuite = (input) => {
  const errors: ContractError[] = [];
  const { contract } = input;
  const repeats = input.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 1000) errors.push({ path: "repeats", message: "must be a whole number from 1 to 1000" });
  const options = SuiteOptionsSchema.safeParse(input.options ?? {});
  if (!options.success) for (const i of options.error.issues) errors.push({ path: ["options", ...i.path].join("."), message: i.message });

  const targets: PlannedTarget[] = [];
  const targetIds = new Set<string>();
  (input.targets ?? [{ kind: "draft" }]).forEach((ref, i) => {
    const r = resolveTarget(contract, ref, `targets[${i}]`);
    if (!r.ok) return errors.push(r.error);
    // The same body asked twice (a label and its version) is run once.
    if (targets.some((t) => t.contractHash === r.value.contractHash && t.version === r.value.version)) return;
    targets.push({ ...r.value, id: uniqueId(r.value.id, targetIds) });
  });
  if (!targets.length && !errors.some((e) => e.path.startsWith("targets"))) errors.push({ path: "targets", message: "choose at least one version to run" });

  const endpoints: PlannedEndpoint[] = [];
  const endpointIds = new Set<string>();
  if (!input.endpoints.length) errors.push({ path: "endpoints", message: "choose at least one endpoint and model" });
  for (const { profile, model } of input.endpoints) {
    const asked = model || profile.defaultModel;
    const id = uniqueId(`${profile.id}/${asked || "contract-model"}`, endpointIds);
    endpoints.push({ id, name: `${profile.name} · ${asked || "the contract's model"}`, profile, model: asked });
  }

  let tests = contract.tests;
  if (input.caseIds) {
    const wanted = new Set(input.caseIds);
    for (const id of wanted) if (!tests.some((t) => t.id === id)) errors.push({ path: "caseIds", message: `no test case '${id}'` });
    tests = tests.filter((t) => wanted.has(t.id));
  }
  if (input.tags) {
    const tags = new Set(input.tags);
    tests = tests.filter((t) => t.tags.some((tag) => tags.has(tag)));
  }
  if (input.splits) {
    const splits = new Set(input.splits);
    tests = tests.filter((t) => splits.has(t.split));
  }
  if (!tests.length && !errors.length) errors.push({ path: "tests", message: "there are no test cases to run (add one, or widen the split or case filter)" });
  const cases: PlannedCase[] = tests.map((t) => ({ id: t.id, name: t.name || t.id, split: t.split, tags: t.tags, testCase: t }));

  for (const target of targets)
    for (const endpoint of endpoints)
      if (!cellModel(target, endpoint))
        errors.push({
          path: "endpoints",
          message: `no model for ${endpoint.profile.name} on ${target.name}: choose one, or set the profile's default or the contract's model`,
        });
  if (errors.length || !options.success) return { ok: false, errors };

  const cells: SuiteCell[] = [];
  // Hashed once per target, not per cell (the body is the same for every case).
  const bodyHashes = new Map(targets.map((t) => [t.id, bodyHashOf(t.body)]));
  for (const c of cases)
    for (const target of targets)
      for (const endpoint of endpoints) {
        const model = cellModel(target, endpoint);
        for (let repeat = 0; repeat < repeats; repeat++)
          cells.push({
            id: cellIdOf({ body: target.body, testCase: c.testCase, endpoint, model, repeat, bodyHash: bodyHashes.get(target.id) }),
            caseId: c.id,
            targetId: target.id,
            endpointId: endpoint.id,
            repeat,
          });
      }
  const createdAt = input.now ?? Date.now();
  const id = input.id ?? `suite-${sha256Hex(canonicalJson({ createdAt, cells: cells.map((c) => c.id) })).slice(0, 16)}`;
  const plan: SuitePlan = {
    format: "contract-studio/suite-plan@1",
    id,
    contractId: contract.id,
    createdAt,
    repeats,
    options: options.data,
    targets,
    endpoints,
    cases,
    cells,
  };
  return { ok: true, value: plan };
};

/** The cells of shard `index` (1-based) of `count`: by cell id, so every cell is in exactly one shard whatever the order. */
export function shardCells(plan: SuitePlan, index: number, count: number): SuiteCell[] {
  return plan.cells.filter((c) => Number.parseInt(c.id.slice(5, 13), 16) % count === index - 1);
}
