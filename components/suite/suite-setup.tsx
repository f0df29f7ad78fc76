/**
 * What a suite runs: which cases (by split and tag), which versions (the draft, published
 * versions, labels), which endpoint/model pairs, repeats and concurrency, and who grades the
 * rubric assertions (an endpoint profile and a model, or nobody: then they fail as "not
 * graded", and the form says so before the run). Emits the choice on "Run suite"; the app
 * plans it (and says what is wrong, with the field, if it cannot).
 */
import { useState } from "react";
import type { TargetRef } from "../../contracts/eval/suite/types.ts";
import { Button } from "../ui/button.tsx";
import { inputClass, labelClass } from "../ui/field.tsx";

export interface TargetOption {
  key: string;
  label: string;
  ref: TargetRef;
}

export interface ProfileOption {
  id: string;
  name: string;
  defaultModel: string;
}

export interface SuiteChoice {
  targets: TargetRef[];
  endpoints: { profileId: string; model: string }[];
  split: string;
  tag: string;
  repeats: number;
  concurrency: number;
  bypassCache: boolean;
  /** Who grades rubric assertions; null: nobody (they fail as "not graded"). */
  grader: { profileId: string; model: string } | null;
}

export function SuiteSetup({
  targets,
  profiles,
  splits,
  tags,
  caseCount,
  rubricCount = () => 0,
  disabled,
  onRun,
  onPerturb,
}: {
  targets: TargetOption[];
  profiles: ProfileOption[];
  splits: string[];
  tags: string[];
  caseCount: (split: string, tag: string) => number;
  /** How many of the chosen cases have a rubric assertion. */
  rubricCount?: (split: string, tag: string) => number;
  disabled: boolean;
  onRun: (choice: SuiteChoice) => void;
  /** "Perturb": the same choice, run with style variants of each case (first version and endpoint). */
  onPerturb?: (choice: SuiteChoice) => void;
}) {
  const [picked, setPicked] = useState<Set<string>>(() => new Set(targets.length ? [targets[0]!.key] : []));
  const [endpoints, setEndpoints] = useState<Record<string, { on: boolean; model: string }>>({});
  const [split, setSplit] = useState("");
  const [tag, setTag] = useState("");
  const [repeats, setRepeats] = useState(1);
  const [concurrency, setConcurrency] = useState(4);
  const [bypassCache, setBypassCache] = useState(false);
  const [graderId, setGraderId] = useState("");
  const [graderModel, setGraderModel] = useState<string | null>(null);
  const graderProfile = profiles.find((p) => p.id === graderId);
  // The model box starts at the picked profile's default until the user types one.
  const graderModelShown = graderModel ?? graderProfile?.defaultModel ?? "";
  const rubrics = rubricCount(split, tag);
  const endpointOf = (p: ProfileOption, i: number) => endpoints[p.id] ?? { on: i === 0, model: p.defaultModel };
  const chosenEndpoints = profiles.flatMap((p, i) => {
    const e = endpointOf(p, i);
    return e.on ? [{ profileId: p.id, model: e.model }] : [];
  });
  const n = caseCount(split, tag);
  const cells = n * picked.size * chosenEndpoints.length * repeats;

  return (
    <form
      aria-label="Suite setup"
      className="space-y-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        const choice: SuiteChoice = {
          targets: targets.filter((t) => picked.has(t.key)).map((t) => t.ref),
          endpoints: chosenEndpoints,
          split,
          tag,
          repeats,
          concurrency,
          bypassCache,
          grader: graderProfile ? { profileId: graderProfile.id, model: graderModelShown.trim() } : null,
        };
        if (onPerturb && (e.nativeEvent as SubmitEvent).submitter?.getAttribute("name") === "perturb") onPerturb(choice);
        else onRun(choice);
      }}
    >
      <fieldset>
        <legend className={labelClass}>Versions</legend>
        <div className="flex flex-wrap gap-x-3">
          {targets.map((t) => (
            <label key={t.key} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={picked.has(t.key)}
                onChange={(e) =>
                  setPicked((old) => {
                    const next = new Set(old);
                    if (e.target.checked) next.add(t.key);
                    else next.delete(t.key);
                    return next;
                  })
                }
              />
              {t.label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className={labelClass}>Endpoints and models</legend>
        {profiles.length === 0 && <p className="text-xs text-zinc-500">Add an endpoint profile (top bar) to run a suite.</p>}
        {profiles.map((p, i) => {
          const e = endpointOf(p, i);
          return (
            <div key={p.id} className="flex items-center gap-2">
              <label className="inline-flex items-center gap-1">
                <input type="checkbox" checked={e.on} onChange={(ev) => setEndpoints((old) => ({ ...old, [p.id]: { ...e, on: ev.target.checked } }))} />
                {p.name}
              </label>
              <input
                aria-label={`Model for ${p.name}`}
                className={`${inputClass} max-w-56 font-mono text-xs`}
                value={e.model}
                placeholder="the contract's model"
                onChange={(ev) => setEndpoints((old) => ({ ...old, [p.id]: { ...e, model: ev.target.value } }))}
              />
            </div>
          );
        })}
      </fieldset>
      {(rubrics > 0 || graderProfile) && (
        <fieldset>
          <legend className={labelClass}>Grader for rubric assertions</legend>
          <div className="flex flex-wrap items-end gap-2">
            <label className={labelClass}>
              Grader endpoint
              <select
                className={inputClass}
                value={graderId}
                onChange={(e) => {
                  setGraderId(e.target.value);
                  setGraderModel(null);
                }}
              >
                <option value="">none (rubrics are not graded)</option>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            {graderProfile && (
              <label className={labelClass}>
                Grader model
                <input
                  className={`${inputClass} max-w-56 font-mono text-xs`}
                  value={graderModelShown}
                  placeholder="the profile's default model"
                  onChange={(e) => setGraderModel(e.target.value)}
                />
              </label>
            )}
          </div>
          <p className={`mt-0.5 text-xs ${graderProfile ? "text-zinc-500" : "text-amber-700 dark:text-amber-400"}`}>
            {graderProfile
              ? `${rubrics} ${rubrics === 1 ? "case has" : "cases have"} a rubric: the grader model scores each answer against it (its prompt is shown in a cell's result; its cost is counted in the suite's cost).`
              : `${rubrics} ${rubrics === 1 ? "case has" : "cases have"} a rubric assertion. Without a grader they are not graded: they fail, saying so.`}
          </p>
        </fieldset>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <label className={labelClass}>
          Split
          <select className={inputClass} value={split} onChange={(e) => setSplit(e.target.value)}>
            <option value="">all splits</option>
            {splits.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Tag
          <select className={inputClass} value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">any tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Repeats
          <input
            className={`${inputClass} w-16`}
            type="number"
            min={1}
            max={50}
            value={repeats}
            onChange={(e) => setRepeats(Math.max(1, Number(e.target.value) || 1))}
          />
        </label>
        <label className={labelClass}>
          Concurrency
          <input
            className={`${inputClass} w-16`}
            type="number"
            min={1}
            max={64}
            value={concurrency}
            onChange={(e) => setConcurrency(Math.max(1, Number(e.target.value) || 1))}
          />
        </label>
        <label className="inline-flex items-center gap-1 text-xs">
          <input type="checkbox" checked={bypassCache} onChange={(e) => setBypassCache(e.target.checked)} />
          Bypass the response cache
        </label>
        {onPerturb && (
          <Button
            type="submit"
            name="perturb"
            className="ml-auto"
            disabled={disabled || cells === 0}
            title="Each case and 8 style variants of its text values, on the first picked version and endpoint"
          >
            Perturb ({n} {n === 1 ? "case" : "cases"} × 8 styles)
          </Button>
        )}
        <Button type="submit" variant="primary" className={onPerturb ? "" : "ml-auto"} disabled={disabled || cells === 0}>
          Run suite ({cells} {cells === 1 ? "cell" : "cells"})
        </Button>
      </div>
    </form>
  );
}
