// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { exampleContracts } from "../../../contracts/examples/index.ts";
import { encodeShare } from "../../../contracts/index.ts";
import { resetStudioStore, studioStore } from "../../store/index.ts";
import { VersionsOverlays } from "./versions-overlays.tsx";
import { acceptShareOffer, openShareFromHash, shareLink } from "./share-link.ts";

const s = () => studioStore.getState();
const [triage, grounded] = exampleContracts();

describe("share links", () => {
  beforeEach(() => {
    resetStudioStore();
    s().hydrate({ entries: { k0: { key: "k0", contract: triage!, revision: 3, updatedAt: 0 } }, order: ["k0"], selectedKey: "k0", broken: [] });
  });
  afterEach(cleanup);

  it("builds a link on this page whose fragment carries the contract", () => {
    const link = shareLink(triage!, {}, { origin: "http://127.0.0.1:5391", pathname: "/studio/" });
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:5391\/studio\/#share=c1\.[\w-]+$/);
  });

  it("opening a link offers the import, clears the fragment, and adds nothing until accepted", () => {
    const clear = vi.fn();
    expect(openShareFromHash(studioStore, `#share=${encodeShare(grounded!)}`, clear)).toBe(true);
    expect(clear).toHaveBeenCalledOnce();
    expect(s().shareOffer).toMatchObject({ kind: "contract", idTaken: false, contract: { id: "grounded-answer" } });
    expect(s().order).toEqual(["k0"]);
    acceptShareOffer(studioStore);
    expect(s().order).toHaveLength(2);
    expect(s().entries[s().selectedKey!]!.contract.id).toBe("grounded-answer");
    expect(s().shareOffer).toBeNull();
  });

  it("never overwrites: a contract whose id exists comes in as a copy, the original untouched", () => {
    const edited = { ...triage!, name: "Shared triage" };
    openShareFromHash(studioStore, `#share=${encodeShare(edited)}`, () => {});
    expect(s().shareOffer).toMatchObject({ kind: "contract", idTaken: true });
    const original = s().entries.k0;
    acceptShareOffer(studioStore);
    expect(s().entries.k0).toBe(original);
    const added = s().entries[s().selectedKey!]!;
    expect(added.key).not.toBe("k0");
    expect(added.contract).toMatchObject({ id: "support-triage-copy", name: "Shared triage" });
  });

  it("a corrupt link lists its errors and imports nothing; a fragment without share is ignored", () => {
    expect(openShareFromHash(studioStore, "#tab=policy", () => {})).toBe(false);
    openShareFromHash(studioStore, "#share=c1.@@@", () => {});
    expect(s().shareOffer).toMatchObject({ kind: "errors", errors: [{ path: "(link)", message: expect.stringContaining("damaged") }] });
    expect(s().order).toEqual(["k0"]);
  });

  it("the dialog offers Import as new contract or Cancel; Cancel imports nothing", async () => {
    openShareFromHash(studioStore, `#share=${encodeShare(triage!)}`, () => {});
    render(<VersionsOverlays />);
    // The dialog is a lazily loaded chunk, so it appears after a tick.
    const dialog = await screen.findByRole("dialog", { name: "Import a shared contract?" });
    expect(dialog.textContent).toContain("imported as a copy with a new id");
    expect(screen.getByRole("button", { name: "Import as new contract" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(s().shareOffer).toBeNull();
    expect(s().order).toEqual(["k0"]);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
