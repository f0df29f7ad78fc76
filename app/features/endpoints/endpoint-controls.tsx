/** Store-bound endpoint pieces: the top bar's run controls, the profiles dialog, and the live meter's cost. */
import { lazy, Suspense, useMemo } from "react";
import { listModels } from "../../../contracts/client/models.ts";
import { RunControls } from "../../../components/endpoints/run-controls.tsx";
import { studioStore, useStudio } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import { selectRunning } from "../../store/runs-slice.ts";
import { selectTotalTokens } from "../assembly/selectors.ts";
import { selectPromptCount } from "../assembly/server-count.ts";
import { startRun, stopRun } from "../runs/run-controller.ts";

const st = studioStore.getState;

// The profiles dialog (its form and checks) is its own chunk, fetched when it is first opened.
const ProfilesDialog = lazy(() => import("../../../components/endpoints/profiles-dialog.tsx").then((m) => ({ default: m.ProfilesDialog })));

export function EndpointRunControls() {
  const profiles = useStudio((s) => s.profiles);
  const selectedProfileId = useStudio((s) => s.selectedProfileId);
  const model = useStudio((s) => s.selectedModel);
  const discovered = useStudio((s) => (s.selectedProfileId ? s.discoveredModels[s.selectedProfileId] : undefined));
  const defaultModel = useStudio((s) => selectSelectedProfile(s)?.defaultModel ?? "");
  const running = useStudio(selectRunning);
  const hasContract = useStudio((s) => s.selectedKey !== null);
  const models = useMemo(() => [...new Set([...(discovered ?? []), ...(defaultModel ? [defaultModel] : [])])], [discovered, defaultModel]);
  return (
    <RunControls
      profiles={profiles}
      selectedProfileId={selectedProfileId}
      model={model}
      models={models}
      running={running}
      canRun={hasContract}
      onSelectProfile={(id) => st().selectProfile(id)}
      onModel={(m) => st().selectModel(m)}
      onOpenProfiles={() => st().setEndpointsDialogOpen(true)}
      onRun={() => void startRun(studioStore)}
      onStop={() => stopRun()}
    />
  );
}

export function EndpointsDialogHost() {
  const open = useStudio((s) => s.endpointsDialogOpen);
  const profiles = useStudio((s) => s.profiles);
  const apiKeys = useStudio((s) => s.apiKeys);
  const rememberKeys = useStudio((s) => s.rememberKeys);
  const models = useStudio((s) => s.discoveredModels);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <ProfilesDialog
        profiles={profiles}
        apiKeys={apiKeys}
        rememberKeys={rememberKeys}
        models={models}
        initialId={st().selectedProfileId}
        onSave={(profile, key) => {
          st().saveProfile(profile, key);
          st().notify({ message: `Saved profile “${profile.name}”.` });
        }}
        onDelete={(id) => {
          const name = st().profiles.find((p) => p.id === id)?.name ?? "profile";
          if (window.confirm(`Delete the endpoint profile “${name}”?`)) st().deleteProfile(id);
        }}
        onTest={(profile, apiKey) => listModels(profile, apiKey || undefined)}
        onModels={(id, list) => st().setDiscoveredModels(id, list)}
        onClose={() => st().setEndpointsDialogOpen(false)}
      />
    </Suspense>
  );
}

/** The meter's estimated input cost: prompt tokens (the server's own count where it gives one) × the selected profile's input price. */
export function selectEstimatedCost(s: Parameters<typeof selectTotalTokens>[0]): number | null {
  const tokens = selectPromptCount(s)?.tokens ?? selectTotalTokens(s);
  const prices = selectSelectedProfile(s)?.prices;
  return tokens == null || !prices ? null : (tokens * prices.inputPerMTok) / 1e6;
}
