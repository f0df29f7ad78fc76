/**
 * One endpoint profile's form. The API key is its own field, outside the profile: it is kept
 * in memory for this tab unless "Remember on this device" is ticked. "Test connection" lists
 * the endpoint's models (GET /models) into a picker, or explains why it could not.
 */
import { useId, useState } from "react";
import type { EndpointProfile } from "../../contracts/client/profile.ts";
import type { ListModelsResult } from "../../contracts/client/models.ts";
import { Button } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, TextAreaField, TextField, inputClass, labelClass } from "../ui/field.tsx";
import { EndpointErrorView } from "./endpoint-error.tsx";
import { draftOf, profileFromDraft, type DraftErrors, type ProfileDraft } from "./profile-draft.ts";

export interface ProfileFormProps {
  profile: EndpointProfile | null;
  apiKey: string;
  remember: boolean;
  /** Models found earlier by "Test connection". */
  models: readonly string[];
  onSave: (profile: EndpointProfile, key: { apiKey: string; remember: boolean }) => void;
  onDelete?: () => void;
  onTest: (profile: EndpointProfile, apiKey: string) => Promise<ListModelsResult>;
  onModels: (profileId: string, models: string[]) => void;
}

const err = (m?: string) => (m ? [{ path: "", message: m, severity: "error" as const }] : []);

export function ProfileForm({
  profile,
  apiKey: initialKey,
  remember: initialRemember,
  models: initialModels,
  onSave,
  onDelete,
  onTest,
  onModels,
}: ProfileFormProps) {
  const [d, setD] = useState<ProfileDraft>(() => draftOf(profile));
  const [apiKey, setApiKey] = useState(initialKey);
  const [remember, setRemember] = useState(initialRemember);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [models, setModels] = useState<readonly string[]>(initialModels);
  const [test, setTest] = useState<{ state: "idle" } | { state: "testing" } | { state: "done"; result: ListModelsResult }>({ state: "idle" });
  const keyId = useId();
  const pickId = useId();
  const up =
    <K extends keyof ProfileDraft>(k: K) =>
    (v: ProfileDraft[K]) =>
      setD((x) => ({ ...x, [k]: v }));

  const build = (): EndpointProfile | null => {
    const r = profileFromDraft(d);
    setErrors(r.ok ? {} : r.errors);
    return r.ok ? r.profile : null;
  };

  const runTest = async () => {
    const p = build();
    if (!p) return;
    setTest({ state: "testing" });
    const result = await onTest(p, apiKey);
    setTest({ state: "done", result });
    if (result.ok) {
      setModels(result.models);
      onModels(p.id, result.models);
      if (!d.defaultModel && result.models[0]) setD((x) => ({ ...x, defaultModel: result.models[0]! }));
    }
  };

  return (
    <form
      aria-label={profile ? `Edit profile ${profile.name}` : "New profile"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const p = build();
        if (p) onSave(p, { apiKey: apiKey.trim(), remember });
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        <TextField label="Name" value={d.name} onChange={up("name")} placeholder="Local Ollama" issues={err(errors.name)} />
        <TextField label="Base URL" value={d.baseUrl} onChange={up("baseUrl")} placeholder="http://127.0.0.1:11434/v1" mono issues={err(errors.baseUrl)} />
      </div>
      <div className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
        <label htmlFor={keyId} className={`${labelClass} mb-0.5`}>
          API key (optional)
        </label>
        <input
          id={keyId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder="local servers need none"
        />
        <CheckboxField className="mt-1.5" label="Remember on this device" checked={remember} onChange={setRemember} />
        <p className="mt-0.5 text-xs text-zinc-500">
          Kept apart from contracts and profiles: in memory for this tab only, unless remembered. Never exported, shared, logged or kept in run history.
        </p>
      </div>
      <div className="flex items-end gap-2">
        <TextField className="flex-1" label="Default model" value={d.defaultModel} onChange={up("defaultModel")} mono />
        <Button onClick={() => void runTest()} disabled={test.state === "testing"}>
          {test.state === "testing" ? "Testing…" : "Test connection"}
        </Button>
      </div>
      {test.state === "done" &&
        (test.result.ok ? (
          <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
            Connected: {test.result.models.length} model{test.result.models.length === 1 ? "" : "s"} found.
          </p>
        ) : (
          <EndpointErrorView error={test.result.error} />
        ))}
      {models.length > 0 && (
        <div>
          <label htmlFor={pickId} className={`${labelClass} mb-0.5`}>
            Models on this endpoint
          </label>
          <select
            id={pickId}
            className={inputClass}
            value={models.includes(d.defaultModel) ? d.defaultModel : ""}
            onChange={(e) => up("defaultModel")(e.target.value)}
          >
            <option value="" disabled>
              Pick a model…
            </option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextAreaField label="Extra headers (one per line, Name: value)" value={d.headers} onChange={up("headers")} rows={2} mono issues={err(errors.headers)} />
      <fieldset className="space-y-1">
        <legend className={labelClass}>Capabilities</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          <CheckboxField label="Structured output (json_schema)" checked={d.jsonSchema} onChange={up("jsonSchema")} />
          <CheckboxField label="Streaming" checked={d.streaming} onChange={up("streaming")} />
          <CheckboxField label="Usage in stream" checked={d.usageInStream} onChange={up("usageInStream")} />
        </div>
      </fieldset>
      <div>
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Input price (USD per million tokens)" value={d.inputPrice} onChange={up("inputPrice")} placeholder="e.g. 0.15" />
          <TextField label="Output price (USD per million tokens)" value={d.outputPrice} onChange={up("outputPrice")} placeholder="e.g. 0.60" />
        </div>
        <FieldIssues issues={err(errors.prices)} />
      </div>
      <div className="grid grid-cols-3 gap-3">
        <TextField label="First-byte timeout (s)" value={d.firstByteSec} onChange={up("firstByteSec")} />
        <TextField label="Idle timeout (s)" value={d.idleSec} onChange={up("idleSec")} />
        <TextField label="Retries" value={d.retries} onChange={up("retries")} />
      </div>
      <FieldIssues issues={[...err(errors.timeouts), ...err(errors.retries)]} />
      <div className="space-y-1">
        <CheckboxField label="Send through the app's proxy" checked={d.useProxy} onChange={up("useProxy")} />
        <p className="pl-5 text-xs text-zinc-500">For endpoints that refuse browser origins (CORS): the app's own server on localhost forwards the request.</p>
        <CheckboxField label="Metrics only (keep no request or response bodies in run history)" checked={d.metricsOnly} onChange={up("metricsOnly")} />
      </div>
      <div className="flex gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-700">
        <Button type="submit" variant="primary">
          Save profile
        </Button>
        {onDelete && (
          <Button variant="danger" onClick={onDelete}>
            Delete profile
          </Button>
        )}
      </div>
    </form>
  );
}
