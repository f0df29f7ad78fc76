/**
 * Import and export of contract files. An import is parsed completely before anything in the
 * workspace changes: a refused file leaves it exactly as it was; an id that already exists is
 * offered as a copy with a new id, or as a replacement of that contract's draft that keeps its
 * published versions (a git round trip), never overwritten silently.
 */
import { contractFileName, parseContract, serializeContract, type Contract, type ContractError, type Result } from "../../../contracts/index.ts";
import { OFF_THREAD_CHARS, parseContractOffThread } from "./parse-off-thread.ts";
import type { StudioStore } from "../../store/index.ts";
import { uniqueContractId } from "../../store/workspace-slice.ts";
import { replaceKeepingHistory } from "../../../contracts/versions/replace.ts";

export const IMPORT_INPUT_ID = "import-contract-file";

export type ImportPlan = { kind: "refused"; errors: ContractError[] } | { kind: "conflict"; contract: Contract } | { kind: "ok"; contract: Contract };

export function planImport(text: string, existingIds: ReadonlySet<string>): ImportPlan {
  return planParsed(parseContract(text), existingIds);
}

function planParsed(parsed: Result<Contract>, existingIds: ReadonlySet<string>): ImportPlan {
  if (!parsed.ok) return { kind: "refused", errors: parsed.errors };
  return existingIds.has(parsed.value.id) ? { kind: "conflict", contract: parsed.value } : { kind: "ok", contract: parsed.value };
}

/** Runs an import of file text against the store; returns what happened. */
export function importText(store: StudioStore, text: string, fileName: string): ImportPlan {
  return applyImport(store, parseContract(text), fileName);
}

/** Plans against the workspace as it is now (a worker's parse may have taken a while) and applies. */
function applyImport(store: StudioStore, parsed: Result<Contract>, fileName: string): ImportPlan {
  const s = store.getState();
  const ids = new Set(Object.values(s.entries).map((e) => e.contract.id));
  const plan = planParsed(parsed, ids);
  if (plan.kind === "refused") s.setImportDialog({ kind: "errors", fileName, errors: plan.errors });
  else if (plan.kind === "conflict") s.setImportDialog({ kind: "conflict", fileName, contract: plan.contract });
  else {
    s.addContract(plan.contract);
    s.notify({ message: `Imported “${plan.contract.name}”.` });
  }
  return plan;
}

export async function importFile(store: StudioStore, file: File): Promise<ImportPlan> {
  let text: string;
  try {
    text = await file.text();
  } catch {
    const plan: ImportPlan = { kind: "refused", errors: [{ path: "(file)", message: "could not be read" }] };
    store.getState().setImportDialog({ kind: "errors", fileName: file.name, errors: plan.errors });
    return plan;
  }
  // A large file is read and validated in a worker, so the page does not freeze meanwhile.
  if (text.length > OFF_THREAD_CHARS) return applyImport(store, await parseContractOffThread(text), file.name);
  return importText(store, text, file.name);
}

/** Accepts the pending conflicting import as a copy with a fresh id. */
export function importPendingAsCopy(store: StudioStore): void {
  const s = store.getState();
  const d = s.importDialog;
  if (d?.kind !== "conflict") return;
  const id = uniqueContractId(`${d.contract.id}-copy`, s.entries);
  s.addContract({ ...d.contract, id });
  s.setImportDialog(null);
  s.notify({ message: `Imported “${d.contract.name}” as ${id}.` });
}

/**
 * Accepts the pending conflicting import as the new draft of the contract with its id, in
 * place (same entry, so its runs stay with it), with both histories' versions. When the two
 * histories disagree the import is refused with the reasons and nothing changes.
 */
export function importPendingAsReplacement(store: StudioStore): void {
  const s = store.getState();
  const d = s.importDialog;
  if (d?.kind !== "conflict") return;
  const target = Object.values(s.entries).find((e) => e.contract.id === d.contract.id);
  if (!target) return importPendingAsCopy(store);
  const r = replaceKeepingHistory(target.contract, d.contract);
  if (!r.ok) {
    s.setImportDialog({ kind: "errors", fileName: d.fileName, errors: r.errors });
    return;
  }
  s.replaceContract(target.key, r.value.contract);
  s.setImportDialog(null);
  const n = r.value.contract.history?.versions.length ?? 0;
  s.notify({ message: `Replaced “${target.contract.name}” with ${d.fileName}; kept ${n} published version${n === 1 ? "" : "s"}.` });
}

/** Downloads `NAME.contract.json` with the exact serialized bytes. */
export function exportContract(contract: Contract): void {
  const blob = new Blob([serializeContract(contract)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = contractFileName(contract);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function openImportPicker(): void {
  document.getElementById(IMPORT_INPUT_ID)?.click();
}
