/**
 * A transient notice with an optional action (Undo). It stays 10 s, and the clock stops while
 * the pointer is over it or focus is inside it, so reaching for Undo never races the timer.
 * Colours are fixed pairs with at least 7:1 contrast (zinc-900 on white text, indigo-200
 * action; the dark theme inverts them); the action is not a ghost Button, whose own text
 * colour would win over an override.
 */
import { useEffect, useLayoutEffect, useRef } from "react";

export const NOTICE_MS = 10_000;

export function NoticeBar({
  message,
  actionLabel,
  onAction,
  onDismiss,
}: {
  message: string;
  actionLabel?: string;
  onAction?: () => void;
  onDismiss: () => void;
}) {
  const remaining = useRef(NOTICE_MS);
  const started = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const hovered = useRef(false);
  const focused = useRef(false);
  const dismiss = useRef(onDismiss);
  useLayoutEffect(() => {
    dismiss.current = onDismiss;
  });

  const pause = () => {
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
    remaining.current = Math.max(0, remaining.current - (Date.now() - started.current));
  };
  const resume = () => {
    if (timer.current || hovered.current || focused.current) return;
    started.current = Date.now();
    timer.current = setTimeout(() => dismiss.current(), remaining.current);
  };
  useEffect(() => {
    resume();
    return pause;
  }, []);

  return (
    <div
      role="status"
      aria-label="Notice"
      onMouseEnter={() => {
        hovered.current = true;
        pause();
      }}
      onMouseLeave={() => {
        hovered.current = false;
        resume();
      }}
      onFocus={() => {
        focused.current = true;
        pause();
      }}
      onBlur={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        focused.current = false;
        resume();
      }}
      className="fixed bottom-4 left-1/2 z-40 flex -translate-x-1/2 items-center gap-3 rounded-lg bg-zinc-900 px-3 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
    >
      <span>{message}</span>
      {actionLabel && onAction && (
        <button
          type="button"
          className="rounded px-1.5 py-0.5 text-xs font-semibold text-indigo-200 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-300 dark:text-indigo-800 dark:focus-visible:outline-indigo-700"
          onClick={onAction}
        >
          {actionLabel}
        </button>
      )}
      <button
        type="button"
        aria-label="Dismiss"
        className="rounded px-1 text-zinc-300 hover:text-white dark:text-zinc-600 dark:hover:text-zinc-900"
        onClick={onDismiss}
      >
        ✕
      </button>
    </div>
  );
}
