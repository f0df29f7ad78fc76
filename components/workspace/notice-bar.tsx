/** A transient notice with an optional action (Undo). */
import { useEffect } from "react";
import { Button } from "../ui/button.tsx";

export function NoticeBar({ message, actionLabel, onAction, onDismiss }: { message: string; actionLabel?: string; onAction?: () => void; onDismiss: () => void }) {
  useEffect(() => {
    const t = setTimeout(onDismiss, 8000);
    return () => clearTimeout(t);
  }, [message, onDismiss]);
  return (
    <div role="status" className="fixed bottom-4 left-1/2 z-40 flex -translate-x-1/2 items-center gap-3 rounded-lg bg-zinc-900 px-3 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900">
      <span>{message}</span>
      {actionLabel && onAction && (
        <Button size="xs" variant="ghost" className="text-indigo-300 dark:text-indigo-700" onClick={onAction}>
          {actionLabel}
        </Button>
      )}
      <button type="button" aria-label="Dismiss" className="text-zinc-400 hover:text-white dark:hover:text-zinc-900" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
