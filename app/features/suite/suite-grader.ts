/**
 * The rubric grader of a suite in the app: the Suite setup's pick (a profile id and a model)
 * frozen into the plan as the profile itself (profiles hold no key), and, when the suite runs
 * or resumes, the evaluator options with that grader and its key from memory (never stored).
 */
import { graderOptionsFor } from "../../../contracts/eval/grader.ts";
import type { EvaluateOptions } from "../../../contracts/eval/evaluate.ts";
import type { ResponseCache, SuitePlan } from "../../../contracts/eval/suite/types.ts";
import type { EndpointProfile } from "../../../contracts/client/profile.ts";
import type { RunCaseIo } from "../../../contracts/run-case/run-case.ts";

export interface GraderChoice {
  profileId: string;
  /** Empty: the profile's default model. */
  model: string;
}

/** The plan with its grader (or without one when none was picked or the profile is gone). */
export function withGrader(plan: SuitePlan, profiles: readonly EndpointProfile[], choice: GraderChoice | null | undefined): SuitePlan {
  const profile = choice ? profiles.find((p) => p.id === choice.profileId) : undefined;
  return profile ? { ...plan, grader: { profile, model: choice!.model } } : plan;
}

export function graderEvaluateOptions(
  plan: Pick<SuitePlan, "grader">,
  apiKeys: Record<string, string | undefined>,
  io: RunCaseIo | undefined,
  signal?: AbortSignal,
  cache?: ResponseCache,
): EvaluateOptions {
  const keys: Record<string, string | undefined> = {};
  // An empty key field means none (as for the suite's own endpoints).
  for (const [id, key] of Object.entries(apiKeys)) keys[id] = key || undefined;
  return graderOptionsFor(plan, keys, io ?? {}, signal, cache);
}

/** The plan's grader for people: its profile's name and the model it grades with; null without one. */
export function graderLabel(plan: Pick<SuitePlan, "grader">): { name: string; model: string } | null {
  const g = plan.grader;
  return g ? { name: g.profile.name, model: g.model || g.profile.defaultModel } : null;
}
