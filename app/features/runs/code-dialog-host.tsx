/** Store-bound "Copy as code": the request Run would send now (or the opened run's), as snippets with a key placeholder. */
import { lazy, Suspense, useMemo } from "react";
import { studioStore, useStudio } from "../../store/index.ts";
import { selectSelectedProfile } from "../../store/endpoints-slice.ts";
import { selectShownRun } from "../../store/runs-slice.ts";
import { planRun } from "../../../contracts/run-case/plan.ts";
import { toCurl, toPython, toTypeScript } from "../../../contracts/code-export.ts";

// The dialog is its own chunk, fetched when it is first opened.
const CodeDialog = lazy(() => import("../../../components/runs/code-dialog.tsx").then((m) => ({ default: m.CodeDialog })));

export function CodeDialogHost() {
  const open = useStudio((s) => s.codeDialogOpen);
  const entry = useStudio((s) => (s.selectedKey ? s.entries[s.selectedKey] : undefined));
  const profile = useStudio(selectSelectedProfile);
  const model = useStudio((s) => s.selectedModel);
  const shown = useStudio((s) => {
    const run = selectShownRun(s);
    return run?.kind === "done" ? run.record.request : run?.kind === "live" ? run.run.request : null;
  });
  // The same plan Run makes (contracts/run-case), from the values this view subscribes to.
  const planned = useMemo(
    () => (!open ? null : entry ? planRun({ contract: entry.contract }, { profile, model }) : { ok: false as const, message: "Open a contract first." }),
    [open, entry, profile, model],
  );
  if (!open || !planned) return null;
  const request = shown ?? (planned.ok ? planned.request : null);
  const target = { baseUrl: profile?.baseUrl ?? "http://127.0.0.1:11434/v1", extraHeaders: profile?.extraHeaders ?? {} };
  return (
    <Suspense fallback={null}>
      <CodeDialog
        snippets={request ? { curl: toCurl(request, target), typescript: toTypeScript(request, target), python: toPython(request, target) } : null}
        problem={planned.ok ? undefined : planned.message}
        note="The API key is a placeholder: set OPENAI_API_KEY in your environment. Keys are never put in snippets."
        onClose={() => studioStore.getState().setCodeDialogOpen(false)}
      />
    </Suspense>
  );
}
