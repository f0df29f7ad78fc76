/**
 * "Copy as code": the request as curl, TypeScript and Python, with the key as a placeholder.
 * Copy uses the clipboard API and, where that is refused (no permission, http origin), selects
 * the text so the user can press Ctrl/Cmd+C.
 */
import { useRef, useState } from "react";
import { Button } from "../ui/button.tsx";
import { Dialog } from "../ui/dialog.tsx";
import { TabList, tabPanelProps, type TabSpec } from "../ui/tabs.tsx";

export type SnippetLanguage = "curl" | "typescript" | "python";

const TABS: TabSpec<SnippetLanguage>[] = [
  { id: "curl", label: "curl" },
  { id: "typescript", label: "TypeScript" },
  { id: "python", label: "Python" },
];

export function CodeDialog({
  snippets,
  problem,
  note,
  onClose,
}: {
  snippets: Record<SnippetLanguage, string> | null;
  problem?: string;
  note?: string;
  onClose: () => void;
}) {
  const [lang, setLang] = useState<SnippetLanguage>("curl");
  const [copied, setCopied] = useState<"copied" | "selected" | null>(null);
  const ref = useRef<HTMLPreElement>(null);
  const text = snippets?.[lang] ?? "";

  const selectText = () => {
    const el = ref.current;
    const sel = window.getSelection();
    if (!el || !sel) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    sel.removeAllRanges();
    sel.addRange(range);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      selectText();
      setCopied("selected");
    }
  };

  return (
    <Dialog
      title="Copy as code"
      wide
      onClose={onClose}
      footer={
        <>
          {copied && (
            <span role="status" className="mr-auto self-center text-xs text-zinc-500">
              {copied === "copied" ? "Copied to the clipboard." : "The clipboard is not available: the text is selected, press Ctrl/Cmd+C."}
            </span>
          )}
          <Button variant="primary" onClick={() => void copy()} disabled={!snippets}>
            Copy
          </Button>
          <Button onClick={onClose}>Close</Button>
        </>
      }
    >
      {!snippets ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem ?? "Nothing to export yet."}
        </p>
      ) : (
        <div className="space-y-2">
          <TabList
            label="Language"
            prefix="code"
            tabs={TABS}
            selected={lang}
            onSelect={(l) => {
              setLang(l);
              setCopied(null);
            }}
          />
          <div {...tabPanelProps("code", lang)}>
            <pre
              ref={ref}
              aria-label={`${lang} snippet`}
              className="max-h-[45vh] overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs leading-relaxed dark:bg-zinc-800"
            >
              {text}
            </pre>
          </div>
          {note && <p className="text-xs text-zinc-500">{note}</p>}
        </div>
      )}
    </Dialog>
  );
}
