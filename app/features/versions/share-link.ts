/**
 * Share links: the contract, compressed, in the URL fragment (`#share=c1.…`), which browsers
 * never send to a server. Opening one OFFERS the import (a dialog); it never replaces a
 * contract, and an id already in the workspace is imported as a copy with a new id.
 */
import { decodeShare, encodeShare, type Contract } from "../../../contracts/index.ts";
import type { StudioStore } from "../../store/index.ts";
import { uniqueContractId } from "../../store/workspace-slice.ts";

export function shareLink(contract: Contract, options: { history?: boolean } = {}, loc: Pick<Location, "origin" | "pathname"> = location): string {
  return `${loc.origin}${loc.pathname}#share=${encodeShare(contract, options)}`;
}

/** True when a URL fragment carries a share payload. */
export const hasShare = (hash: string) => /^#?(?:.*&)?share=/.test(hash);

/**
 * Reads a `#share=` fragment into an offer (or the errors of a corrupt link) and clears the
 * fragment, so a reload does not offer it again. Returns whether a link was found.
 */
export function openShareFromHash(store: StudioStore, hash: string, clearHash: () => void): boolean {
  if (!hasShare(hash)) return false;
  clearHash();
  const decoded = decodeShare(hash);
  const s = store.getState();
  if (!decoded.ok) {
    s.setShareOffer({ kind: "errors", errors: decoded.errors });
    return true;
  }
  const idTaken = Object.values(s.entries).some((e) => e.contract.id === decoded.value.id);
  s.setShareOffer({ kind: "contract", contract: decoded.value, idTaken });
  return true;
}

/** The user accepted the offer: add the contract, under a new id if its id is taken. Never overwrites. */
export function acceptShareOffer(store: StudioStore): string | null {
  const s = store.getState();
  const offer = s.shareOffer;
  if (offer?.kind !== "contract") return null;
  const taken = Object.values(s.entries).some((e) => e.contract.id === offer.contract.id);
  const id = taken ? uniqueContractId(`${offer.contract.id}-copy`, s.entries) : offer.contract.id;
  const key = s.addContract({ ...offer.contract, id });
  s.setShareOffer(null);
  s.notify({ message: taken ? `Imported “${offer.contract.name}” from the link as ${id}.` : `Imported “${offer.contract.name}” from the link.` });
  return key;
}

/** Opens a share link in the current location, now and whenever the fragment changes. */
export function watchShareLinks(store: StudioStore): () => void {
  const clear = () => history.replaceState(null, "", `${location.pathname}${location.search}`);
  openShareFromHash(store, location.hash, clear);
  const onHash = () => void openShareFromHash(store, location.hash, clear);
  window.addEventListener("hashchange", onHash);
  return () => window.removeEventListener("hashchange", onHash);
}
