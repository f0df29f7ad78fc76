/** The endpoint profiles dialog: the list on the left, the chosen (or a new) profile's form on the right. */
import { useState } from "react";
import type { EndpointProfile } from "../../contracts/client/profile.ts";
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { ProfileForm, type ProfileFormProps } from "./profile-form.tsx";

export interface ProfilesDialogProps extends Pick<ProfileFormProps, "onSave" | "onTest" | "onModels"> {
  profiles: readonly EndpointProfile[];
  apiKeys: Readonly<Record<string, string>>;
  rememberKeys: Readonly<Record<string, boolean>>;
  models: Readonly<Record<string, string[]>>;
  initialId: string | null;
  onDelete: (id: string) => void;
  onClose: () => void;
}

export function ProfilesDialog(p: ProfilesDialogProps) {
  const [editing, setEditing] = useState<string | null>(
    p.initialId && p.profiles.some((x) => x.id === p.initialId) ? p.initialId : (p.profiles[0]?.id ?? null),
  );
  const current = p.profiles.find((x) => x.id === editing) ?? null;
  return (
    <Dialog title="Endpoint profiles" onClose={p.onClose} wide footer={<Button onClick={p.onClose}>Close</Button>}>
      <div className="grid grid-cols-[11rem_1fr] gap-4">
        <nav aria-label="Profiles" className="space-y-1 border-r border-zinc-200 pr-3 dark:border-zinc-700">
          <ul className="space-y-0.5">
            {p.profiles.map((x) => (
              <li key={x.id}>
                <button
                  type="button"
                  aria-current={x.id === editing ? "true" : undefined}
                  onClick={() => setEditing(x.id)}
                  className={`w-full truncate rounded px-2 py-1 text-left text-sm ${x.id === editing ? "bg-indigo-50 font-medium text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
                >
                  {x.name}
                </button>
              </li>
            ))}
          </ul>
          {p.profiles.length === 0 && <p className="text-xs text-zinc-500">No profiles yet. Fill in the form to add one.</p>}
          <Button size="xs" variant="primary" onClick={() => setEditing(null)}>
            New profile
          </Button>
        </nav>
        <ProfileForm
          key={current?.id ?? "new"}
          profile={current}
          apiKey={current ? (p.apiKeys[current.id] ?? "") : ""}
          remember={current ? !!p.rememberKeys[current.id] : false}
          models={current ? (p.models[current.id] ?? []) : []}
          onTest={p.onTest}
          onModels={p.onModels}
          onSave={(profile, key) => {
            p.onSave(profile, key);
            setEditing(profile.id);
          }}
          onDelete={current ? () => p.onDelete(current.id) : undefined}
        />
      </div>
    </Dialog>
  );
}
