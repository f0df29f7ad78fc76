/**
 * The Tests tab's downloads, the same files `contract export` writes without flags: the
 * promptfoo configuration (contracts/export/promptfoo.ts) and the request bodies the endpoint
 * client sends, one a line (contracts/export/requests.ts). Neither holds a key or a canary:
 * the export never sees the key, and no canary is placed outside a suite. A contract whose
 * cases do not assemble downloads nothing and says which case and why. The export modules
 * load on the first click, not with the page.
 */
import { useState } from "react";
import type { Contract } from "../../contracts/index.ts";
import type { ContractError, Result } from "../../contracts/errors.ts";
import { Button } from "../ui/button.tsx";

/** Saves text as a file through a temporary link. */
function saveFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The request bodies: JSONL of every case's, or the contract's own body when it has no cases. */
async function requestsFile(contract: Contract): Promise<Result<{ name: string; text: string; type: string }>> {
  const { caseRequests, contractRequest, toJsonl } = await import("../../contracts/export/requests.ts");
  if (!contract.tests.length) {
    const own = contractRequest(contract, {});
    return own.ok
      ? { ok: true, value: { name: `${contract.id}.request.json`, text: `${JSON.stringify(own.value, null, 2)}\n`, type: "application/json" } }
      : own;
  }
  const bodies = caseRequests(contract, {});
  return bodies.ok ? { ok: true, value: { name: `${contract.id}.requests.jsonl`, text: toJsonl(bodies.value), type: "application/x-ndjson" } } : bodies;
}

export function CaseExports({ contract }: { contract: Contract }) {
  const [errors, setErrors] = useState<ContractError[] | null>(null);
  const download = (file: Result<{ name: string; text: string; type: string }>) => {
    if (!file.ok) return setErrors(file.errors);
    setErrors(null);
    saveFile(file.value.name, file.value.text, file.value.type);
  };
  return (
    <>
      <Button
        size="xs"
        title="A promptfoo configuration: the cases as tests, every assertion as a promptfoo assertion (run it with promptfoo eval -c FILE)"
        onClick={async () => {
          const { serializePromptfooConfig, toPromptfooConfig } = await import("../../contracts/export/promptfoo.ts");
          const config = toPromptfooConfig(contract);
          download(
            config.ok
              ? { ok: true, value: { name: `${contract.id}.promptfooconfig.json`, text: serializePromptfooConfig(config.value), type: "application/json" } }
              : config,
          );
        }}
      >
        Download promptfoo config
      </Button>
      <Button
        size="xs"
        title="The request body the endpoint client sends for each case, one JSON a line"
        onClick={async () => download(await requestsFile(contract))}
      >
        {contract.tests.length ? "Download OpenAI request bodies (JSONL)" : "Download OpenAI request body"}
      </Button>
      {errors && (
        <p role="alert" className="basis-full text-xs text-red-700 dark:text-red-400">
          Nothing was downloaded: {errors.map((e) => `${e.path}: ${e.message}`).join("; ")}
        </p>
      )}
    </>
  );
}
