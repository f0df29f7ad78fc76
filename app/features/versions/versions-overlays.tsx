/** Dialogs and overlays of the versions feature, mounted once by the shell. */
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { ConflictDialog } from "../../../components/versions/conflict-dialog.tsx";
import { selectSelectedEntry, studioStore, useStudio } from "../../store/index.ts";
import { PublishDialogContainer } from "./publish-dialog-container.tsx";
import { acceptShareOffer, shareLink } from "./share-link.ts";
import { activeSyncedStorage, resolveConflict, type ConflictChoice } from "./tab-sync.ts";

// The share dialogs are a chunk of their own, fetched when one is first opened; the review's
// views come with the Review tab's chunk, fetched once a review is shown.
const ShareLinkDialog = lazy(() => import("../../../components/versions/share-dialogs.tsx").then((m) => ({ default: m.ShareLinkDialog })));
const ShareOfferDialog = lazy(() => import("../../../components/versions/share-dialogs.tsx").then((m) => ({ default: m.ShareOfferDialog })));
const ReviewFullView = lazy(() => import("./review-tab.tsx").then((m) => ({ default: m.ReviewFullView })));
const PrintableReview = lazy(() => import("./review-tab.tsx").then((m) => ({ default: m.PrintableReview })));

/** Whether the clipboard took the text (false without a clipboard, e.g. an insecure origin). */
function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard) return Promise.resolve(false);
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
}

function ShareLinkContainer() {
  const open = useStudio((s) => s.shareDialogOpen);
  const entry = useStudio(selectSelectedEntry);
  const [withHistory, setWithHistory] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const link = useMemo(() => (open && entry ? shareLink(entry.contract, { history: withHistory }) : ""), [open, entry, withHistory]);
  const copy = () => {
    setCopied(null);
    void copyText(link).then(setCopied);
  };
  // A new link is copied at once; its result replaces the last one's when the clipboard answers.
  useEffect(() => {
    if (link) void copyText(link).then(setCopied);
  }, [link]);
  if (!open || !entry) return null;
  return (
    <Suspense fallback={null}>
      <ShareLinkDialog
        link={link}
        copied={copied}
        withHistory={withHistory}
        onWithHistory={setWithHistory}
        onCopy={copy}
        onClose={() => {
          setCopied(null);
          studioStore.getState().setShareDialogOpen(false);
        }}
      />
    </Suspense>
  );
}

function ShareOfferContainer() {
  const offer = useStudio((s) => s.shareOffer);
  if (!offer) return null;
  const cancel = () => studioStore.getState().setShareOffer(null);
  if (offer.kind === "errors")
    return (
      <Suspense fallback={null}>
        <ShareOfferDialog kind="errors" errors={offer.errors} onCancel={cancel} />
      </Suspense>
    );
  const c = offer.contract;
  const versions = c.history?.versions.length ?? 0;
  const summary = `${c.policy.rules.length} rule${c.policy.rules.length === 1 ? "" : "s"}, ${c.context.items.length} context item${c.context.items.length === 1 ? "" : "s"}, ${c.tests.length} test${c.tests.length === 1 ? "" : "s"}${versions ? `, ${versions} published version${versions === 1 ? "" : "s"}` : ""}.`;
  return (
    <Suspense fallback={null}>
      <ShareOfferDialog
        kind="contract"
        name={c.name}
        id={c.id}
        idTaken={Object.values(studioStore.getState().entries).some((e) => e.contract.id === c.id)}
        summary={summary}
        onImport={() => void acceptShareOffer(studioStore)}
        onCancel={cancel}
      />
    </Suspense>
  );
}

function ConflictContainer() {
  const conflict = useStudio((s) => s.syncConflict);
  const name = useStudio((s) => (s.syncConflict ? (s.entries[s.syncConflict.key]?.contract.name ?? s.syncConflict.theirs.contract.name) : ""));
  if (!conflict) return null;
  const choose = (c: ConflictChoice) => {
    const storage = activeSyncedStorage();
    if (storage) void resolveConflict(studioStore, storage, c);
    else studioStore.getState().setSyncConflict(null);
  };
  return <ConflictDialog name={name} onLoadTheirs={() => choose("theirs")} onKeepMine={() => choose("mine")} onSaveCopy={() => choose("copy")} />;
}

export function VersionsOverlays() {
  // The condition PrintableReview and ReviewFullView show under (either one).
  const reviewing = useStudio((s) => s.sideTab === "review" || s.reviewFull);
  return (
    <>
      <PublishDialogContainer />
      <ShareLinkContainer />
      <ShareOfferContainer />
      <ConflictContainer />
      {reviewing && (
        <Suspense fallback={null}>
          <ReviewFullView />
          <PrintableReview />
        </Suspense>
      )}
    </>
  );
}
