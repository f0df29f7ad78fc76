/** Which endpoint profile and model a helper task (generating cases, proposing a fix) asks: picked by the user, defaulting to the top bar's. */
import { useId } from "react";
import { inputClass, labelClass } from "../ui/field.tsx";

export interface ModelChoiceProps {
  profiles: readonly { id: string; name: string }[];
  profileId: string;
  model: string;
  onChange: (profileId: string, model: string) => void;
  disabled?: boolean;
}

export function ModelChoice({ profiles, profileId, model, onChange, disabled }: ModelChoiceProps) {
  const id = useId();
  return (
    <div role="group" aria-label="Model to ask" className="flex flex-wrap items-end gap-2">
      <label className={labelClass} htmlFor={`${id}-p`}>
        Endpoint profile
        <select id={`${id}-p`} className={inputClass} value={profileId} disabled={disabled} onChange={(e) => onChange(e.target.value, model)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass} htmlFor={`${id}-m`}>
        Model
        <input id={`${id}-m`} className={`${inputClass} font-mono`} value={model} disabled={disabled} onChange={(e) => onChange(profileId, e.target.value)} />
      </label>
    </div>
  );
}
